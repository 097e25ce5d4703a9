/** Publishing: reading and checking input, splitting, progress, following statuses, outcomes. */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';
import { publish, type PublishProgress } from './publish';
import { expectAppError } from '../../../e2e/support/taxii';

function indicator(i: number, extra: Record<string, unknown> = {}): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    name: `Indicator ${i} — “Grüße” 🛰️`,
    pattern: `[ipv4-addr:value = '10.0.0.${i % 250}']`,
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

const bundleText = (objects: StixObject[]): string =>
  JSON.stringify(
    { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects },
    null,
    2,
  );
const fastPoll = { initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 10_000 };

describe('publishing', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, seed: false, statusDelayMs: 150 });
    client = new TaxiiClient();
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  it('says unchanged for an exact duplicate, from the status or from the manifest', async () => {
    srv.reset();
    const url = srv.collectionUrl('api1', 'publish');
    const first = [indicator(11), indicator(12)];
    const added = await publish(client, url, bundleText(first), { poll: fastPoll });
    expect(added.counts).toMatchObject({ success: 2, unchanged: 0 });
    expect(added.objects.map((o) => o.unchanged)).toEqual([undefined, undefined]);
    // The same two again, plus a new one and a new version of one of them.
    const again = [
      ...first,
      indicator(13),
      indicator(11, { modified: '2024-02-01T00:00:00.000Z' }),
    ];
    const byStatus = await publish(client, url, bundleText(again), {
      poll: fastPoll,
      checkExisting: false,
    });
    expect(byStatus.objects.map((o) => [o.outcome, o.unchanged ?? false])).toEqual([
      ['success', true],
      ['success', true],
      ['success', false],
      ['success', false],
    ]);
    expect(byStatus.counts).toMatchObject({ success: 4, unchanged: 2 });
    // A server whose status says nothing about duplicates: the manifest read before tells.
    srv.setQuirks(['quiet-statuses']);
    try {
      const quiet = await publish(client, url, bundleText([...again, indicator(14)]), {
        poll: fastPoll,
      });
      expect(quiet.objects.every((o) => o.message === undefined)).toBe(true);
      expect(quiet.objects.map((o) => o.unchanged ?? false)).toEqual([
        true,
        true,
        true,
        true,
        false,
      ]);
      expect(quiet.counts).toMatchObject({ total: 5, success: 5, unchanged: 4 });
    } finally {
      srv.setQuirks([]);
    }
  });

  it('posts an envelope, reports progress, and waits until nothing is pending', async () => {
    srv.reset();
    const events: PublishProgress[] = [];
    const objects = [indicator(1), indicator(2), indicator(3)];
    const result = await publish(
      client,
      srv.collectionUrl('api1', 'publish'),
      bundleText(objects),
      { poll: fastPoll, onProgress: (e) => events.push(e) },
    );
    expect(result).toMatchObject({
      version: '2.1',
      complete: true,
      counts: { total: 3, success: 3, failure: 0, pending: 0, unknown: 0 },
    });
    expect(result.status).toMatchObject({ status: 'complete', total_count: 3, success_count: 3 });
    expect(result.objects.map((o) => [o.id, o.version, o.outcome])).toEqual(
      objects.map((o) => [o.id, o.modified, 'success']),
    );
    expect(events.map((e) => e.phase)).toEqual([
      'prepared',
      'uploading',
      'uploaded',
      'waiting',
      ...events.slice(4).map((e) => e.phase),
    ]);
    expect(events[1]).toMatchObject({
      phase: 'uploading',
      request: 1,
      of: 1,
      objects: 3,
      ids: objects.map((o) => o.id),
    });
    expect(events[2]).toMatchObject({
      phase: 'uploaded',
      request: 1,
      of: 1,
      status: 'pending',
      statusId: result.requests[0]?.statusId,
    });
    expect(result.notes).toEqual([]);
    expect(events.at(-1)).toEqual({ phase: 'done', complete: true });
    const post = srv.requests.find((r) => r.method === 'POST');
    expect(post?.headers['content-type']).toBe('application/taxii+json;version=2.1');
    expect(Number(post?.headers['content-length'])).toBe((events[1] as { bytes: number }).bytes);
    expect(srv.requests.filter((r) => r.endpoint === 'status').length).toBeGreaterThanOrEqual(1);
  });

  it('splits below the API root max_content_length and merges the outcomes', async () => {
    srv.reset();
    const objects = Array.from({ length: 60 }, (_, i) =>
      indicator(100 + i, { description: 'ü'.repeat(400) }),
    );
    const result = await publish(client, srv.collectionUrl('tiny', 'tiny'), objects, {
      poll: fastPoll,
    });
    expect(result.requests.length).toBeGreaterThan(1);
    const posts = srv.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(result.requests.length);
    for (const p of posts) expect(Number(p.headers['content-length'])).toBeLessThan(16384);
    expect(posts.map((p) => Number(p.headers['content-length']))).toEqual(
      result.requests.map((r) => r.bytes),
    );
    expect(result.counts).toEqual({
      total: 60,
      success: 60,
      failure: 0,
      pending: 0,
      unknown: 0,
      unchanged: 0,
    });
    expect(result.status.total_count).toBe(60);
    expect(result.status.x_taxiway_status_ids).toEqual(result.requests.map((r) => r.statusId));
    expect(new Set(result.objects.map((o) => o.request)).size).toBe(result.requests.length);
  });

  it('refuses an object too large for the API root before sending anything', async () => {
    srv.reset();
    const err = await expectAppError(
      publish(client, srv.collectionUrl('tiny', 'tiny'), [
        indicator(1, { description: 'x'.repeat(17_000) }),
      ]),
      'INVALID_INPUT',
    );
    expect(err.message).toContain(indicator(1).id);
    expect(srv.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('refuses broken or invalid input before sending anything', async () => {
    srv.reset();
    const broken = await expectAppError(
      publish(client, srv.collectionUrl('api1', 'publish'), '{"type": "bundle",\n "objects": [}', {
        source: 'upload.json',
      }),
      'INVALID_BUNDLE',
    );
    expect(broken.message).toMatch(/^Upload\.json is not valid JSON: .* line 2, column 14/);
    const invalid = await expectAppError(
      publish(client, srv.collectionUrl('api1', 'publish'), [
        indicator(1, { created: 'yesterday' }),
      ]),
      'INVALID_BUNDLE',
    );
    expect(invalid.wire.where).toBe('$[0].created');
    await expectAppError(
      publish(
        client,
        srv.collectionUrl('api1', 'publish'),
        '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}',
      ),
      'INVALID_BUNDLE',
    );
    expect(srv.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('says which input holds no objects', async () => {
    srv.reset();
    const empty =
      '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}';
    const named = await expectAppError(
      publish(client, srv.collectionUrl('api1', 'publish'), empty, { source: 'feed.json' }),
      'INVALID_BUNDLE',
    );
    expect(named.message).toBe('Feed.json holds no objects; there is nothing to publish.');
    expect(named.wire.hint).toBe('Check that this is the file you meant.');
    const unnamed = await expectAppError(
      publish(client, srv.collectionUrl('api1', 'publish'), empty),
      'INVALID_BUNDLE',
    );
    expect(unnamed.message).toMatch(/^The bundle holds no objects/);
    expect(srv.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('reports per-object failures with the server’s message', async () => {
    srv.reset();
    const result = await publish(
      client,
      srv.collectionUrl('api1', 'publish'),
      [indicator(1), { type: 'indicator', id: 'indicator--nope' }],
      { validate: false, poll: fastPoll },
    );
    expect(result.counts).toMatchObject({ success: 1, failure: 1 });
    const failed = result.objects.find((o) => o.outcome === 'failure');
    expect(failed).toMatchObject({ id: 'indicator--nope', message: expect.any(String) });
  });

  it('reports a status that expires while being followed', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'status', status: 404, endpoint: 'status' }]);
    try {
      const result = await publish(client, srv.collectionUrl('api1', 'publish'), [indicator(7)], {
        poll: fastPoll,
      });
      expect(result.requests[0]?.expired).toBe(true);
      expect(result.objects[0]).toMatchObject({
        outcome: 'unknown',
        message: expect.stringMatching(/expired/),
      });
      const note = result.notes.find((n) => n.code === 'STATUS_EXPIRED');
      expect(note?.message).toBe(
        `Status ${result.requests[0]?.statusId} answered 404 while still pending: the server expired or forgot it, so the outcome of its 1 object(s) is unknown.`,
      );
      expect(result.complete).toBe(true);
    } finally {
      srv.setFaults([]);
    }
  });

  it('can skip waiting, and can be cancelled while waiting', async () => {
    srv.reset();
    const quick = await publish(client, srv.collectionUrl('api1', 'publish'), [indicator(8)], {
      wait: false,
    });
    expect(quick).toMatchObject({ complete: false, counts: { pending: 1 } });
    const controller = new AbortController();
    const run = publish(client, srv.collectionUrl('api1', 'publish'), [indicator(9)], {
      poll: { initialDelayMs: 5000 },
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'waiting') controller.abort();
      },
    });
    const err = await expectAppError(run, 'CANCELLED');
    expect(err.message).toBe('Publishing was cancelled.');
    expect(err.wire.hint).toBe('Objects already sent stay on the server.');
  });

  it('stops a wait that has begun as soon as it is cancelled', async () => {
    srv.reset();
    const controller = new AbortController();
    const run = publish(client, srv.collectionUrl('api1', 'publish'), [indicator(17)], {
      poll: { initialDelayMs: 60_000 },
      signal: controller.signal,
      onProgress: (e) => {
        // After this callback returns, the wait starts; the abort comes once it has.
        if (e.phase === 'waiting') queueMicrotask(() => controller.abort());
      },
    });
    const err = await expectAppError(run, 'CANCELLED');
    expect(err.message).toBe('Publishing was cancelled.');
  });

  it('leaves no listener on the caller’s signal once it is done', async () => {
    srv.reset();
    const controller = new AbortController();
    await publish(client, srv.collectionUrl('api1', 'publish'), [indicator(18)], {
      poll: fastPoll,
      signal: controller.signal,
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stops at once when cancelled after the upload, before the first wait begins', async () => {
    srv.reset();
    const controller = new AbortController();
    const phases: string[] = [];
    const run = publish(client, srv.collectionUrl('api1', 'publish'), [indicator(10)], {
      poll: { initialDelayMs: 60_000 },
      signal: controller.signal,
      onProgress: (e) => {
        phases.push(e.phase);
        if (e.phase === 'uploaded') controller.abort();
      },
    });
    await expectAppError(run, 'CANCELLED');
    expect(phases).toEqual(['prepared', 'uploading', 'uploaded', 'waiting']);
    expect(srv.requests.filter((r) => r.endpoint === 'status')).toHaveLength(0);
  });

  it('sends nothing, not even the checks, when cancelled before it starts', async () => {
    srv.reset();
    const fresh = new TaxiiClient();
    const controller = new AbortController();
    controller.abort();
    try {
      await expectAppError(
        publish(fresh, srv.collectionUrl('api1', 'publish'), [indicator(11)], {
          signal: controller.signal,
        }),
        'CANCELLED',
      );
      expect(srv.requests).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('stops between requests when cancelled, the earlier ones staying sent', async () => {
    srv.reset();
    const objects = [indicator(12), indicator(13)];
    const controller = new AbortController();
    const run = publish(client, srv.collectionUrl('api1', 'publish'), objects, {
      maxContentLength: JSON.stringify({ objects: [objects[0]] }).length + 64,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'uploaded') controller.abort();
      },
    });
    const err = await expectAppError(run, 'CANCELLED');
    expect(err.message).toBe('Publishing was cancelled.');
    expect(srv.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('says the collection URL is what it cannot read', async () => {
    const err = await expectAppError(
      publish(client, 'http://[oops', [indicator(14)]),
      'INVALID_INPUT',
    );
    expect(err.message).toBe('The collection URL is not a valid URL.');
  });

  it('does not call a pending object unchanged, even when the collection holds it', async () => {
    srv.reset();
    const url = srv.collectionUrl('api1', 'publish');
    await publish(client, url, [indicator(15)], { poll: fastPoll });
    const again = await publish(client, url, [indicator(15)], { wait: false });
    expect(again.objects).toEqual([
      {
        id: indicator(15).id,
        version: indicator(15).modified,
        type: 'indicator',
        name: indicator(15).name,
        outcome: 'pending',
        request: 1,
      },
    ]);
    expect(again.counts).toMatchObject({ pending: 1, unchanged: 0 });
  });

  it('fails with the server’s error when following a status fails otherwise than 404', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'status', status: 403, endpoint: 'status' }]);
    try {
      await expectAppError(
        publish(client, srv.collectionUrl('api1', 'publish'), [indicator(16)], { poll: fastPoll }),
        'FORBIDDEN',
      );
    } finally {
      srv.setFaults([]);
    }
  });

  it('publishes a bundle to a TAXII 2.0 collection', async () => {
    srv.reset();
    const obj = {
      type: 'identity',
      id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: 'X',
      identity_class: 'organization',
    };
    const result = await publish(client, srv.collectionUrl('api20', 'api20-publish'), [obj], {
      poll: fastPoll,
    });
    expect(result).toMatchObject({ version: '2.0', complete: true, counts: { success: 1 } });
    const body = srv.requests.find((r) => r.method === 'POST');
    expect(body?.headers['content-type']).toBe('application/vnd.oasis.stix+json; version=2.0');
  });
});

describe('publishing to a slow server', () => {
  it('stops waiting after the overall limit and reports what is still pending', async () => {
    const slow = await startTaxiiServer({ mitreDir: null, seed: false, statusDelayMs: 60_000 });
    const client = new TaxiiClient();
    try {
      const result = await publish(
        client,
        slow.collectionUrl('api1', 'publish'),
        [indicator(1), indicator(2)],
        { poll: { initialDelayMs: 50, timeoutMs: 300 } },
      );
      expect(result).toMatchObject({ complete: false, counts: { pending: 2, success: 0 } });
      expect(result.notes.find((n) => n.code === 'STATUS_WAIT_TIMEOUT')?.message).toBe(
        'Stopped waiting after 0 s; 1 request(s) were still pending on the server.',
      );
    } finally {
      await client.close();
      await slow.close();
    }
  });
});

describe('publishing when one status expires and another stays pending', () => {
  it('is not complete while a request that did not expire is still pending', async () => {
    // Every status stays pending for 5 polls; the first poll of the first one answers 404.
    const srv = await startTaxiiServer({ mitreDir: null, seed: false, statusPendingPolls: 5 });
    const client = new TaxiiClient();
    try {
      srv.setFaults([{ kind: 'status', status: 404, endpoint: 'status', times: 1 }]);
      const objects = [indicator(20), indicator(21)];
      const result = await publish(client, srv.collectionUrl('api1', 'publish'), objects, {
        maxContentLength: JSON.stringify({ objects: [objects[0]] }).length + 64,
        // Two polls at most fit in the limit, fewer than the five the server wants.
        poll: { initialDelayMs: 20, maxDelayMs: 40, timeoutMs: 60 },
      });
      expect(result.requests.map((r) => [r.expired ?? false, r.status.status])).toEqual([
        [true, 'pending'],
        [false, 'pending'],
      ]);
      expect(result.complete).toBe(false);
      expect(result.objects.map((o) => o.outcome)).toEqual(['unknown', 'pending']);
      expect(result.notes.map((n) => n.code)).toEqual(['STATUS_EXPIRED', 'STATUS_WAIT_TIMEOUT']);
    } finally {
      await client.close();
      await srv.close();
    }
  });
});
