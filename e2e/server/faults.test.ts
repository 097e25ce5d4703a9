import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from './index';
import { parseFaultSpec } from './faults';
import { call, get21, T21 } from './test-http';

let s: RunningTaxiiServer;
const objects = (q = ''): string => `${s.collectionUrl('api1', 'seed')}objects/${q}`;

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, pageSize: 50, control: true });
});
afterAll(() => s.close());
beforeEach(() => s.setFaults([]));

/** Raw GET that reports how the response ended: complete, or cut short. */
function rawGet(
  url: string,
): Promise<{ status?: number; body: Buffer; error?: string; chunkTimes: number[] }> {
  return new Promise((resolve) => {
    const chunkTimes: number[] = [];
    const chunks: Buffer[] = [];
    const req = http.get(url, { headers: { Accept: T21 } }, (res) => {
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        chunkTimes.push(Date.now());
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks), chunkTimes }),
      );
      res.on('error', (e) =>
        resolve({
          status: res.statusCode,
          body: Buffer.concat(chunks),
          error: (e as NodeJS.ErrnoException).code ?? e.message,
          chunkTimes,
        }),
      );
      res.on('aborted', () =>
        resolve({
          status: res.statusCode,
          body: Buffer.concat(chunks),
          error: 'aborted',
          chunkTimes,
        }),
      );
    });
    req.on('error', (e) =>
      resolve({
        body: Buffer.concat(chunks),
        error: (e as NodeJS.ErrnoException).code ?? e.message,
        chunkTimes,
      }),
    );
  });
}

