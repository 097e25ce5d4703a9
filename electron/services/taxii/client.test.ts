/**
 * Every TAXII operation, filter and paging mode against the project's server: 2.1 over HTTP and
 * over HTTPS (pinned), and 2.0 over HTTP. Expected values come from the server's answers to
 * other requests (e.g. a filtered page against an unfiltered walk), never from constants.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  COLLECTIONS,
  DUAL_SPEC_ID,
  SPEC20_ONLY_ID,
  startTaxiiServer,
  VERSIONED_INDICATOR_ID,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import { buildSeedFeed } from '../../../e2e/server/seed-data';
import type { StixObject } from '../../../shared/taxii/resources';
import { compareTimestamps, oneUnitBefore } from '../../../shared/taxii/timestamps';
import { TaxiiClient } from './client';
import type { ConnectionOptions } from './options';
import { collect, expectAppError } from '../../../e2e/support/taxii';

/**
 * The seed feed as a TAXII 2.1 server lists it by default, read straight from the seed data:
 * the latest version of each object in its latest spec_version (TAXII 2.1 §3.4.1, §5.4), in
 * date_added order. Objects without spec_version are 2.0 when they carry created/modified.
 */
function seedListing(): string[] {
  const spec = (o: StixObject): string =>
    typeof o.spec_version === 'string' ? o.spec_version : o.created ? '2.0' : '2.1';
  const version = (o: StixObject): string => String(o.modified ?? o.created ?? '');
  const latest = new Map<string, { object: StixObject; micros: number }>();
  for (const item of buildSeedFeed()) {
    const prev = latest.get(item.object.id);
    const newer =
      !prev ||
      spec(item.object) > spec(prev.object) ||
      (spec(item.object) === spec(prev.object) &&
        Date.parse(version(item.object)) > Date.parse(version(prev.object)));
    if (newer) latest.set(item.object.id, item);
  }
  return [...latest.values()]
    .sort((a, b) => a.micros - b.micros)
    .map(({ object }) => `${object.id} ${version(object)}`);
}

const modes = [
  { name: 'TAXII 2.1 over HTTP', tls: false },
  { name: 'TAXII 2.1 over HTTPS with a pinned certificate', tls: true },
] as const;

