import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  QUIRK_NAMES,
  QUIRKS,
  startTaxiiServer,
  type RunningTaxiiServer,
} from './index';
import { call, get21, indicator, post21, S20, T20, T21 } from './test-http';

let s: RunningTaxiiServer;
const bench = (q = ''): string => `${s.collectionUrl('api1', 'bench')}objects/${q}`;

beforeAll(async () => {
  s = await startTaxiiServer({
    mitreDir: null,
    statusDelayMs: 0,
    synthetic: 300,
    pageSize: 50,
    control: true,
  });
});
afterAll(() => s.close());
beforeEach(() => s.reset());

/** Ids of the whole bench collection walked with added_after (without quirks unless `keep`). */
async function allIds(keep = false): Promise<string[]> {
  if (!keep) s.setQuirks([]);
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const r = await get21(bench(`?limit=50${after ? `&added_after=${after}` : ''}`));
    ids.push(...(r.json.objects ?? []).map((o) => String(o.id)));
    if (!r.json.more) return ids;
    after = r.headers.get('x-taxii-date-added-last') as string;
  }
}

describe('quirk catalogue', () => {
  it('describes every quirk in one line', () => {
    expect(QUIRK_NAMES.length).toBeGreaterThanOrEqual(20);
    for (const name of QUIRK_NAMES) {
      expect(QUIRKS[name].length, name).toBeGreaterThan(20);
      expect(QUIRKS[name]).not.toContain('\n');
    }
  });

  it('refuses an unknown quirk name', () => {
    expect(() => s.setQuirks(['nope' as never])).toThrow(/unknown quirk "nope"/);
  });
});

