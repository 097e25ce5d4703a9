import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from './index';
import { call, get21, post21, rawRequest, T21, indicator } from './test-http';

let s: RunningTaxiiServer;
const seed = (): string => s.collectionUrl('api1', 'seed');

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
});
afterAll(() => s.close());

describe('content negotiation (§1.6.8, §3.1)', () => {
  it('answers 406 with a TAXII error when Accept names no TAXII type', async () => {
    for (const accept of [
      undefined,
      'application/json',
      '*/*',
      'application/taxii+json;version=2.0',
      'text/html',
    ]) {
      const r = await call(s.discoveryUrl, { headers: accept ? { Accept: accept } : {} });
      expect(r.status, String(accept)).toBe(406);
      expect(r.headers.get('content-type')).toBe(T21);
      expect(r.json).toMatchObject({ title: 'Not Acceptable', http_status: '406' });
    }
  });

  it('accepts the bare type, spaces, quoted values, extra parameters and lists', async () => {
    for (const accept of [
      'application/taxii+json',
      'application/taxii+json; version=2.1',
      'application/taxii+json;version="2.1"',
      'Application/TAXII+JSON ; Version=2.1 ; charset=utf-8',
      'application/json, application/taxii+json;version=2.1;q=0.9',
      'application/vnd.oasis.taxii+json;version=2.1',
      'application/taxii+json;version=2.1,application/stix+json;version=2.1',
    ]) {
      const r = await call(s.discoveryUrl, { headers: { Accept: accept } });
      expect(r.status, accept).toBe(200);
    }
  });

  it('refuses a POST whose Content-Type is not the TAXII 2.1 type with 415', async () => {
    for (const type of [
      'application/json',
      'application/stix+json;version=2.1',
      'application/taxii+json;version=2.0',
    ]) {
      const r = await call(`${s.collectionUrl('api1', 'publish')}objects/`, {
        method: 'POST',
        headers: { Accept: T21, 'Content-Type': type },
        body: JSON.stringify({ objects: [indicator(1)] }),
      });
      expect(r.status, type).toBe(415);
      expect(r.headers.get('content-type')).toBe(T21);
      expect(r.json.http_status).toBe('415');
    }
  });

  it('puts the versioned TAXII Content-Type on every response, errors and DELETE 200 included', async () => {
    const post = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(7)]);
    expect(post.status).toBe(202);
    const urls = [
      s.discoveryUrl,
      s.rootUrl('api1'),
      `${s.rootUrl('api1')}collections/`,
      seed(),
      `${seed()}objects/`,
      `${seed()}manifest/`,
      `${seed()}objects/nope--1/`,
      `${s.rootUrl('api1')}status/00000000-0000-4000-8000-000000000000/`,
      `${s.origin}/nothing/here/`,
      `${seed()}objects/?limit=0`,
    ];
    for (const url of urls) {
      const r = await get21(url);
      expect(r.headers.get('content-type'), url).toBe(T21);
      if (r.status >= 400) expect(r.json.http_status, url).toBe(String(r.status));
    }
    const del = await call(
      `${s.collectionUrl('api1', 'publish')}objects/${String(indicator(7).id)}/?match[version]=all`,
      {
        method: 'DELETE',
        headers: { Accept: T21 },
      },
    );
    expect(del.status).toBe(200);
    expect(del.headers.get('content-type')).toBe(T21);
    expect(del.text).toBe('');
  });

  it('answers 404 with a hint when the trailing slash is missing', async () => {
    const r = await get21(`${seed()}objects?limit=1`);
    expect(r.status).toBe(404);
    expect(String(r.json.description)).toContain('end with "/"');
  });

  it('treats a path starting with // as a path, not a host', async () => {
    const r = await rawRequest(`${s.origin}//taxii2/`, { headers: { Accept: T21 } });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe(T21);
  });

  it('answers 405 with Allow for a method an endpoint does not take', async () => {
    const r = await call(s.discoveryUrl, {
      method: 'POST',
      headers: { Accept: T21, 'Content-Type': T21 },
      body: '{}',
    });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    const d = await call(`${seed()}objects/`, { method: 'DELETE', headers: { Accept: T21 } });
    expect(d.status).toBe(405);
  });

  it('decodes percent-encoded brackets in match parameters', async () => {
    const a = await get21(`${seed()}objects/?match%5Btype%5D=malware`);
    const b = await get21(`${seed()}objects/?match[type]=malware`);
    expect(a.status).toBe(200);
    expect(a.json.objects?.length).toBeGreaterThan(0);
    expect(a.json).toEqual(b.json);
  });

  it('serves collections by alias as well as by id', async () => {
    const r = await get21(`${s.rootUrl('api1')}collections/${COLLECTIONS.seed.alias}/`);
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(COLLECTIONS.seed.id);
  });

  it('does not require a User-Agent and records the one sent', async () => {
    const r = await rawRequest(s.discoveryUrl, { headers: { Accept: T21 } });
    expect(r.status).toBe(200);
    await get21(s.discoveryUrl, { 'User-Agent': 'taxiway-test/1' });
    expect(s.requests.some((q) => q.headers['user-agent'] === 'taxiway-test/1')).toBe(true);
  });
});

describe('discovery and API roots (§4.1, §4.2)', () => {
  it('lists api1 relative, secure absolute and tiny, with api1 as default', async () => {
    const r = await get21(s.discoveryUrl);
    expect(r.json.api_roots).toEqual(['/api1/', `${s.origin}/secure/`, '/tiny/']);
    expect(r.json.default).toBe('/api1/');
    expect(typeof r.json.title).toBe('string');
  });

  it('describes each root with versions and max_content_length', async () => {
    const api1 = await get21(s.rootUrl('api1'));
    expect(api1.json).toMatchObject({
      title: 'Demo feed',
      versions: [T21],
      max_content_length: 10 * 1024 * 1024,
    });
    const tiny = await get21(s.rootUrl('tiny'));
    expect(tiny.json.max_content_length).toBe(16384);
  });

  it('lists collections with their permissions and media types in a fixed order', async () => {
    const a = await get21(`${s.rootUrl('api1')}collections/`);
    const b = await get21(`${s.rootUrl('api1')}collections/`);
    const list = a.json.collections as Record<string, unknown>[];
    expect(list.map((c) => c.id)).toEqual(
      (b.json.collections as Record<string, unknown>[]).map((c) => c.id),
    );
    expect(list.map((c) => c.id)).toEqual([
      COLLECTIONS.seed.id,
      COLLECTIONS.publish.id,
      COLLECTIONS.locked.id,
      COLLECTIONS.dropbox.id,
    ]);
    expect(list[2]).toMatchObject({ can_read: false, can_write: false });
    expect(list[3]).toMatchObject({ can_read: false, can_write: true });
    expect(list[0]?.media_types).toContain('application/stix+json;version=2.1');
  });
});