describe.each(modes)('$name', ({ tls }) => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  let seed: string;
  let all: StixObject[];

  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, tls, statusDelayMs: 0 });
    client = new TaxiiClient(tls ? { tls: { pinSha256: srv.fingerprint256 } } : {});
    seed = srv.collectionUrl('api1', 'seed');
    all = await collect(client.objectPages(seed, { limit: 50 }));
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  it('discovers 2.1 from the server address, resolving relative API roots', async () => {
    const d = await client.discover(srv.origin);
    expect(d.version).toBe('2.1');
    expect(d.url).toBe(srv.discoveryUrl);
    expect(d.value.apiRoots).toEqual([
      srv.rootUrl('api1'),
      srv.rootUrl('secure'),
      srv.rootUrl('tiny'),
    ]);
    expect(d.value.default).toBe(srv.rootUrl('api1'));
    expect(d.value.discovery.api_roots?.[0]).toBe('/api1/');
    expect(d.notes).toEqual([]);
  });

  it('reads the API root, the collections and one collection', async () => {
    const root = await client.apiRoot(srv.rootUrl('tiny'));
    expect(root).toMatchObject({
      version: '2.1',
      value: { max_content_length: 16384, versions: ['application/taxii+json;version=2.1'] },
    });
    const cols = await client.collections(srv.rootUrl('api1'));
    expect(cols.value.map((c) => c.id)).toContain(COLLECTIONS.seed.id);
    const seedInfo = cols.value.find((c) => c.id === COLLECTIONS.seed.id);
    const one = await client.collection(seed);
    expect(one.value).toEqual(seedInfo);
    expect(one.value).toMatchObject({ can_read: true, can_write: false, alias: 'demo-feed' });
  });

  it('pages with limit and next, exposing the date headers', async () => {
    const first = await client.objects(seed, { limit: 7 });
    expect(first.items).toHaveLength(7);
    expect(first.more).toBe(true);
    expect(first.next).toBeTruthy();
    expect(first.dateAddedFirst).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(
      compareTimestamps(first.dateAddedLast as string, first.dateAddedFirst as string),
    ).toBeGreaterThanOrEqual(0);
    const second = await client.objects(seed, { limit: 7, next: first.next });
    expect(second.items.map((o) => o.id)).toEqual(all.slice(7, 14).map((o) => o.id));
    const last = srv.requests.at(-1)?.path ?? '';
    expect(last).toContain('limit=7');
    expect(last).toContain(`next=${encodeURIComponent(first.next as string)}`);
  });

  it('walks exactly the seed feed: the latest version of each object, in date_added order', () => {
    expect(all.map((o) => `${o.id} ${String(o.modified ?? o.created ?? '')}`)).toEqual(
      seedListing(),
    );
  });

  it('walks every page once, in order, with no duplicates', async () => {
    const ids = all.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const manifest = await collect(client.manifestPages(seed, { limit: 40 }));
    expect(manifest.map((r) => r.id)).toEqual(ids);
    // A record's version is the object's modified (else created); SCOs have neither (STIX 2.1 §3.2).
    manifest.forEach((r, i) => {
      const o = all[i] as StixObject;
      if (o.modified ?? o.created) expect(r.version).toBe(o.modified ?? o.created);
    });
    const dates = manifest.map((r) => r.date_added as string);
    expect([...dates].sort(compareTimestamps)).toEqual(dates);
  });

  it('filters by several types, several ids, and spec versions', async () => {
    const types = await collect(
      client.objectPages(seed, { type: ['indicator', 'malware'], limit: 25 }),
    );
    expect(types.length).toBe(
      all.filter((o) => o.type === 'indicator' || o.type === 'malware').length,
    );
    expect(types.length).toBeGreaterThan(0);
    const picked = [all[3], all[10], all[20]].map((o) => (o as StixObject).id);
    const byId = await client.objects(seed, { id: picked });
    expect(byId.items.map((o) => o.id).sort()).toEqual([...picked].sort());
    const query = decodeURIComponent(srv.requests.at(-1)?.path ?? '');
    expect(query).toContain(`match[id]=${picked.join(',')}`);

    const v20 = await client.objects(seed, {
      id: [DUAL_SPEC_ID, SPEC20_ONLY_ID],
      specVersion: ['2.0'],
    });
    expect(v20.items.map((o) => o.id).sort()).toEqual([DUAL_SPEC_ID, SPEC20_ONLY_ID].sort());
    expect(v20.items.every((o) => o.spec_version === undefined || o.spec_version === '2.0')).toBe(
      true,
    );
    const latest = await client.objects(seed, { id: [DUAL_SPEC_ID] });
    expect(latest.items).toHaveLength(1);
    expect(latest.items[0]?.spec_version).toBe('2.1');
    const both = await client.objects(seed, {
      id: [DUAL_SPEC_ID],
      specVersion: ['2.0', '2.1'],
      version: ['all'],
    });
    expect(both.items.map((o) => o.spec_version ?? '2.0').sort()).toEqual(['2.0', '2.1']);
  });

  it('selects versions: first, last, all, an exact one, and several', async () => {
    const versions = await collect(client.versionPages(seed, VERSIONED_INDICATOR_ID));
    expect(versions.length).toBeGreaterThanOrEqual(3);
    const sorted = [...versions].sort(compareTimestamps);
    const modifiedOf = async (version: string[]): Promise<string[]> =>
      (await client.objects(seed, { id: [VERSIONED_INDICATOR_ID], version })).items
        .map((o) => o.modified as string)
        .sort(compareTimestamps);
    expect(await modifiedOf(['first'])).toEqual([sorted[0]]);
    expect(await modifiedOf(['last'])).toEqual([sorted.at(-1)]);
    expect(await modifiedOf(['all'])).toEqual(sorted);
    expect(await modifiedOf([sorted[1] as string])).toEqual([sorted[1]]);
    expect(await modifiedOf(['first', sorted[1] as string, 'last'])).toEqual([
      sorted[0],
      sorted[1],
      sorted.at(-1),
    ]);
    const manifestAll = await client.manifest(seed, {
      id: [VERSIONED_INDICATOR_ID],
      version: ['all'],
    });
    expect(manifestAll.items.map((r) => r.version as string).sort(compareTimestamps)).toEqual(
      sorted,
    );
  });

  it('gets one object by id, with version filters and paging', async () => {
    const latest = await client.object(seed, VERSIONED_INDICATOR_ID);
    expect(latest.items).toHaveLength(1);
    const every = await collect(
      client.objectByIdPages(seed, VERSIONED_INDICATOR_ID, { version: ['all'], limit: 1 }),
    );
    const versions = (await client.versions(seed, VERSIONED_INDICATOR_ID)).items;
    expect(every.map((o) => o.modified as string).sort(compareTimestamps)).toEqual(
      [...versions].sort(compareTimestamps),
    );
    expect(latest.items[0]?.modified).toBe([...versions].sort(compareTimestamps).at(-1));
    await expectAppError(
      client.object(seed, 'indicator--00000000-0000-4000-8000-000000000000'),
      'NOT_FOUND',
    );
  });

  it('keeps only items added after a timestamp, echoing it verbatim', async () => {
    const manifest = await collect(client.manifestPages(seed));
    const pivot = manifest[Math.floor(manifest.length / 2)]?.date_added as string;
    const after = await collect(client.manifestPages(seed, { addedAfter: pivot, limit: 30 }));
    expect(after.length).toBe(
      manifest.filter((r) => compareTimestamps(r.date_added as string, pivot) > 0).length,
    );
    expect(after.every((r) => compareTimestamps(r.date_added as string, pivot) > 0)).toBe(true);
    expect(
      srv.requests.some(
        (r) =>
          r.path.includes(`added_after=${encodeURIComponent(pivot)}`) ||
          r.path.includes(`added_after=${pivot}`),
      ),
    ).toBe(true);
  });

  it('continues from X-TAXII-Date-Added-Last when the server gives no next', async () => {
    srv.setQuirks(['more-without-next']);
    try {
      const pages = [];
      for await (const page of client.objectPages(seed, { limit: 40 })) pages.push(page);
      const items = pages.flatMap((p) => p.items);
      expect(items.map((o) => o.id)).toEqual(all.map((o) => o.id));
      expect(pages[0]?.notes.map((n) => n.code)).toContain('ADDED_AFTER_FALLBACK');
      const paths = srv.requests.filter((r) => r.endpoint === 'objects').map((r) => r.path);
      const second = decodeURIComponent(paths.at(-pages.length + 1) ?? '');
      // One microsecond before it: added_after is a strict ">" and ties must not be skipped.
      expect(second).toContain(`added_after=${oneUnitBefore(pages[0]?.dateAddedLast ?? '')}`);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('follows a next that stays the same on every page (a session, like medallion’s) to the end, without calling it a loop', async () => {
    srv.setQuirks(['session-next']);
    try {
      const before = srv.requests.length;
      const pages = [];
      for await (const page of client.objectPages(seed, { limit: 10 })) pages.push(page);
      expect(pages.flatMap((p) => p.items.map((o) => o.id))).toEqual(all.map((o) => o.id));
      expect(pages.flatMap((p) => p.notes.map((n) => n.code))).toEqual([]);
      const tokens = srv.requests
        .slice(before)
        .filter((r) => r.endpoint === 'objects')
        .map((r) => new URL(r.path, 'https://x').searchParams.get('next'));
      expect(tokens[0]).toBeNull();
      expect(tokens.length).toBe(pages.length);
      expect(new Set(tokens.slice(1)).size).toBe(1);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('gets past a repeating page with added_after, nothing lost or repeated, and says so', async () => {
    srv.setQuirks(['repeating-page'], { repeatAfterPages: 2 });
    try {
      const pages = [];
      for await (const page of client.objectPages(seed, { limit: 10 })) pages.push(page);
      expect(pages.flatMap((p) => p.items.map((o) => o.id))).toEqual(all.map((o) => o.id));
      expect(pages.flatMap((p) => p.notes.map((n) => n.code))).toContain('NEXT_LOOPED');
    } finally {
      srv.setQuirks([]);
    }
  });

  it('stops with PAGING_LOOP on a repeating page when told to, after handing over the good ones', async () => {
    srv.setQuirks(['repeating-page'], { repeatAfterPages: 2 });
    try {
      const received: string[] = [];
      const run = (async () => {
        for await (const page of client.objectPages(seed, { limit: 10 }, { onLoop: 'stop' }))
          received.push(...page.items.map((o) => o.id));
      })();
      const err = await expectAppError(run, 'PAGING_LOOP');
      expect(err.message).toMatch(/the same next token it was given/);
      expect(received).toEqual(all.slice(0, received.length).map((o) => o.id));
      expect(received.length).toBeGreaterThanOrEqual(20);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('restarts from the last date_added when the server answers 404 to its own next', async () => {
    // Some servers forget an expired paging session with 404 rather than 400.
    srv.setFaults([{ kind: 'status', status: 404, endpoint: 'objects', after: 1, times: 1 }]);
    try {
      const pages = [];
      for await (const page of client.objectPages(seed, { limit: 40 })) pages.push(page);
      expect(pages.flatMap((p) => p.items.map((o) => o.id))).toEqual(all.map((o) => o.id));
      expect(pages[1]?.notes.map((n) => n.code)).toContain('NEXT_EXPIRED');
      const paths = srv.requests.filter((r) => r.endpoint === 'objects').map((r) => r.path);
      const restart = new URL(paths.at(-pages.length + 1) ?? '', 'http://x').searchParams;
      expect(restart.get('next')).toBeNull();
      expect(restart.get('added_after')).toBe(oneUnitBefore(pages[0]?.dateAddedLast ?? ''));
    } finally {
      srv.setFaults([]);
    }
  });

  it('hands over the first page at once and aborts the next request when the caller stops', async () => {
    srv.setFaults([{ kind: 'latency', ms: 4000, endpoint: 'objects', after: 1 }]);
    try {
      const started = Date.now();
      let seen = 0;
      const before = srv.requests.length;
      const objectsRequests = () =>
        srv.requests.slice(before).filter((r) => r.endpoint === 'objects');
      for await (const page of client.objectPages(seed, { limit: 10 })) {
        seen += page.items.length;
        // Meanwhile the second page is requested (and held up by the server)…
        await vi.waitFor(() => expect(objectsRequests()).toHaveLength(2));
        break;
      }
      expect(seen).toBe(10);
      expect(Date.now() - started).toBeLessThan(2000);
      // …and abandoned when the loop stops: the connection closes while the server still waits,
      // so when its delay would have ended there is nobody to answer.
      const second = objectsRequests()[1];
      await vi.waitFor(() => expect(second?.ended).toBeDefined(), { timeout: 8000 });
      expect(second?.ended).toBe('abandoned');
      expect(second?.status).toBe(0);
    } finally {
      srv.setFaults([]);
    }
  });

  it('stops paging when the caller cancels', async () => {
    srv.setFaults([{ kind: 'latency', ms: 4000, endpoint: 'objects', after: 1 }]);
    const controller = new AbortController();
    try {
      const iterator = client.objectPages(
        seed,
        { limit: 10 },
        { signal: controller.signal, prefetch: false },
      );
      const pages: number[] = [];
      const run = (async () => {
        for await (const page of iterator) {
          pages.push(page.items.length);
          setTimeout(() => controller.abort(), 50);
        }
      })();
      await expectAppError(run, 'CANCELLED');
      expect(pages).toEqual([10]);
    } finally {
      srv.setFaults([]);
    }
  });

  it('notes a page larger than the limit and keeps every item', async () => {
    srv.setFaults([{ kind: 'oversized-page', endpoint: 'objects', times: 1 }]);
    const page = await client.objects(seed, { limit: 5 });
    expect(page.items.length).toBeGreaterThan(5);
    expect(page.notes.map((n) => n.code)).toContain('LIMIT_EXCEEDED');
    srv.setFaults([]);
  });

  it('publishes, reads the status, deletes with an explicit match[version], and lists versions', async () => {
    const publishUrl = srv.collectionUrl('api1', 'publish');
    const obj = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--6b1e8f0a-3c5d-4e7f-9a1b-2c3d4e5f6a7b',
      created: '2024-03-01T00:00:00.000Z',
      modified: '2024-03-01T00:00:00.000Z',
      pattern: "[domain-name:value = 'example.test']",
      pattern_type: 'stix',
      valid_from: '2024-03-01T00:00:00Z',
    };
    const newer = { ...obj, modified: '2024-03-02T00:00:00.000Z' };
    const posted = await client.postObjects(publishUrl, JSON.stringify({ objects: [obj, newer] }));
    expect(posted.value).toMatchObject({ total_count: 2 });
    const status = await client.status(srv.rootUrl('api1'), posted.value.id);
    expect(status.value.id).toBe(posted.value.id);
    expect(status.value.status).toBe('complete');
    expect(status.value.successes?.map((d) => d.version).sort()).toEqual([
      obj.modified,
      newer.modified,
    ]);
    expect((await client.versions(publishUrl, obj.id)).items.sort()).toEqual([
      obj.modified,
      newer.modified,
    ]);

    await client.deleteObject(publishUrl, obj.id, { version: [obj.modified] });
    expect(decodeURIComponent(srv.requests.at(-1)?.path ?? '')).toContain(
      `match[version]=${obj.modified}`,
    );
    expect((await client.versions(publishUrl, obj.id)).items).toEqual([newer.modified]);
    await client.deleteObject(publishUrl, obj.id, { version: ['all'] });
    await expectAppError(client.versions(publishUrl, obj.id), 'NOT_FOUND');
    await expectAppError(client.deleteObject(publishUrl, obj.id, { version: [] }), 'INVALID_INPUT');
  });

  it('answers an empty page as {} with more false', async () => {
    const empty = await client.objects(srv.collectionUrl('api1', 'publish'), {
      type: ['no-such-type'],
    });
    expect(empty).toMatchObject({ items: [], more: false });
    expect(empty.next).toBeUndefined();
  });
});

const modes20 = [
  { name: 'TAXII 2.0 over HTTP', tls: false },
  { name: 'TAXII 2.0 over HTTPS with a pinned certificate', tls: true },
] as const;

describe.each(modes20)('$name', ({ tls }) => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  let seed: string;
  const conn = (): ConnectionOptions => (tls ? { tls: { pinSha256: srv.fingerprint256 } } : {});
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, tls });
    client = new TaxiiClient(conn());
    seed = srv.collectionUrl('api20', 'api20-seed');
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  it('discovers 2.0 at /taxii/ and detects it from the API root', async () => {
    const d = await client.discover(srv.discovery20Url);
    expect(d.version).toBe('2.0');
    expect(d.value.apiRoots).toEqual([srv.rootUrl('api20')]);
    const fresh = new TaxiiClient(conn());
    expect((await fresh.apiRoot(srv.rootUrl('api20'))).version).toBe('2.0');
    expect(await fresh.versionFor(seed)).toBe('2.0');
    await fresh.close();
  });

  it('falls back to /taxii/ when asked to discover 2.0 only', async () => {
    const forced = new TaxiiClient({ ...conn(), taxiiVersion: '2.0' });
    const d = await forced.discover(srv.origin);
    expect(d).toMatchObject({ version: '2.0', url: srv.discovery20Url });
    await forced.close();
  });

  it('pages objects with Range items and Content-Range, following to the end', async () => {
    const pages = [];
    for await (const p of client.objectPages(seed, { limit: 40 })) pages.push(p);
    const total = pages[0]?.range?.total as number;
    expect(total).toBeGreaterThan(40);
    expect(pages.flatMap((p) => p.items)).toHaveLength(total);
    expect(pages.map((p) => p.range?.first)).toEqual(pages.map((_, i) => i * 40));
    const ranges = srv.requests.filter((r) => r.endpoint === 'objects').map((r) => r.headers.range);
    expect(ranges.slice(0, 2)).toEqual(['items=0-39', 'items=40-79']);
    expect(srv.requests.find((r) => r.endpoint === 'objects')?.headers.accept).toBe(
      'application/vnd.oasis.stix+json; version=2.0',
    );
  });

  it('retries a rejected Range with the spec example form and keeps using it', async () => {
    const fresh = new TaxiiClient(conn());
    srv.setFaults([{ kind: 'status', status: 400, endpoint: 'objects', times: 1 }]);
    const page = await fresh.objects(seed, { limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.notes.map((n) => n.code)).toContain('RANGE_SPACE_FORM');
    await fresh.objects(seed, { limit: 5, next: '5' });
    const ranges = srv.requests
      .filter((r) => r.endpoint === 'objects')
      .slice(-3)
      .map((r) => r.headers.range);
    expect(ranges).toEqual(['items=0-4', 'items 0-4', 'items 5-9']);
    await fresh.close();
    srv.setFaults([]);
  });

  it('treats 416 as the end', async () => {
    const page = await client.objects(seed, { limit: 10, next: '100000' });
    expect(page).toMatchObject({ items: [], more: false });
  });

  it('filters by type, id and version', async () => {
    const all = await collect(client.objectPages(seed, { limit: 100 }));
    const indicators = await collect(
      client.objectPages(seed, { type: ['indicator', 'malware'], limit: 100 }),
    );
    expect(indicators.length).toBe(
      all.filter((o) => o.type === 'indicator' || o.type === 'malware').length,
    );
    const versions = await client.objects(seed, { id: [VERSIONED_INDICATOR_ID], version: ['all'] });
    expect(versions.items.length).toBeGreaterThanOrEqual(3);
    const first = await client.objects(seed, { id: [VERSIONED_INDICATOR_ID], version: ['first'] });
    expect(first.items[0]?.modified).toBe(
      versions.items.map((o) => o.modified as string).sort(compareTimestamps)[0],
    );
    await expectAppError(client.objects(seed, { specVersion: ['2.1'] }), 'INVALID_INPUT');
  });

  it('normalises manifest entries into one record per version', async () => {
    const records = await collect(
      client.manifestPages(seed, { id: [VERSIONED_INDICATOR_ID], version: ['all'] }),
    );
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(new Set(records.map((r) => r.id))).toEqual(new Set([VERSIONED_INDICATOR_ID]));
    expect(records.every((r) => typeof r.version === 'string')).toBe(true);
    const versions = await client.versions(seed, VERSIONED_INDICATOR_ID);
    expect([...versions.items].sort()).toEqual(records.map((r) => r.version).sort());
  });

  it('gets one object as a bundle and lists collections through Range paging', async () => {
    const one = await client.object(seed, VERSIONED_INDICATOR_ID, { version: ['all'] });
    expect(one.items.length).toBeGreaterThanOrEqual(3);
    const cols = await client.collections(srv.rootUrl('api20'));
    expect(cols.value.map((c) => c.id).sort()).toEqual(
      [COLLECTIONS['api20-seed'].id, COLLECTIONS['api20-publish'].id].sort(),
    );
    expect(srv.requests.filter((r) => r.endpoint === 'collections').at(-1)?.headers.range).toBe(
      'items=0-99',
    );
  });

  it('publishes a bundle and reads the 2.0 status', async () => {
    const url = srv.collectionUrl('api20', 'api20-publish');
    const bundle = {
      type: 'bundle',
      id: 'bundle--8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      spec_version: '2.0',
      objects: [
        {
          type: 'identity',
          id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          created: '2024-01-01T00:00:00.000Z',
          modified: '2024-01-01T00:00:00.000Z',
          name: 'X',
          identity_class: 'organization',
        },
      ],
    };
    const posted = await client.postObjects(url, JSON.stringify(bundle));
    const status = await client.status(srv.rootUrl('api20'), posted.value.id);
    expect(status.value).toMatchObject({
      status: 'complete',
      total_count: 1,
      success_count: 1,
      successes: [{ id: bundle.objects[0]?.id }],
    });
    const req = srv.requests.find((r) => r.method === 'POST');
    expect(req?.headers['content-type']).toBe('application/vnd.oasis.stix+json; version=2.0');
    expect(req?.headers.accept).toBe('application/vnd.oasis.taxii+json; version=2.0');
    // The real reason, not a complaint about match[version] (which 2.0 has no DELETE to take).
    const refused = await expectAppError(
      client.deleteObject(url, bundle.objects[0]?.id as string, { version: ['all'] }),
      'INVALID_INPUT',
    );
    expect(refused.message).toMatch(/^TAXII 2\.0 has no way to delete objects/);
    expect(srv.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('answers NOT_ACCEPTABLE, explained, when 2.1 is forced on a 2.0 root', async () => {
    const forced = new TaxiiClient({ ...conn(), taxiiVersion: '2.1' });
    const err = await expectAppError(forced.objects(seed), 'NOT_ACCEPTABLE');
    expect(err.message).toMatch(/does not speak TAXII 2\.1 at this address/);
    expect(err.wire.hint).toMatch(/TAXII version 2\.0/);
    expect(err.wire.taxii?.title).toBe('Not Acceptable');
    await forced.close();
  });
});