describe('paging quirks', () => {
  it('expiring-next: tokens work with identical filters, expire by time and by uses', async () => {
    const expected = await allIds();
    s.setQuirks(['expiring-next'], { nextTtlMs: 300 });
    const p1 = await get21(bench('?limit=50&match[type]=indicator'));
    const token = encodeURIComponent(String(p1.json.next));
    expect(String(p1.json.next)).not.toContain('eyJ'); // a session id, not the normal cursor
    const ok = await get21(bench(`?limit=50&match[type]=indicator&next=${token}`));
    expect(ok.status).toBe(200);
    expect(ok.json.objects?.[0]?.id).toBe(
      expected.filter((id) => id.startsWith('indicator--'))[50],
    );
    const changed = await get21(bench(`?limit=50&match[type]=malware&next=${token}`));
    expect(changed.status).toBe(400);
    await new Promise((r) => setTimeout(r, 350));
    const expired = await get21(bench(`?limit=50&match[type]=indicator&next=${token}`));
    expect(expired.status).toBe(400);
    expect(String(expired.json.description)).toContain('expired');
    s.setQuirks(['expiring-next'], { nextUses: 1 });
    const q1 = await get21(bench('?limit=10'));
    const once = encodeURIComponent(String(q1.json.next));
    expect((await get21(bench(`?limit=10&next=${once}`))).status).toBe(200);
    expect((await get21(bench(`?limit=10&next=${once}`))).status).toBe(400);
  });

  it('session-next: one token for the whole walk while the pages move on; it expires and is bound to the filters', async () => {
    const expected = await allIds();
    s.setQuirks(['session-next'], { nextTtlMs: 300 });
    const ids: string[] = [];
    const tokens = new Set<string>();
    let next: string | undefined;
    for (;;) {
      const q = next !== undefined ? `&next=${encodeURIComponent(next)}` : '';
      const r = await get21(bench(`?limit=50${q}`));
      expect(r.status).toBe(200);
      ids.push(...(r.json.objects ?? []).map((o) => String(o.id)));
      if (!r.json.more) break;
      next = String(r.json.next);
      tokens.add(next);
    }
    expect(ids).toEqual(expected);
    expect(tokens.size).toBe(1);
    // The walk reached its end, so its session is gone.
    const done = await get21(bench(`?limit=50&next=${encodeURIComponent(String(next))}`));
    expect(done.status).toBe(400);
    const p1 = await get21(bench('?limit=50&match[type]=indicator'));
    const token = encodeURIComponent(String(p1.json.next));
    expect((await get21(bench(`?limit=50&match[type]=malware&next=${token}`))).status).toBe(400);
    await new Promise((r) => setTimeout(r, 350));
    const expired = await get21(bench(`?limit=50&match[type]=indicator&next=${token}`));
    expect(expired.status).toBe(400);
    expect(String(expired.json.description)).toContain('expired');
  });

  it('numeric-next: next is a JSON number and walks every item once', async () => {
    const expected = await allIds();
    s.setQuirks(['numeric-next']);
    const ids: string[] = [];
    let next: unknown;
    for (;;) {
      const r = await get21(bench(`?limit=40${next !== undefined ? `&next=${String(next)}` : ''}`));
      ids.push(...(r.json.objects ?? []).map((o) => String(o.id)));
      if (!r.json.more) break;
      expect(typeof r.json.next).toBe('number');
      next = r.json.next;
    }
    expect(ids).toEqual(expected);
  });

  it('page-number-next: next is "2", "3", … and walks every item once', async () => {
    const expected = await allIds();
    s.setQuirks(['page-number-next']);
    const ids: string[] = [];
    const tokens: unknown[] = [];
    let next: unknown;
    for (;;) {
      const r = await get21(bench(`?limit=40${next !== undefined ? `&next=${String(next)}` : ''}`));
      ids.push(...(r.json.objects ?? []).map((o) => String(o.id)));
      if (!r.json.more) break;
      next = r.json.next;
      tokens.push(next);
    }
    expect(tokens.slice(0, 3)).toEqual(['2', '3', '4']);
    expect(ids).toEqual(expected);
  });

  it('more-without-next: more is true, next is absent, added_after from the header continues', async () => {
    const expected = await allIds();
    s.setQuirks(['more-without-next']);
    const r = await get21(bench('?limit=50'));
    expect(r.json.more).toBe(true);
    expect(r.json).not.toHaveProperty('next');
    const m = await get21(`${s.collectionUrl('api1', 'bench')}manifest/?limit=50`);
    expect(m.json.more).toBe(true);
    expect(m.json).not.toHaveProperty('next');
    const again = await allIds(true);
    expect(again).toEqual(expected);
    expect(s.requests.every((q) => !q.path.includes('next='))).toBe(true);
  });

  it("repeating-page: the second page's next points back at itself", async () => {
    s.setQuirks(['repeating-page']);
    const p1 = await get21(bench('?limit=50'));
    const p2 = await get21(bench(`?limit=50&next=${encodeURIComponent(String(p1.json.next))}`));
    const p3 = await get21(bench(`?limit=50&next=${encodeURIComponent(String(p2.json.next))}`));
    expect(p2.json.objects?.[0]?.id).not.toBe(p1.json.objects?.[0]?.id);
    expect(p3.json.objects).toEqual(p2.json.objects);
    expect(p3.json.next).toBe(p2.json.next);
    s.setQuirks(['repeating-page', 'numeric-next'], { repeatAfterPages: 2 });
    const n1 = await get21(bench('?limit=50'));
    const n2 = await get21(bench(`?limit=50&next=${String(n1.json.next)}`));
    const n3 = await get21(bench(`?limit=50&next=${String(n2.json.next)}`));
    expect([n1.json.next, n2.json.next, n3.json.next]).toEqual([50, 100, 100]);
  });

  it('limit-rejected: limit above the maximum is a 400; ignore-limit: pages are the server size', async () => {
    s.setQuirks(['limit-rejected'], { maxLimit: 20 });
    expect((await get21(bench('?limit=21'))).status).toBe(400);
    expect((await get21(bench('?limit=20'))).json.objects).toHaveLength(20);
    s.setQuirks(['ignore-limit']);
    expect((await get21(bench('?limit=5'))).json.objects).toHaveLength(50);
  });
});

