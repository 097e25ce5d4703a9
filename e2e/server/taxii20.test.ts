import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from './index';
import { VERSIONED_INDICATOR_ID } from './seed-data';
import { call, indicator, S20, T20, T21, until } from './test-http';

let s: RunningTaxiiServer;
const seed = (path = ''): string => `${s.collectionUrl('api20', 'api20-seed')}${path}`;
const get20 = (
  url: string,
  headers: Record<string, string> = {},
  accept = T20,
): ReturnType<typeof call> => call(url, { headers: { Accept: accept, ...headers } });

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 50, pageSize: 40 });
});
afterAll(() => s.close());

describe('TAXII 2.0 discovery, root and collections', () => {
  it('serves discovery at /taxii/ with absolute root URLs and the 2.0 media type', async () => {
    const r = await get20(s.discovery20Url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(T20);
    expect(r.json.api_roots).toEqual([`${s.origin}/api20/`]);
    expect(r.json.default).toBe(`${s.origin}/api20/`);
  });

  it('describes the root with versions ["taxii-2.0"]', async () => {
    const r = await get20(s.rootUrl('api20'));
    expect(r.json).toMatchObject({ versions: ['taxii-2.0'], max_content_length: 10 * 1024 * 1024 });
  });

  it('lists collections without alias, with 2.0 media types', async () => {
    const r = await get20(`${s.rootUrl('api20')}collections/`);
    const list = r.json.collections as Record<string, unknown>[];
    expect(list.map((c) => c.id)).toEqual([
      COLLECTIONS['api20-seed'].id,
      COLLECTIONS['api20-publish'].id,
    ]);
    expect(list[0]).not.toHaveProperty('alias');
    expect(list[0]?.media_types).toEqual(['application/vnd.oasis.stix+json; version=2.0']);
  });

  it('answers 406 to a 2.1 Accept and 2.1 endpoints to a 2.0 Accept, with the matching Content-Type', async () => {
    const r = await get20(s.discovery20Url, {}, T21);
    expect(r.status).toBe(406);
    expect(r.headers.get('content-type')).toBe(T20);
    const r21 = await get20(s.discoveryUrl);
    expect(r21.status).toBe(406);
    expect(r21.headers.get('content-type')).toBe(T21);
  });
});

describe('TAXII 2.0 objects with Range paging', () => {
  it('answers a bundle, 206 with Content-Range, for items=a-b and items a-b', async () => {
    for (const range of ['items=0-9', 'items 0-9']) {
      const r = await get20(seed('objects/'), { Range: range }, S20);
      expect(r.status, range).toBe(206);
      expect(r.headers.get('content-type')).toBe(S20);
      expect(r.headers.get('content-range')).toMatch(/^items 0-9\/\d+$/);
      expect(r.json).toMatchObject({ type: 'bundle', spec_version: '2.0' });
      expect(String(r.json.id)).toMatch(/^bundle--[0-9a-f-]{36}$/);
      expect(r.json.objects).toHaveLength(10);
      expect(r.headers.get('x-taxii-date-added-first')).toMatch(/\.\d{6}Z$/);
    }
  });

  it('walks every item once by ranges, and 416s past the end', async () => {
    const first = await get20(seed('objects/'), { Range: 'items=0-24' }, S20);
    const total = Number(first.headers.get('content-range')!.split('/')[1]);
    const ids: unknown[] = [];
    for (let start = 0; start < total; start += 25) {
      const r = await get20(seed('objects/'), { Range: `items=${start}-${start + 24}` }, S20);
      expect(r.status).toBe(206);
      ids.push(...(r.json.objects ?? []).map((o) => o.id));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const past = await get20(seed('objects/'), { Range: `items=${total}-${total + 10}` }, S20);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`items */${total}`);
    expect(past.headers.get('content-type')).toBe(T20);
  });

  it('answers an empty collection with 200, an empty bundle and Content-Range items */0', async () => {
    const r = await get20(
      `${s.collectionUrl('api20', 'api20-publish')}objects/?match[type]=x-none`,
      { Range: 'items=0-49' },
      S20,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-range')).toBe('items */0');
    expect(r.json.objects).toBeUndefined();
    expect(r.json.type).toBe('bundle');
  });

  it('caps a range at the page size and answers 206 unasked when everything does not fit', async () => {
    const big = await get20(seed('objects/'), { Range: 'items=0-999' }, S20);
    expect(big.json.objects).toHaveLength(40);
    expect(big.headers.get('content-range')).toMatch(/^items 0-39\//);
    const unasked = await get20(seed('objects/'), {}, S20);
    expect(unasked.status).toBe(206);
    expect(unasked.json.objects).toHaveLength(40);
  });

  it('accepts the TAXII 2.0 type as Accept on objects too, and filters like 2.0 does', async () => {
    const r = await get20(
      seed(`objects/?match[type]=indicator&match[id]=${VERSIONED_INDICATOR_ID}&match[version]=all`),
    );
    expect(r.status).toBe(200);
    expect(r.json.objects).toHaveLength(3);
    const one = await get20(
      seed(`objects/${VERSIONED_INDICATOR_ID}/?match[version]=first`),
      {},
      S20,
    );
    expect(one.json.objects).toHaveLength(1);
    expect(one.json.type).toBe('bundle');
  });

  it('serves 2.0 manifest entries: one per object with versions newest first', async () => {
    const r = await get20(seed(`manifest/?match[id]=${VERSIONED_INDICATOR_ID}&match[version]=all`));
    const [entry] = r.json.objects as {
      id: string;
      versions: string[];
      media_types: string[];
      date_added: string;
    }[];
    expect(entry!.id).toBe(VERSIONED_INDICATOR_ID);
    expect(entry!.versions).toHaveLength(3);
    expect([...entry!.versions].sort().reverse()).toEqual(entry!.versions);
    expect(entry!.media_types).toEqual(['application/vnd.oasis.stix+json; version=2.0']);
    const paged = await get20(seed('manifest/'), { Range: 'items=0-4' });
    expect(paged.status).toBe(206);
    expect(paged.json.objects).toHaveLength(5);
  });
});

describe('TAXII 2.0 POST and status', () => {
  const pub = (): string => `${s.collectionUrl('api20', 'api20-publish')}objects/`;
  const bundle = (objects: unknown[]): string =>
    JSON.stringify({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      spec_version: '2.0',
      objects,
    });

  it('takes a bundle as STIX 2.0 and answers 202 with the 2.0 status shape', async () => {
    const r = await call(pub(), {
      method: 'POST',
      headers: { Accept: T20, 'Content-Type': S20 },
      body: bundle([indicator(1), { type: 'indicator', id: 'bad' }]),
    });
    expect(r.status).toBe(202);
    expect(r.headers.get('content-type')).toBe(T20);
    expect(r.json.pendings).toEqual([indicator(1).id, 'bad']);
    const done = await until(async () => {
      const st = await get20(`${s.rootUrl('api20')}status/${String(r.json.id)}/`);
      return st.json.status === 'complete' ? st.json : undefined;
    });
    expect(done.successes).toEqual([indicator(1).id]);
    expect(done.failures).toEqual([{ id: 'bad', message: expect.stringContaining('"id"') }]);
  });

  it('answers 415 to a TAXII 2.1 Content-Type', async () => {
    const r = await call(pub(), {
      method: 'POST',
      headers: { Accept: T20, 'Content-Type': T21 },
      body: bundle([indicator(2)]),
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toBe(T20);
  });

  it('has no versions endpoint or DELETE in 2.0', async () => {
    const v = await get20(seed(`objects/${VERSIONED_INDICATOR_ID}/versions/`));
    expect(v.status).toBe(404);
    const d = await call(seed(`objects/${VERSIONED_INDICATOR_ID}/`), {
      method: 'DELETE',
      headers: { Accept: T20 },
    });
    expect(d.status).toBe(405);
  });
});
