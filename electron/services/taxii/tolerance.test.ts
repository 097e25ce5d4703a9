/**
 * Servers that bend the specification, one quirk mode of the project's server at a time: each
 * works, and the result carries a quirk note naming what the server did; what cannot work is
 * recognised and explained (a login page, TAXII 1.x, a collection URL given for discovery, a
 * server of the other TAXII version). Expected items come from the same server with the quirk
 * off.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  startTaxiiServer,
  type QuirkName,
  type QuirkOptions,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import type { QuirkCode } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';
import { collect, expectAppError } from '../../../e2e/support/taxii';

function codes(pages: Page<unknown>[] | { notes: { code: QuirkCode }[] }): QuirkCode[] {
  const list = Array.isArray(pages) ? pages.flatMap((p) => p.notes) : pages.notes;
  return [...new Set(list.map((n) => n.code))];
}

async function walkAll(
  client: TaxiiClient,
  url: string,
  filters = {},
): Promise<{ ids: string[]; pages: Page<StixObject>[] }> {
  const pages: Page<StixObject>[] = [];
  for await (const p of client.objectPages(url, filters)) pages.push(p);
  return { ids: pages.flatMap((p) => p.items.map((o) => o.id)), pages };
}

describe('tolerating quirky servers', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  let seed: string;
  let allIds: string[];
  const quirk = (names: QuirkName[], options?: QuirkOptions): void => srv.setQuirks(names, options);

  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    seed = srv.collectionUrl('api1', 'seed');
    const plain = new TaxiiClient();
    allIds = (await collect(plain.objectPages(seed, { limit: 50 }))).map((o) => o.id);
    await plain.close();
  });
  afterEach(async () => {
    srv.setQuirks([]);
    await client?.close();
  });
  afterAll(async () => {
    await srv.close();
  });
  const fresh = (options = {}): TaxiiClient => (client = new TaxiiClient(options));

  it('always sends an explicit limit, even for one page', async () => {
    const c = fresh();
    await c.objects(seed);
    expect(srv.requests.at(-1)?.path).toMatch(/[?&]limit=1000(&|$)/);
  });

  it('reads answers labelled application/json, and says so', async () => {
    quirk(['unversioned-content-type']);
    const c = fresh();
    const d = await c.discover(srv.discoveryUrl);
    expect(d.value.apiRoots).toContain(srv.rootUrl('api1'));
    expect(codes(d)).toEqual(['CONTENT_TYPE_PLAIN_JSON']);
    const { ids, pages } = await walkAll(c, seed, { limit: 40 });
    expect(ids).toEqual(allIds);
    expect(codes(pages)).toEqual(['CONTENT_TYPE_PLAIN_JSON']);
  });

  it('reads relative API roots written without a leading slash', async () => {
    quirk(['relative-roots-no-slash']);
    const c = fresh();
    const d = await c.discover(srv.discoveryUrl);
    expect(d.value.discovery.api_roots).toContain('api1/');
    expect(d.value.apiRoots).toEqual([
      srv.rootUrl('api1'),
      srv.rootUrl('secure'),
      srv.rootUrl('tiny'),
    ]);
    expect(codes(d)).toEqual(['API_ROOT_RELATIVE_NO_SLASH']);
  });

  it('finds a slash-less relative root nested under the discovery path by asking both places', async () => {
    // A server of our own: discovery at /taxii2/ lists "feed/", which lives at /taxii2/feed/.
    const served: string[] = [];
    const tiny = http.createServer((req, res) => {
      served.push(req.url ?? '');
      const type = { 'content-type': 'application/taxii+json;version=2.1' };
      if (req.url === '/taxii2/') {
        res.writeHead(200, type).end(JSON.stringify({ title: 'T', api_roots: ['feed/'] }));
      } else if (req.url === '/taxii2/feed/') {
        res.writeHead(200, type).end(
          JSON.stringify({
            title: 'Feed',
            versions: ['application/taxii+json;version=2.1'],
            max_content_length: 1000,
          }),
        );
      } else res.writeHead(404, type).end(JSON.stringify({ title: 'Not found' }));
    });
    await new Promise<void>((r) => tiny.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(tiny.address() as AddressInfo).port}`;
    try {
      const c = fresh();
      const d = await c.discover(`${origin}/taxii2/`);
      expect(d.value.apiRoots).toEqual([`${origin}/taxii2/feed/`]);
      expect(codes(d)).toEqual([
        'API_ROOT_RELATIVE_NO_SLASH',
        'API_ROOT_PROBED',
        'API_ROOT_NESTED',
      ]);
      expect(served).toEqual(['/taxii2/', '/feed/', '/taxii2/feed/']);
    } finally {
      await new Promise((r) => tiny.close(r));
    }
  });

  it('works with API roots nested under the discovery path, and says so', async () => {
    quirk(['nested-roots']);
    const c = fresh();
    const d = await c.discover(srv.origin);
    const nested = `${srv.origin}/taxii2/api1/`;
    expect(d.value.apiRoots[0]).toBe(nested);
    expect(codes(d)).toEqual(['API_ROOT_NESTED']);
    const { ids } = await walkAll(c, `${nested}collections/${COLLECTIONS.seed.id}/`, {
      limit: 40,
    });
    expect(ids).toEqual(allIds);
  });

  it('reads versions listed as "2.1"', async () => {
    quirk(['versions-bare']);
    const c = fresh();
    const root = await c.apiRoot(srv.rootUrl('api1'));
    expect(root.version).toBe('2.1');
    expect(codes(root)).toEqual(['VERSIONS_BARE']);
    expect(root.notes[0]?.message).toMatch(/"2\.1" instead of media types/);
  });

  it('accepts 200 instead of 202 for an upload', async () => {
    quirk(['post-200']);
    const c = fresh();
    const status = await c.postObjects(
      srv.collectionUrl('api1', 'publish'),
      JSON.stringify({
        objects: [
          {
            type: 'note',
            spec_version: '2.1',
            id: 'note--5b7c8c2a-6f0e-4c55-9d0e-2f6c1a9b3e01',
            created: '2024-01-01T00:00:00.000Z',
            modified: '2024-01-01T00:00:00.000Z',
            content: 'tolerance test',
            object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
          },
        ],
      }),
    );
    expect(status.value.total_count).toBe(1);
    expect(codes(status)).toEqual(['POST_STATUS_200']);
  });

  it('drops a filter the server refuses, filters on the client instead, and does not ask again', async () => {
    const plain = fresh();
    const wanted = await walkAll(plain, seed, { specVersion: ['2.1'], type: ['indicator'] });
    await plain.close();
    quirk(['reject-spec-version']);
    const c = fresh();
    const before = srv.requests.length;
    const got = await walkAll(c, seed, { specVersion: ['2.1'], type: ['indicator'], limit: 5 });
    expect(got.ids).toEqual(wanted.ids);
    expect(codes(got.pages)).toEqual(['FILTER_REJECTED']);
    expect(got.pages[0]?.notes[0]?.message).toMatch(
      /refused match\[spec_version\] \(400\).*filtered here/,
    );
    const asked = srv.requests.slice(before).map((r) => decodeURIComponent(r.path));
    expect(asked.filter((p) => p.includes('match[spec_version]'))).toHaveLength(1);
    expect(got.ids.length).toBeGreaterThan(0);
    // The manifest is filtered by the records' media types where it can be.
    const m = await c.manifest(seed, { specVersion: ['2.1'] });
    expect(codes(m)).toEqual(['FILTER_REJECTED']);
  });

  it('halves a limit the server refuses, and says so', async () => {
    quirk(['limit-rejected'], { maxLimit: 50 });
    const c = fresh();
    const { ids, pages } = await walkAll(c, seed);
    expect(ids).toEqual(allIds);
    expect(codes(pages)).toEqual(['LIMIT_REDUCED']);
    expect(pages[0]?.notes[0]?.message).toBe(
      'The server refused limit=1000 (400); pages are asked with limit=31 instead.',
    );
    const limits = srv.requests
      .filter((r) => r.endpoint === 'objects')
      .slice(-pages.length - 5)
      .map((r) => /limit=(\d+)/.exec(r.path)?.[1]);
    expect(limits.slice(0, 5)).toEqual(['1000', '500', '250', '125', '62']);
  });

  it('halves the limit after a 400 that does not say why, on a first page, and gives up when that does not help', async () => {
    // A server of our own: any limit above 100 gets a bare 400; collection "broken" always 400s.
    const type = { 'content-type': 'application/taxii+json;version=2.1' };
    const asked: string[] = [];
    const tiny = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(`${url.pathname.split('/')[3]}:${url.searchParams.get('limit')}`);
      const limit = Number(url.searchParams.get('limit'));
      if (url.pathname.includes('/00000000-0000-4000-8000-0000000000bb/') || limit > 100) {
        res.writeHead(400, type).end(JSON.stringify({ title: 'Bad Request' }));
        return;
      }
      const objects = Array.from({ length: Math.min(limit, 3) }, (_, i) => ({
        type: 'note',
        id: `note--00000000-0000-4000-8000-00000000000${i}`,
      }));
      res.writeHead(200, type).end(JSON.stringify({ objects }));
    });
    await new Promise<void>((r) => tiny.listen(0, '127.0.0.1', r));
    const root = `http://127.0.0.1:${(tiny.address() as AddressInfo).port}/api1/collections/`;
    try {
      const c = fresh({ taxiiVersion: '2.1' });
      const page = await c.objects(`${root}00000000-0000-4000-8000-0000000000aa/`);
      expect(page.items).toHaveLength(3);
      expect(codes(page)).toEqual(['LIMIT_REDUCED']);
      expect(asked.map((a) => a.split(':')[1])).toEqual(['1000', '500', '250', '125', '62']);
      asked.length = 0;
      const err = await expectAppError(
        c.objects(`${root}00000000-0000-4000-8000-0000000000bb/`),
        'HTTP_STATUS',
      );
      expect(err.wire.status).toBe(400);
      expect(asked.length).toBeLessThanOrEqual(7);
    } finally {
      await new Promise((r) => tiny.close(r));
    }
  });

  it('uses non-UUID collection ids as given, and resolves an alias to its id', async () => {
    quirk(['non-uuid-ids']);
    const c = fresh();
    const cols = await c.collections(srv.rootUrl('api1'));
    const listed = cols.value.find((x) => x.title === COLLECTIONS.seed.title);
    expect(listed?.id).toBe('x-taxiway-collection--seed');
    const { ids } = await walkAll(c, `${srv.rootUrl('api1')}collections/${listed?.id}/`, {
      limit: 40,
    });
    expect(ids).toEqual(allIds);
    srv.setQuirks([]);
    const d = fresh();
    const byAlias = await d.collection(`${srv.rootUrl('api1')}collections/demo-feed/`);
    expect(byAlias.value.id).toBe(COLLECTIONS.seed.id);
    expect(codes(byAlias)).toEqual(['COLLECTION_ALIAS']);
    expect(srv.requests.at(-1)?.path).toBe(`/api1/collections/${COLLECTIONS.seed.id}/`);
    const page = await d.objects(`${srv.rootUrl('api1')}collections/demo-feed/`, { limit: 3 });
    expect(page.items.map((o) => o.id)).toEqual(allIds.slice(0, 3));
  });

  it('follows numeric and page-number next values, echoing them exactly', async () => {
    for (const q of ['numeric-next', 'page-number-next'] as const) {
      quirk([q]);
      const c = fresh();
      const { ids, pages } = await walkAll(c, seed, { limit: 20 });
      expect(ids).toEqual(allIds);
      expect(codes(pages)).toEqual(q === 'numeric-next' ? ['NEXT_NUMBER'] : []);
      const nexts = srv.requests
        .filter((r) => r.endpoint === 'objects')
        .slice(-pages.length + 1)
        .map((r) => /next=([^&]*)/.exec(r.path)?.[1]);
      expect(nexts.every((n) => n !== undefined && /^\d+$/.test(n))).toBe(true);
      await c.close();
    }
  });

  it('continues from X-TAXII-Date-Added-Last when more comes without next', async () => {
    quirk(['more-without-next']);
    const c = fresh();
    const { ids, pages } = await walkAll(c, seed, { limit: 20 });
    expect(ids).toEqual(allIds);
    expect(codes(pages)).toEqual(['ADDED_AFTER_FALLBACK']);
  });

  it('keeps every item of a page larger than the limit, and says so', async () => {
    quirk(['ignore-limit']);
    const c = fresh();
    const page = await c.objects(seed, { limit: 5 });
    expect(page.items.length).toBeGreaterThan(5);
    expect(codes(page)).toEqual(['LIMIT_EXCEEDED']);
  });

  it('explains a 404 that hides a collection you may not read', async () => {
    quirk(['hide-forbidden']);
    const c = fresh();
    const err = await expectAppError(c.objects(srv.collectionUrl('api1', 'locked')), 'NOT_FOUND');
    expect(err.wire.hint).toMatch(/answer 404 to hide/);
  });

  it('recognises a login page anywhere TAXII JSON was expected', async () => {
    quirk(['html-login']);
    const c = fresh({ taxiiVersion: '2.1' });
    const err = await expectAppError(c.objects(seed), 'NOT_TAXII');
    expect(err.wire.details?.kind).toBe('login-page');
    expect(err.wire.hint).toMatch(/single sign-on portal or a proxy/);
  });

  it('offers the discovery and API root URLs for a collection or objects URL given as discovery', async () => {
    const c = fresh();
    for (const url of [seed, `${seed}objects/`, `${seed}manifest/?limit=3`]) {
      const err = await expectAppError(c.discover(url), 'INVALID_INPUT');
      expect(err.message).toMatch(/is a TAXII (collection|objects|manifest) URL/);
      expect(err.wire.details).toMatchObject({
        kind: 'not-discovery-url',
        discoveryUrl: srv.discoveryUrl,
        apiRootUrl: srv.rootUrl('api1'),
        collectionUrl: seed,
      });
    }
    expect(srv.requests.at(-1)?.path).not.toContain('manifest');
  });

  it('uses an API root given as the discovery URL, and says where discovery is', async () => {
    const c = fresh();
    const d = await c.discover(srv.rootUrl('api1'));
    expect(d.value.apiRoots).toEqual([srv.rootUrl('api1')]);
    expect(codes(d)).toEqual(['DISCOVERY_IS_API_ROOT']);
    expect(d.notes[0]?.message).toContain(srv.discoveryUrl);
  });

  it('falls back to TAXII 2.0 on a 2.0-only server, and explains a forced 2.1', async () => {
    quirk(['taxii20-only']);
    const c = fresh();
    const d = await c.discover(srv.origin);
    expect(d.version).toBe('2.0');
    expect(codes(d)).toEqual(['ONLY_OTHER_VERSION']);
    const forced = new TaxiiClient({ taxiiVersion: '2.1' });
    try {
      const err = await expectAppError(forced.discover(srv.origin), 'NOT_ACCEPTABLE');
      expect(err.message).toBe(
        `This server speaks only TAXII 2.0 (its discovery answered at ${srv.discovery20Url}), but the connection is set to TAXII 2.1.`,
      );
      expect(err.wire.details).toMatchObject({ kind: 'other-version', serverVersion: '2.0' });
    } finally {
      await forced.close();
    }
  });
});