describe('resource quirks', () => {
  it('camel-case: resources use camelCase keys', async () => {
    s.setQuirks(['camel-case']);
    const d = await get21(s.discoveryUrl);
    expect(d.json).toHaveProperty('apiRoots');
    expect(d.json).not.toHaveProperty('api_roots');
    const root = await get21(s.rootUrl('api1'));
    expect(root.json).toHaveProperty('maxContentLength', 10 * 1024 * 1024);
    const cols = await get21(`${s.rootUrl('api1')}collections/`);
    expect((cols.json.collections as Record<string, unknown>[])[0]).toMatchObject({
      canRead: true,
      canWrite: false,
      mediaTypes: expect.any(Array),
    });
    const status = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(1)]);
    expect(status.json).toHaveProperty('totalCount', 1);
    const objects = await get21(bench('?limit=1'));
    expect(objects.json.objects?.[0]).toHaveProperty('spec_version'); // STIX content is never rewritten
  });

  it('unversioned-content-type: JSON responses say application/json', async () => {
    s.setQuirks(['unversioned-content-type']);
    for (const url of [
      s.discoveryUrl,
      bench('?limit=1'),
      `${s.rootUrl('api1')}status/00000000-0000-4000-8000-000000000000/`,
    ]) {
      expect((await get21(url)).headers.get('content-type'), url).toBe('application/json');
    }
  });

  it('empty-lists: empty results carry empty lists', async () => {
    s.setQuirks(['empty-lists']);
    const r = await get21(bench('?match[type]=x-none'));
    expect(r.json).toEqual({ more: false, objects: [] });
    const cols = await get21(`${s.rootUrl('tiny')}collections/`);
    expect(cols.json.collections).toHaveLength(1); // not empty: untouched
  });

  it('bad-date-headers: date headers are JavaScript date strings, or "undefined" when empty', async () => {
    s.setQuirks(['bad-date-headers']);
    const r = await get21(bench('?limit=2'));
    expect(r.headers.get('x-taxii-date-added-first')).toMatch(
      /^\w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT/,
    );
    const empty = await get21(bench('?match[type]=x-none'));
    expect(empty.headers.get('x-taxii-date-added-last')).toBe('undefined');
  });

  it('versions-bare: the API root lists "2.1"', async () => {
    s.setQuirks(['versions-bare']);
    expect((await get21(s.rootUrl('api1'))).json.versions).toEqual(['2.1']);
  });

  it('non-uuid-ids: collections are listed and served under MITRE-style ids', async () => {
    s.setQuirks(['non-uuid-ids']);
    const cols = await get21(`${s.rootUrl('api1')}collections/`);
    const ids = (cols.json.collections as { id: string }[]).map((c) => c.id);
    expect(ids).toContain('x-taxiway-collection--seed');
    const r = await get21(
      `${s.rootUrl('api1')}collections/x-taxiway-collection--seed/objects/?limit=1`,
    );
    expect(r.status).toBe(200);
    expect(r.json.objects).toHaveLength(1);
  });
});

describe('discovery quirks', () => {
  it('relative-roots-no-slash: roots are listed as "api1/" (served at /api1/)', async () => {
    s.setQuirks(['relative-roots-no-slash']);
    const d = await get21(s.discoveryUrl);
    expect(d.json.api_roots).toEqual(['api1/', `${s.origin}/secure/`, 'tiny/']);
    expect((await get21(`${s.origin}/api1/`)).status).toBe(200);
    expect((await get21(new URL('api1/', s.discoveryUrl).href)).status).toBe(404);
  });

  it('nested-roots: roots live under the discovery path', async () => {
    s.setQuirks(['nested-roots']);
    const d = await get21(s.discoveryUrl);
    expect(d.json.api_roots).toEqual([
      `${s.origin}/taxii2/api1/`,
      `${s.origin}/taxii2/secure/`,
      `${s.origin}/taxii2/tiny/`,
    ]);
    expect((await get21(`${s.origin}/taxii2/api1/`)).status).toBe(200);
    expect(
      (await get21(`${s.origin}/taxii2/api1/collections/${COLLECTIONS.seed.id}/objects/?limit=1`))
        .json.objects,
    ).toHaveLength(1);
    expect((await get21(`${s.origin}/api1/`)).status).toBe(404);
  });
});

describe('write and filter quirks', () => {
  it('post-200: POST objects answers 200 with the status', async () => {
    s.setQuirks(['post-200']);
    const r = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(1)]);
    expect(r.status).toBe(200);
    expect(r.json).toHaveProperty('total_count', 1);
  });

  it('reject-spec-version: any match[spec_version] is a 400', async () => {
    s.setQuirks(['reject-spec-version']);
    expect((await get21(bench('?match[spec_version]=2.1'))).status).toBe(400);
    expect((await get21(bench('?limit=1'))).status).toBe(200);
  });
});