describe('faults on purpose', () => {
  it('adds latency', async () => {
    s.setFaults([{ kind: 'latency', ms: 300, endpoint: 'discovery' }]);
    const t0 = Date.now();
    expect((await get21(s.discoveryUrl)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = Date.now();
    await get21(s.rootUrl('api1'));
    expect(Date.now() - t1).toBeLessThan(250);
  });

  it('answers 503 with Retry-After in seconds, N times, then recovers', async () => {
    s.setFaults([{ kind: 'status', status: 503, retryAfter: 2, times: 2, endpoint: 'objects' }]);
    for (let i = 0; i < 2; i++) {
      const r = await get21(objects());
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(r.headers.get('content-type')).toBe(T21);
      expect(r.json.http_status).toBe('503');
    }
    expect((await get21(objects())).status).toBe(200);
  });

  it('answers 500 without Retry-After, and 503 with an HTTP-date Retry-After', async () => {
    s.setFaults([{ kind: 'status', status: 500, times: 1 }]);
    const a = await get21(s.discoveryUrl);
    expect(a.status).toBe(500);
    expect(a.headers.get('retry-after')).toBeNull();
    s.setFaults([{ kind: 'status', status: 503, retryAfter: { date: 30 } }]);
    const b = await get21(s.discoveryUrl);
    const when = Date.parse(b.headers.get('retry-after') as string);
    expect(when - Date.now()).toBeGreaterThan(25_000);
    expect(when - Date.now()).toBeLessThan(35_000);
  });

  it('skips the first matches with after', async () => {
    s.setFaults([{ kind: 'status', status: 500, after: 1, times: 1, endpoint: 'discovery' }]);
    expect((await get21(s.discoveryUrl)).status).toBe(200);
    expect((await get21(s.discoveryUrl)).status).toBe(500);
    expect((await get21(s.discoveryUrl)).status).toBe(200);
  });

  it('sends malformed JSON with status 200 and the TAXII type', async () => {
    s.setFaults([{ kind: 'malformed-json', endpoint: 'objects' }]);
    const r = await get21(objects('?limit=3'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(T21);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('sends a wrong content type', async () => {
    s.setFaults([{ kind: 'wrong-content-type', path: '/taxii2/' }]);
    const r = await get21(s.discoveryUrl);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    s.setFaults([{ kind: 'wrong-content-type', contentType: 'text/plain' }]);
    expect((await get21(s.discoveryUrl)).headers.get('content-type')).toBe('text/plain');
  });

  it('truncates a body below its Content-Length and closes the connection', async () => {
    s.setFaults([{ kind: 'truncate', bytes: 100, endpoint: 'objects' }]);
    const r = await rawGet(objects('?limit=10'));
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(100);
    expect(r.error).toBeDefined();
    expect(s.requests[s.requests.length - 1]?.status).toBe(200);
    await expect(get21(objects('?limit=10'))).rejects.toThrow();
  });

  it('resets the connection', async () => {
    s.setFaults([{ kind: 'reset', endpoint: 'discovery', times: 1 }]);
    const r = await rawGet(s.discoveryUrl);
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/ECONNRESET|socket hang up/);
    expect(s.requests[s.requests.length - 1]?.status).toBe(0);
    expect((await get21(s.discoveryUrl)).status).toBe(200);
  });

  it('trickles a body slowly', async () => {
    s.setFaults([{ kind: 'trickle', bytes: 40, intervalMs: 30, endpoint: 'api-root' }]);
    const t0 = Date.now();
    const r = await rawGet(s.rootUrl('api1'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString()).title).toBe('Demo feed');
    const chunksExpected = Math.ceil(r.body.length / 40);
    expect(Date.now() - t0).toBeGreaterThanOrEqual((chunksExpected - 1) * 30 - 5);
    expect(r.chunkTimes.length).toBeGreaterThan(2);
  });

  it('redirects to another origin, which serves the same API and records what it received', async () => {
    s.setFaults([{ kind: 'redirect', listener: 'main', endpoint: 'objects' }]);
    const r = await get21(objects('?limit=2'), { Authorization: 'Bearer secret-token' });
    expect(r.status).toBe(307);
    const location = r.headers.get('location') as string;
    expect(new URL(location).origin).toBe(s.otherOrigin);
    expect(s.otherOrigin).not.toBe(s.origin);
    const followed = await get21(location);
    expect(followed.status).toBe(200);
    expect(followed.json.objects).toHaveLength(2);
    const atOther = s.requests.filter((q) => q.listener === 'other');
    expect(atOther).toHaveLength(1);
    expect(atOther[0]!.headers.authorization).toBeUndefined();
  });

  it('serves an oversized page: more objects than limit', async () => {
    s.setFaults([{ kind: 'oversized-page', endpoint: ['objects', 'manifest'] }]);
    const r = await get21(objects('?limit=5'));
    expect(r.json.objects).toHaveLength(10);
    s.setFaults([{ kind: 'oversized-page', extra: 3 }]);
    const m = await get21(`${s.collectionUrl('api1', 'seed')}manifest/?limit=5`);
    expect(m.json.objects).toHaveLength(8);
  });

  it('can be switched through /__control/faults from another process', async () => {
    const put = await call(`${s.origin}/__control/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ kind: 'status', status: 500, times: 1, endpoint: 'discovery' }]),
    });
    expect(put.status).toBe(200);
    expect((await get21(s.discoveryUrl)).status).toBe(500);
    const list = await call(`${s.origin}/__control/faults`);
    expect((list.json.faults as { fired: number }[])[0]!.fired).toBe(1);
    const bad = await call(`${s.origin}/__control/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ kind: 'explode' }]),
    });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toContain('kind');
    const reqs = await call(`${s.origin}/__control/requests`);
    expect(Array.isArray(reqs.json.requests)).toBe(true);
  });

  it('refuses /__control/ to a foreign Host and to a cross-site page, a text/plain POST included', async () => {
    const port = Number(new URL(s.origin).port);
    const control = (method: string, pathname: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, method, path: pathname, headers },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(headers['Content-Type'] ? 'x=1' : undefined);
      });
    s.setFaults([{ kind: 'status', status: 500, endpoint: 'discovery' }]);
    const own = `127.0.0.1:${port}`;
    expect(await control('GET', '/__control/requests', { Host: `evil.example:${port}` })).toBe(421);
    expect(
      await control('GET', '/__control/faults', { Host: own, Origin: 'http://evil.example' }),
    ).toBe(403);
    const reset = await control('POST', '/__control/reset', {
      Host: own,
      Origin: 'https://evil.example',
      'Content-Type': 'text/plain',
    });
    expect(reset).toBe(403);
    // Nothing was reset: the fault still fires.
    expect((await get21(s.discoveryUrl)).status).toBe(500);
    // Its own origin and local tools (no Origin) still may.
    expect(await control('GET', '/__control/faults', { Host: own, Origin: s.origin })).toBe(200);
    expect(await control('POST', '/__control/reset', { Host: `localhost:${port}` })).toBe(200);
    expect((await get21(s.discoveryUrl)).status).toBe(200);
  });

  it('parses the CLI form of a fault', () => {
    expect(parseFaultSpec('status:status=503,retryAfter=2,times=3@objects')).toEqual({
      kind: 'status',
      status: 503,
      retryAfter: 2,
      times: 3,
      endpoint: 'objects',
    });
    expect(parseFaultSpec('latency:ms=50')).toEqual({ kind: 'latency', ms: 50 });
    expect(parseFaultSpec('status:status=503,retryAfterDate=10')).toMatchObject({
      retryAfter: { date: 10 },
    });
    expect(() => parseFaultSpec('latency')).toThrow(/ms/);
    expect(() => parseFaultSpec('nope')).toThrow(/kind/);
  });
});
