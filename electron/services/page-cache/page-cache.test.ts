/**
 * The page cache with the real client and the project's server, in a temp folder per test:
 * reopening costs no requests, a refresh refetches, an unfinished walk continues, queries and
 * connections are kept apart, no secret reaches the disk, the size stays bounded, and a damaged
 * file costs a refetch, not a failure.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  startTaxiiServer,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import type { Page } from '../../../shared/taxii/page';
import type { ConnectionOptions } from '../taxii/options';
import { TaxiiClient } from '../taxii/client';
import { PageCache } from './page-cache';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

describe('the page cache', () => {
  let srv: RunningTaxiiServer;
  let dir: string;
  let cache: PageCache;
  let seed: string;
  let allIds: string[];
  const clients: TaxiiClient[] = [];

  const open = (options: ConnectionOptions = {}, key?: string): TaxiiClient => {
    const c = new TaxiiClient(options);
    c.useCache(cache, key);
    clients.push(c);
    return c;
  };
  const objectRequests = (): number => srv.requests.filter((r) => r.endpoint === 'objects').length;
  async function walk(
    client: TaxiiClient,
    filters = { limit: 20 },
    mode?: 'use' | 'refresh' | 'off',
    stopAfter?: number,
  ): Promise<Page<{ id: string }>[]> {
    const pages: Page<{ id: string }>[] = [];
    for await (const p of client.objectPages(seed, filters, mode ? { cache: mode } : {})) {
      pages.push(p);
      if (stopAfter !== undefined && pages.length >= stopAfter) break;
    }
    return pages;
  }
  const ids = (pages: Page<{ id: string }>[]): string[] =>
    pages.flatMap((p) => p.items.map((o) => o.id));

  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    seed = srv.collectionUrl('api1', 'seed');
    const plain = new TaxiiClient();
    const pages: Page<{ id: string }>[] = [];
    for await (const p of plain.objectPages(seed, { limit: 50 })) pages.push(p);
    allIds = ids(pages);
    await plain.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taxiway-cache-'));
    cache = new PageCache({ dir });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('serves a reopened collection from disk, with no request', async () => {
    const first = await walk(open());
    expect(ids(first)).toEqual(allIds);
    expect(first.every((p) => p.fromCache === undefined)).toBe(true);
    const before = objectRequests();
    const again = await walk(open());
    expect(objectRequests()).toBe(before);
    expect(ids(again)).toEqual(allIds);
    expect(again.every((p) => typeof p.fromCache === 'string')).toBe(true);
    expect(again.map((p) => p.notes)).toEqual(first.map((p) => p.notes));
  });

  it('refetches everything on a refresh, and stores the new pages', async () => {
    await walk(open());
    const before = objectRequests();
    const fresh = await walk(open(), { limit: 20 }, 'refresh');
    expect(objectRequests() - before).toBe(fresh.length);
    expect(fresh.every((p) => p.fromCache === undefined)).toBe(true);
    const before2 = objectRequests();
    await walk(open());
    expect(objectRequests()).toBe(before2);
  });

  it('continues a walk left unfinished from where it stopped', async () => {
    const part = await walk(open(), { limit: 20 }, 'use', 2);
    expect(ids(part)).toEqual(allIds.slice(0, 40));
    const before = srv.requests.length;
    const rest = await walk(open());
    const asked = srv.requests.slice(before).filter((r) => r.endpoint === 'objects');
    expect(rest.slice(0, 2).every((p) => p.fromCache)).toBe(true);
    expect(ids(rest)).toEqual(allIds);
    expect(asked.length).toBe(rest.length - 2);
    expect(asked[0]?.path).toMatch(/next=/);
  });

  it('hands out at most maxPages pages, stored or fetched, and stays resumable', async () => {
    const client = open();
    const firstTwo: Page<{ id: string }>[] = [];
    for await (const p of client.objectPages(seed, { limit: 20 }, { maxPages: 2 }))
      firstTwo.push(p);
    expect(ids(firstTwo)).toEqual(allIds.slice(0, 40));
    const again: Page<{ id: string }>[] = [];
    for await (const p of open().objectPages(seed, { limit: 20 }, { maxPages: 3 })) again.push(p);
    expect(again.map((p) => p.fromCache !== undefined)).toEqual([true, true, false]);
    expect(ids(again)).toEqual(allIds.slice(0, 60));
  });

  it('keeps queries and connections apart, and can be bypassed', async () => {
    await walk(open());
    const before = objectRequests();
    const other = await walk(open(), { limit: 20, type: ['indicator'] } as never);
    expect(objectRequests()).toBeGreaterThan(before);
    expect(other.every((p) => p.fromCache === undefined)).toBe(true);
    const b2 = objectRequests();
    await walk(open({}, 'another-profile'));
    expect(objectRequests()).toBeGreaterThan(b2);
    const b3 = objectRequests();
    const off = await walk(open(), { limit: 20 }, 'off');
    expect(objectRequests() - b3).toBe(off.length);
    expect((await cache.walks()).length).toBe(3);
  });

  it('never writes a secret to disk', async () => {
    const secure = srv.collectionUrl('secure', 'secure-feed');
    const { username, password } = DEMO_CREDENTIALS.basic;
    const client = open({
      auth: { kind: 'basic', username, password },
      headers: { 'X-Tenant': 'tenant-secret-55aa' },
      secretHeaders: ['X-Tenant'],
      query: { token: 'query-secret-99bb' },
    });
    const pages = [];
    for await (const p of client.objectPages(secure, { limit: 20 })) pages.push(p);
    expect(pages.length).toBeGreaterThan(1);
    const files = await filesUnder(dir);
    expect(files.length).toBeGreaterThan(pages.length);
    const text = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
    for (const secret of [
      password,
      Buffer.from(`${username}:${password}`).toString('base64'),
      'tenant-secret-55aa',
      'query-secret-99bb',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(files.join('\n')).not.toContain(username);
  });

  it('stays within its size limit by dropping the least recently used queries', async () => {
    await walk(open());
    const one = await cache.size();
    cache = new PageCache({ dir, maxBytes: Math.floor(one * 1.5) });
    await walk(open(), { limit: 20, version: ['all'] } as never);
    await walk(open(), { limit: 20, type: ['indicator'] } as never);
    expect(await cache.size()).toBeLessThanOrEqual(cache.maxBytes);
    const left = await cache.walks();
    expect(left.map((w) => w.meta.filters)).not.toContain('[]');
    const before = objectRequests();
    await walk(open()); // the first query was dropped: fetched again
    expect(objectRequests()).toBeGreaterThan(before);
  });

  it('serves a query from disk whatever page size it is asked with now', async () => {
    await walk(open());
    const before = objectRequests();
    expect(ids(await walk(open(), { limit: 35 }))).toEqual(allIds);
    expect(objectRequests()).toBe(before);
  });

  it('refetches what a damaged file held, without failing', async () => {
    await walk(open());
    const files = (await filesUnder(dir)).filter((f) => f.endsWith('page-000002.json'));
    expect(files).toHaveLength(1);
    await writeFile(files[0] as string, '{ not json');
    const before = objectRequests();
    const again = await walk(open());
    expect(ids(again)).toEqual(allIds);
    expect(again.slice(0, 2).every((p) => p.fromCache)).toBe(true);
    expect(objectRequests() - before).toBe(again.length - 2);
  });
});

describe('the page cache after writes', () => {
  let srv: RunningTaxiiServer;
  let dir: string;
  let client: TaxiiClient;
  let publishUrl: string;
  const indicator = (n: number) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
    created: '2025-06-01T00:00:00.000Z',
    modified: '2025-06-01T00:00:00.000Z',
    pattern: `[domain-name:value = 'cache${n}.example']`,
    pattern_type: 'stix',
    valid_from: '2025-06-01T00:00:00.000Z',
  });
  async function read(): Promise<{ ids: string[]; fromCache: boolean }> {
    const pages: Page<{ id: string }>[] = [];
    for await (const p of client.objectPages(publishUrl, { limit: 10 })) pages.push(p);
    return {
      ids: pages.flatMap((p) => p.items.map((o) => o.id)).sort(),
      fromCache: pages.some((p) => p.fromCache !== undefined),
    };
  }

  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, seed: false, statusDelayMs: 0 });
    publishUrl = srv.collectionUrl('api1', 'publish');
    dir = await mkdtemp(join(tmpdir(), 'taxiway-cache-writes-'));
    client = new TaxiiClient();
    client.useCache(new PageCache({ dir }), 'profile-1');
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('forgets a collection’s pages after a publish and after a delete, so no stale view returns', async () => {
    const { publish } = await import('../taxii/publish');
    await publish(
      client,
      publishUrl,
      { objects: [indicator(1), indicator(2)] },
      { poll: { initialDelayMs: 10 } },
    );
    const first = await read();
    expect(first.ids).toEqual([indicator(1).id, indicator(2).id]);
    expect((await read()).fromCache).toBe(true);

    await publish(
      client,
      publishUrl,
      { objects: [indicator(3)] },
      { poll: { initialDelayMs: 10 } },
    );
    const afterPublish = await read();
    expect(afterPublish.fromCache).toBe(false);
    expect(afterPublish.ids).toContain(indicator(3).id);

    expect((await read()).fromCache).toBe(true);
    await client.deleteObject(publishUrl, indicator(1).id, { version: ['all'] });
    const afterDelete = await read();
    expect(afterDelete.fromCache).toBe(false);
    expect(afterDelete.ids).not.toContain(indicator(1).id);
  });

  it('keeps the pages of other collections when one collection is written to', async () => {
    const seedLike = srv.collectionUrl('api1', 'publish').replace(/[^/]+\/$/, 'unrelated/');
    const scope = new PageCache({ dir }).scope({
      connection: 'x',
      origins: [srv.origin],
      auth: 'none',
    });
    const key = {
      endpoint: 'objects' as const,
      url: seedLike,
      filters: {},
      version: '2.1' as const,
    };
    await scope.put(key, 0, { items: [], more: false, notes: [], url: seedLike }, undefined);
    expect(await scope.invalidateUnder(publishUrl)).toBe(0);
    expect(await scope.meta(key)).toBeDefined();
    expect(await scope.invalidateUnder(seedLike)).toBe(1);
    expect(await scope.meta(key)).toBeUndefined();
  });
});