describe('server-wide quirks', () => {
  it('rate-limit: 429 with Retry-After after the budget, until the window passes', async () => {
    s.setQuirks(['rate-limit'], { rateLimitBudget: 3, rateLimitWindowMs: 400 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await get21(s.discoveryUrl);
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        expect(r.headers.get('content-type')).toBe(T21);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 450));
    expect((await get21(s.discoveryUrl)).status).toBe(200);
  });

  it('silent-drop: accepts the connection and never answers', async () => {
    s.setQuirks(['silent-drop']);
    const port = Number(new URL(s.origin).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`GET /taxii2/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${T21}\r\n\r\n`);
      });
      socket.on('data', () => resolve('answered'));
      setTimeout(() => {
        resolve(socket.readyState === 'open' ? 'silent and open' : socket.readyState);
        socket.destroy();
      }, 400);
    });
    expect(outcome).toBe('silent and open');
    const control = await call(`${s.origin}/__control/quirks`);
    expect(control.json.quirks).toEqual(['silent-drop']);
  });

  it('cross-origin-redirect: every request is sent to the other origin, which serves it', async () => {
    s.setQuirks(['cross-origin-redirect']);
    const r = await get21(s.discoveryUrl, { Authorization: 'Bearer x' });
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe(`${s.otherOrigin}/taxii2/`);
    const followed = await get21(r.headers.get('location') as string);
    expect(followed.status).toBe(200);
  });

  it('html-login: every endpoint answers 200 with an HTML login page', async () => {
    s.setQuirks(['html-login']);
    const r = await get21(bench('?limit=1'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('<form');
  });

  it('taxii1: answers like a TAXII 1.x server', async () => {
    s.setQuirks(['taxii1']);
    const r = await get21(s.discoveryUrl);
    expect(r.headers.get('x-taxii-content-type')).toBe('urn:taxii.mitre.org:message:xml:1.1');
    expect(r.headers.get('content-type')).toBe('application/xml');
    expect(r.text).toContain('Discovery_Response');
  });

  it('taxii20-only: 2.1 discovery 404s, 2.1 roots 406, 2.0 works', async () => {
    s.setQuirks(['taxii20-only']);
    expect((await get21(s.discoveryUrl)).status).toBe(404);
    expect((await get21(s.rootUrl('api1'))).status).toBe(406);
    const d20 = await call(s.discovery20Url, { headers: { Accept: T20 } });
    expect(d20.status).toBe(200);
    const objects = await call(`${s.collectionUrl('api20', 'api20-seed')}objects/`, {
      headers: { Accept: S20, Range: 'items=0-1' },
    });
    expect(objects.status).toBe(206);
  });

  it('versioned-accept-only: a bare application/taxii+json is refused with 406, a versioned one served', async () => {
    const bare = { headers: { Accept: 'application/taxii+json' } };
    expect((await call(s.discoveryUrl, bare)).status).toBe(200);
    s.setQuirks(['versioned-accept-only']);
    expect((await call(s.discoveryUrl, bare)).status).toBe(406);
    expect((await get21(s.discoveryUrl)).status).toBe(200);
    const d20 = await call(s.discovery20Url, { headers: { Accept: T20 } });
    expect(d20.status).toBe(200);
  });

  it('hide-forbidden: 401 and 403 become 404', async () => {
    s.setQuirks(['hide-forbidden']);
    expect((await get21(`${s.collectionUrl('api1', 'locked')}objects/`)).status).toBe(404);
    expect((await get21(s.rootUrl('secure'))).status).toBe(404);
    expect((await get21(s.rootUrl('api1'))).status).toBe(200);
  });

  it('cross-origin-root: the secure root is listed on the other origin, which serves it', async () => {
    s.setQuirks(['cross-origin-root']);
    const d = await get21(s.discoveryUrl);
    expect((d.json.api_roots as string[])[1]).toBe(`${s.otherOrigin}/secure/`);
    const r = await get21(`${s.otherOrigin}/secure/`, {
      Authorization: 'Bearer taxiway-demo-token',
    });
    expect(r.status).toBe(200);
  });

  it('can be switched through /__control/quirks', async () => {
    const put = await call(`${s.origin}/__control/quirks`, {
      method: 'PUT',
      body: JSON.stringify({ quirks: ['versions-bare'], options: {} }),
    });
    expect(put.status).toBe(200);
    expect((await get21(s.rootUrl('api1'))).json.versions).toEqual(['2.1']);
    const bad = await call(`${s.origin}/__control/quirks`, {
      method: 'PUT',
      body: JSON.stringify({ quirks: ['bogus'] }),
    });
    expect(bad.status).toBe(400);
    await call(`${s.origin}/__control/reset`, { method: 'POST' });
    expect((await get21(s.rootUrl('api1'))).json.versions).toEqual([T21]);
  });
});
