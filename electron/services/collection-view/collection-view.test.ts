/**
 * Collection views against the project's TAXII server over real HTTP on loopback, with a real
 * page cache in a temp folder: first page at the connection's page size, load all with every date
 * added joined, windows in any order, find in descriptions, counts, one object back, cancel mid-walk
 * and resume, two views of one collection, and freshness of cached pages (a new object is seen and
 * the view says checked; with the server stopped, cached pages are said to be not checked).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import type { ViewStateT } from '../../../shared/contract/views';
import { PageCache } from '../page-cache';
import { TaxiiClient } from '../taxii';
import { CHECKING } from './freshness';
import { CollectionViews, type ViewHandle } from './index';

type Json = Record<string, unknown>;

describe('collection views', () => {
  let srv: RunningTaxiiServer;
  let dir: string;
  let views: CollectionViews;
  let seed: Json[];
  const listeners = new Set<(h: ViewHandle) => void>();
  const clients: TaxiiClient[] = [];

  const client = (cache?: PageCache): TaxiiClient => {
    const c = new TaxiiClient({});
    if (cache) c.useCache(cache, 'test');
    clients.push(c);
    return c;
  };
  const source = (c: TaxiiClient, url: string, pageSize = 100, lifetime = 60_000) => ({
    client: c,
    collectionUrl: url,
    filters: {},
    pageSize,
    cacheLifetimeMs: lifetime,
  });
  /** Resolves once the view's progress satisfies `done` (checked at once, then on every event). */
  const until = (viewId: string, done: (s: ViewStateT) => boolean): Promise<ViewStateT> =>
    new Promise((resolve) => {
      const check = (h: ViewHandle): void => {
        if (h.viewId === viewId && done(h.state)) {
          listeners.delete(check);
          resolve(h.state);
        }
      };
      listeners.add(check);
      check(views.handle(viewId));
    });
  const loaded = (s: ViewStateT): boolean =>
    s.phase === 'complete' && s.manifestComplete && s.datesPending === 0;

  async function everything(url: string): Promise<Json[]> {
    const out: Json[] = [];
    for await (const p of client().objectPages(url, { limit: 100 })) out.push(...p.items);
    return out;
  }

  beforeAll(async () => {
    srv = await startTaxiiServer({ port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'taxiway-views-'));
    views = new CollectionViews({
      spillDir: join(dir, 'spill'),
      progressMs: 20,
      onProgress: (h) => {
        for (const l of [...listeners]) l(h);
      },
    });
    seed = await everything(srv.collectionUrl('api1', 'seed'));
  });
  afterEach(() => listeners.clear());
  afterAll(async () => {
    views?.closeAll();
    await Promise.all(clients.map((c) => c.close()));
    await srv?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens with the first page at the connection page size, then loads to the end with every date added', async () => {
    const url = srv.collectionUrl('api1', 'seed');
    const before = srv.requests.length;
    const h = await views.open(source(client(), url, 7));
    expect(h.state.objects).toBe(7);
    expect(h.state.pageSize).toBe(7);
    const asked = srv.requests.slice(before).filter((r) => r.endpoint === 'objects');
    expect(asked[0]?.path).toContain('limit=7');
    views.more(h.viewId, 'all');
    const s = await until(h.viewId, loaded);
    expect(s.objects).toBe(seed.length);
    expect(s.serverConfirmed).toBe(true);
    expect(s.freshness.kind).toBe('live');
    const w = views.window(h.viewId, { offset: 0, count: 500 });
    expect(w.total).toBe(seed.length);
    expect(w.rows.map((r) => r.id)).toEqual(seed.map((o) => o.id));
    expect(w.rows.every((r) => typeof r.dateAdded === 'string')).toBe(true);
    views.close(h.viewId);
  });

  it('is complete at once when the collection fits in its first page, or is empty', async () => {
    const url = srv.collectionUrl('api1', 'seed');
    const malware = seed.filter((o) => o.type === 'malware').length;
    expect(malware).toBeGreaterThan(0);
    expect(malware).toBeLessThan(100);
    const h = await views.open({
      ...source(client(), url, 100, 0),
      filters: { type: ['malware'] },
    });
    expect(h.state.objects).toBe(malware);
    expect(h.state.phase).toBe('complete');
    views.close(h.viewId);
    const nothing = await views.open({
      ...source(client(), url, 100, 0),
      filters: { type: ['no-such-type'] },
    });
    expect(nothing.state.objects).toBe(0);
    expect(nothing.state.phase).toBe('complete');
    views.close(nothing.viewId);
    const none = await views
      .open(source(client(), srv.collectionUrl('api1', 'locked'), 100, 0))
      .then(
        () => undefined,
        (e: unknown) => e as { wire?: { status?: number; taxii?: { title?: string } } },
      );
    // A forbidden collection: the open fails with the server's own error resource.
    expect(none?.wire?.status).toBe(403);
    expect(typeof none?.wire?.taxii?.title).toBe('string');
    expect(views.size).toBe(0);
  });

  it('names the loaded objects a relationship or sighting refers to', async () => {
    const url = srv.collectionUrl('api1', 'seed');
    const h = await views.open(source(client(), url, 100, 0), { all: true });
    await until(h.viewId, loaded);
    const byId = new Map(seed.map((o) => [o.id as string, o]));
    const named = (id: unknown): string | undefined => {
      const o = byId.get(id as string);
      return typeof o?.name === 'string' ? o.name : undefined;
    };
    const sighting = seed.find(
      (o) => o.type === 'sighting' && o.name === undefined && named(o.sighting_of_ref),
    );
    const rel = seed.find(
      (o) => o.type === 'relationship' && o.name === undefined && named(o.target_ref),
    );
    const rows = views.window(h.viewId, { offset: 0, count: 500 }).rows;
    const nameOf = (id: unknown): string | undefined => rows.find((r) => r.id === id)?.name;
    if (sighting)
      expect(nameOf(sighting.id)).toContain(`Sighting of ${named(sighting.sighting_of_ref)}`);
    expect(rel).toBeDefined();
    expect(nameOf(rel?.id)).toContain(
      `${String(rel?.relationship_type)} ${named(rel?.target_ref)}`,
    );
    views.close(h.viewId);
  });

  it('answers windows in any sort, finds in descriptions, counts by type and pages an object back', async () => {
    const url = srv.collectionUrl('api1', 'seed');
    const h = await views.open(source(client(), url), { all: true });
    await until(h.viewId, loaded);
    const modified = (o: Json): string => String(o.modified ?? o.created ?? '');
    const expected = seed
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => modified(o) !== '')
      .sort((a, b) =>
        modified(a.o) === modified(b.o)
          ? a.i - b.i
          : Date.parse(modified(b.o)) - Date.parse(modified(a.o)) ||
            (modified(a.o) < modified(b.o) ? 1 : -1),
      )
      .map(({ o }) => o.id);
    const sorted = views.window(h.viewId, {
      offset: 0,
      count: 500,
      sort: { column: 'modified', direction: 'desc' },
    });
    expect(sorted.rows.slice(0, expected.length).map((r) => r.id)).toEqual(expected);
    // A window further down is the same ordering, sliced.
    const later = views.window(h.viewId, {
      offset: 5,
      count: 3,
      sort: { column: 'modified', direction: 'desc' },
    });
    expect(later.rows.map((r) => r.id)).toEqual(sorted.rows.slice(5, 8).map((r) => r.id));

    const described = seed.find(
      (o) => typeof o.description === 'string' && (o.description as string).length > 40,
    ) as Json;
    const phrase = (described.description as string).slice(10, 34).toUpperCase();
    const found = views.window(h.viewId, { offset: 0, count: 50, find: phrase });
    const expectFound = seed.filter((o) =>
      JSON.stringify(Object.values(o)).toLowerCase().includes(phrase.toLowerCase()),
    );
    expect(found.rows.map((r) => r.id)).toContain(described.id);
    expect(found.total).toBe(expectFound.length);

    const byType: Record<string, number> = {};
    for (const o of seed) byType[o.type as string] = (byType[o.type as string] ?? 0) + 1;
    expect(views.counts(h.viewId).byType).toEqual(byType);
    const onlyMalware = views.window(h.viewId, { offset: 0, count: 500, types: ['malware'] });
    expect(onlyMalware.total).toBe(byType.malware ?? 0);

    const row = sorted.rows[0]!;
    const back = views.object(h.viewId, row.id, row.version);
    expect(back.object).toEqual(seed.find((o) => o.id === row.id && modified(o) === row.version));
    expect(back.dateAdded).toBe(row.dateAdded);
    views.close(h.viewId);
  });

  it('cancels mid-walk (the request is aborted, rows stay) and resumes without duplicates; two views of one collection walk independently', async () => {
    const url = srv.collectionUrl('api1', 'mitre');
    const all = await everything(url);
    const a = await views.open(source(client(), url, 50));
    const b = await views.open(source(client(), url, 100), { all: true });
    views.more(a.viewId, 'all');
    await until(a.viewId, (s) => s.objects >= 100);
    const cancelled = views.cancel(a.viewId);
    expect(cancelled.state.phase).toBe('cancelled');
    const at = cancelled.state.objects;
    expect(at).toBeLessThan(all.length);
    const sb = await until(b.viewId, loaded);
    expect(sb.objects).toBe(all.length);
    expect(views.handle(a.viewId).state.objects).toBe(at);
    views.more(a.viewId, 'all');
    const sa = await until(a.viewId, loaded);
    expect(sa.objects).toBe(all.length);
    const keys = views.window(a.viewId, {
      offset: 0,
      count: 500,
      sort: { column: 'id', direction: 'asc' },
    });
    expect(keys.total).toBe(all.length);
    const rows = [];
    for (let o = 0; o < all.length; o += 500)
      rows.push(...views.window(a.viewId, { offset: o, count: 500 }).rows.map((r) => r.key));
    expect(new Set(rows).size).toBe(all.length);
    views.close(a.viewId);
    views.close(b.viewId);
  });

  /** Adds an indicator to `url` with plain HTTP (another client); returns its id. */
  async function addWithPlainHttp(url: string): Promise<string> {
    const now = new Date().toISOString();
    const id = `indicator--${randomUUID()}`;
    const posted = await fetch(`${url}objects/`, {
      method: 'POST',
      headers: {
        accept: 'application/taxii+json;version=2.1',
        'content-type': 'application/taxii+json;version=2.1',
      },
      body: JSON.stringify({
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id,
            created: now,
            modified: now,
            name: 'Added by another client',
            pattern: "[ipv4-addr:value = '203.0.113.9']",
            pattern_type: 'stix',
            valid_from: now,
          },
        ],
      }),
    });
    expect(posted.status).toBe(202);
    // The server stores the object once its status completes (statusDelayMs): wait for it there.
    for (;;) {
      const got = await fetch(`${url}objects/${id}/`, {
        headers: { accept: 'application/taxii+json;version=2.1' },
      });
      if (got.status === 200) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a reopened cached view asks the server what is new: an object added meanwhile is there, and it says checked', async () => {
    const cache = new PageCache({ dir: await mkdtemp(join(dir, 'cache-')) });
    const url = srv.collectionUrl('api1', 'publish');
    await addWithPlainHttp(url);
    const first = await views.open(source(client(cache), url), { all: true });
    const s1 = await until(first.viewId, loaded);
    expect(s1.freshness.kind).toBe('live');
    views.close(first.viewId);

    const id = await addWithPlainHttp(url);
    const again = await views.open(source(client(cache), url), { all: true });
    const s2 = await until(
      again.viewId,
      (s) => loaded(s) && s.freshness.kind !== 'cached-unchecked',
    );
    expect(s2.freshness.kind).toBe('checked');
    expect(s2.objects).toBe(s1.objects + 1);
    expect(s2.serverConfirmed).toBe(true);
    const ids = views.window(again.viewId, { offset: 0, count: 500 }).rows.map((r) => r.id);
    expect(ids).toContain(id);
    if (s2.freshness.kind === 'checked') {
      expect(s2.freshness.added).toBe(1);
      expect(s2.freshness.note).toMatch(/full refresh/);
    }
    views.close(again.viewId);
  });

  it('with the server stopped, cached pages are shown as not checked, with the reason', async () => {
    const own = await startTaxiiServer({ port: 0 });
    const cache = new PageCache({ dir: await mkdtemp(join(dir, 'cache-')) });
    const url = own.collectionUrl('api1', 'seed');
    const first = await views.open(source(client(cache), url), { all: true });
    const s1 = await until(first.viewId, loaded);
    views.close(first.viewId);
    await own.close();

    const again = await views.open(source(client(cache), url), { all: true });
    const s2 = await until(
      again.viewId,
      (s) => s.freshness.kind === 'cached-unchecked' && s.freshness.reason !== CHECKING,
    );
    expect(s2.objects).toBe(s1.objects);
    expect(s2.serverConfirmed).toBe(false);
    if (s2.freshness.kind === 'cached-unchecked') {
      expect(s2.freshness.reason).toMatch(/^Offline: /);
      expect(Date.parse(s2.freshness.since)).toBeLessThanOrEqual(Date.now());
    }
    views.close(again.viewId);
  });
});
