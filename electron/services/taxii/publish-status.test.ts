/**
 * Following status resources at the client's real defaults (first wait 1 s, doubling, 5 min
 * overall): the server's own behaviour (statuses that stay pending for a number of polls, or
 * answer 404) sets the pace, never a shortened client setting. Timings are read from the
 * server's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';
import { publish, type PublishProgress } from './publish';

function indicator(i: number): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '10.0.0.${i % 250}']`,
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
  };
}

describe('following statuses at the default pace', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  beforeAll(async () => {
    // Each status stays pending for one poll and completes on the next.
    srv = await startTaxiiServer({ mitreDir: null, seed: false, statusPendingPolls: 1 });
    client = new TaxiiClient();
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  it('waits 1 s before the first poll and twice as long before the next', async () => {
    srv.reset();
    const events: PublishProgress[] = [];
    const result = await publish(client, srv.collectionUrl('api1', 'publish'), [indicator(1)], {
      onProgress: (e) => events.push(e),
    });
    expect(result).toMatchObject({ complete: true, counts: { success: 1, pending: 0 } });
    // Each wait is announced before it starts, with what is still pending.
    expect(events.filter((e) => e.phase === 'waiting')).toEqual([
      { phase: 'waiting', pendingRequests: 1, pendingObjects: 1, waitMs: 1000 },
      { phase: 'waiting', pendingRequests: 1, pendingObjects: 1, waitMs: 2000 },
    ]);
    expect(events.at(-1)).toEqual({ phase: 'done', complete: true });
    const post = srv.requests.find((r) => r.method === 'POST');
    const polls = srv.requests.filter((r) => r.endpoint === 'status');
    expect(polls).toHaveLength(2);
    const [first, second] = polls.map((p) => p.at) as [number, number];
    expect(first - (post?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(second - first).toBeGreaterThanOrEqual(2000);
  }, 15_000);

  it('stops following a status the server answers 404 for, after one poll', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'status', status: 404, endpoint: 'status' }]);
    try {
      const started = Date.now();
      const result = await publish(client, srv.collectionUrl('api1', 'publish'), [indicator(2)]);
      expect(result.requests[0]?.expired).toBe(true);
      expect(result.complete).toBe(true);
      expect(result.counts).toMatchObject({ unknown: 1, pending: 0 });
      expect(srv.requests.filter((r) => r.endpoint === 'status')).toHaveLength(1);
      // One wait of 1 s, not the 5-minute overall limit.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      srv.setFaults([]);
    }
  }, 15_000);

  it('merges several requests into a status that is pending while any of them is', async () => {
    srv.reset();
    const objects = [indicator(3), indicator(4), indicator(5)];
    const oneObjectBytes = JSON.stringify({ objects: [objects[0]] }).length + 64;
    const result = await publish(client, srv.collectionUrl('api1', 'publish'), objects, {
      wait: false,
      maxContentLength: oneObjectBytes,
    });
    const posts = srv.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(result.requests.map((r) => r.status.status)).toEqual(['pending', 'pending', 'pending']);
    expect(result.status).toMatchObject({ status: 'pending', total_count: 3, pending_count: 3 });
    expect(result.status.x_taxiway_status_ids).toEqual(result.requests.map((r) => r.statusId));
    expect(result.status.id).toBe(result.requests[0]?.statusId);
    expect(result.status.pendings?.map((p) => p.id)).toEqual(objects.map((o) => o.id));
    expect(result.status.request_timestamp).toBe(result.requests[0]?.status.request_timestamp);
    expect(result.status.request_timestamp).toBeDefined();
    expect(result.complete).toBe(false);
    expect(result.objects.map((o) => [o.outcome, o.request])).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['pending', 3],
    ]);
  });

  it('sizes requests by the smaller of its own limit and the API root’s', async () => {
    srv.reset();
    const tiny = srv.collectionUrl('tiny', 'tiny');
    const prepared = async (url: string, maxContentLength?: number) => {
      const events: PublishProgress[] = [];
      await publish(client, url, [indicator(8)], {
        wait: false,
        ...(maxContentLength !== undefined ? { maxContentLength } : {}),
        onProgress: (e) => events.push(e),
      });
      return events.find((e) => e.phase === 'prepared');
    };
    // The tiny root's max_content_length is 16384 bytes.
    expect(await prepared(tiny)).toEqual({
      phase: 'prepared',
      objects: 1,
      requests: 1,
      maxBytes: 16384,
    });
    expect(await prepared(tiny, 1_000_000)).toMatchObject({ maxBytes: 16384 });
    expect(await prepared(tiny, 9000)).toMatchObject({ maxBytes: 9000 });
    expect(await prepared(tiny, 0)).toMatchObject({ maxBytes: 16384 });
  });

  it('merges failures and successes of several requests in order', async () => {
    srv.reset();
    const broken = { type: 'indicator', id: 'indicator--nope' } as unknown as StixObject;
    const objects = [indicator(9), broken, indicator(10)];
    const oneObjectBytes = JSON.stringify({ objects: [objects[0]] }).length + 64;
    const result = await publish(client, srv.collectionUrl('api1', 'publish'), objects, {
      validate: false,
      maxContentLength: oneObjectBytes,
    });
    expect(result.status).toMatchObject({
      status: 'complete',
      total_count: 3,
      success_count: 2,
      failure_count: 1,
      pending_count: 0,
    });
    expect(result.status.failures?.map((f) => f.id)).toEqual(['indicator--nope']);
    expect(result.status.pendings).toBeUndefined();
    expect(result.objects.map((o) => o.outcome)).toEqual(['success', 'failure', 'success']);
    expect(result.counts).toEqual({
      total: 3,
      success: 2,
      failure: 1,
      pending: 0,
      unknown: 0,
      unchanged: 0,
    });
  }, 15_000);

  it('merges a status that is complete only once every request is', async () => {
    srv.reset();
    const objects = [indicator(6), indicator(7)];
    const oneObjectBytes = JSON.stringify({ objects: [objects[0]] }).length + 64;
    const result = await publish(client, srv.collectionUrl('api1', 'publish'), objects, {
      maxContentLength: oneObjectBytes,
    });
    expect(result.requests).toHaveLength(2);
    expect(result.status).toMatchObject({
      status: 'complete',
      total_count: 2,
      success_count: 2,
      failure_count: 0,
      pending_count: 0,
    });
    expect(result.status.successes?.map((s) => s.id)).toEqual(objects.map((o) => o.id));
  }, 15_000);
});
