/**
 * Rate limits and failures against the project's server: Retry-After honoured (seconds and HTTP
 * dates) and shown before each wait, backoff for transient failures on GET only, a request
 * budget the client keeps by itself, waits that can be cancelled, and a silent server that
 * becomes a TIMEOUT in bounded time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import type { WaitNotice } from '../../../shared/taxii/waits';
import { TaxiiClient } from './client';
import { backoffMs, retryPolicy } from './retry';
import { collect, expectAppError } from '../../../e2e/support/taxii';

// Short backoffs keep the suite quick; the policy's shape is what is under test.
const quick = { baseDelayMs: 20, maxDelayMs: 100 };

describe('waiting for a server', () => {
  let srv: RunningTaxiiServer;
  let seed: string;
  let total: number;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    seed = srv.collectionUrl('api1', 'seed');
    const plain = new TaxiiClient();
    total = (await collect(plain.objectPages(seed))).length;
    await plain.close();
  });
  afterAll(async () => {
    await srv.close();
  });
  const objectRequests = (): number => srv.requests.filter((r) => r.endpoint === 'objects').length;

  it('honours Retry-After in seconds on 429, says so before waiting, and notes it on the page', async () => {
    srv.setFaults([{ kind: 'status', status: 429, retryAfter: 1, endpoint: 'objects', times: 2 }]);
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({ onWait: (w) => waits.push(w), taxiiVersion: '2.1' });
    try {
      const started = Date.now();
      const page = await client.objects(seed, { limit: 5 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(page.items).toHaveLength(5);
      expect(waits.map((w) => w.message)).toEqual([
        'waiting 1 s: server asked (429) (attempt 2 of 5)',
        'waiting 1 s: server asked (429) (attempt 3 of 5)',
      ]);
      expect(waits[0]).toMatchObject({ reason: 'rate-limited', status: 429, serverAsked: true });
      expect(page.notes.map((n) => n.code)).toEqual(['SERVER_ASKED_TO_WAIT']);
      expect(page.notes[0]?.message).toMatch(/answered 429 twice \(Retry-After\); .*waited 2 s/);
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    srv.setFaults([
      { kind: 'status', status: 503, retryAfter: { date: 2 }, endpoint: 'api-root', times: 1 },
    ]);
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({ onWait: (w) => waits.push(w) });
    try {
      const root = await client.apiRoot(srv.rootUrl('api1'));
      expect(root.value.title).toBe('Demo feed');
      expect(waits).toHaveLength(1);
      expect(waits[0]?.reason).toBe('unavailable');
      // An HTTP date has one-second resolution: between 1 and 2 s from now.
      expect(waits[0]?.ms).toBeGreaterThanOrEqual(1000);
      expect(waits[0]?.ms).toBeLessThanOrEqual(2000);
      expect(waits[0]?.message).toMatch(
        /^waiting [12](\.\d)? s: server asked \(503, unavailable\)/,
      );
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('waits when Retry-After is exactly the longest allowed', async () => {
    srv.setFaults([{ kind: 'status', status: 429, retryAfter: 1, endpoint: 'objects', times: 1 }]);
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({
      retry: { maxRetryAfterSeconds: 1 },
      taxiiVersion: '2.1',
      onWait: (w) => waits.push(w),
    });
    try {
      const a = await client.objects(seed, { limit: 1 });
      expect(a.items).toHaveLength(1);
      expect(waits[0]).toMatchObject({
        reason: 'rate-limited',
        status: 429,
        serverAsked: true,
        ms: 1000,
      });
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('gives up at once, with the wait in the error, when Retry-After is longer than allowed', async () => {
    srv.setFaults([{ kind: 'status', status: 429, retryAfter: 3600, endpoint: 'objects' }]);
    const client = new TaxiiClient({ retry: { maxRetryAfterSeconds: 60 }, taxiiVersion: '2.1' });
    try {
      const started = Date.now();
      const err = await expectAppError(client.objects(seed), 'RATE_LIMITED');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(err.wire.retryAfterSeconds).toBe(3600);
      expect(err.message).toMatch(/asks to wait 3600 s/);
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('backs off and retries a GET after 500, 502 and a reset, and reports the last failure when they persist', async () => {
    srv.setFaults([
      { kind: 'status', status: 502, endpoint: 'collections', times: 1 },
      { kind: 'reset', endpoint: 'collections', times: 1, after: 1 },
    ]);
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({
      taxiiVersion: '2.1',
      retry: quick,
      onWait: (w) => waits.push(w),
    });
    try {
      const cols = await client.collections(srv.rootUrl('api1'));
      expect(cols.value.length).toBeGreaterThan(0);
      expect(waits.map((w) => w.reason)).toEqual(['retry', 'retry']);
      expect(waits).toMatchObject([
        { attempt: 2, maxAttempts: 5, status: 502, cause: 'server error 502' },
        { attempt: 3, maxAttempts: 5, cause: 'the connection was dropped' },
      ]);
      expect(cols.notes.map((n) => n.code)).toEqual(['RETRIED']);
      expect(cols.notes[0]?.message).toMatch(/failed twice .* attempt 3/);

      srv.setFaults([{ kind: 'status', status: 500, endpoint: 'collections' }]);
      const before = srv.requests.length;
      const err = await expectAppError(client.collections(srv.rootUrl('api1')), 'SERVER_ERROR');
      expect(err.wire.status).toBe(500);
      expect(srv.requests.length - before).toBe(5);
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('never repeats a POST after a server error (it may have been stored)', async () => {
    srv.setFaults([{ kind: 'status', status: 500, endpoint: 'add-objects' }]);
    const client = new TaxiiClient({ taxiiVersion: '2.1', retry: quick });
    try {
      const before = srv.requests.filter((r) => r.endpoint === 'add-objects').length;
      await expectAppError(
        client.postObjects(srv.collectionUrl('api1', 'publish'), '{"objects":[]}'),
        'SERVER_ERROR',
      );
      expect(srv.requests.filter((r) => r.endpoint === 'add-objects').length - before).toBe(1);
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('keeps to its own request budget, queueing requests and showing the wait', async () => {
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({
      taxiiVersion: '2.1',
      budget: { requests: 2, windowMs: 500 },
      onWait: (w) => waits.push(w),
    });
    try {
      const before = objectRequests();
      const seen = srv.requests.length;
      const started = Date.now();
      const pages = await Promise.all(
        [0, 1, 2, 3, 4].map(() => client.objects(seed, { limit: 1 })),
      );
      expect(pages.every((p) => p.items.length === 1)).toBe(true);
      expect(objectRequests() - before).toBe(5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(waits.filter((w) => w.reason === 'budget').length).toBeGreaterThanOrEqual(2);
      expect(waits[0]?.message).toMatch(
        /^waiting 0\.\d s: request budget \(2 requests per 0\.5 s\)$/,
      );
      // The server never had to refuse anything.
      expect(srv.requests.slice(seen).some((r) => r.status === 429)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('stays within a rate-limited server’s window after its first 429, with every wait shown', async () => {
    srv.setQuirks(['rate-limit'], {
      rateLimitBudget: 4,
      rateLimitWindowMs: 1000,
      retryAfterSeconds: 1,
    });
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({ taxiiVersion: '2.1', onWait: (w) => waits.push(w) });
    try {
      let n = 0;
      for await (const page of client.objectPages(seed, { limit: 30 })) n += page.items.length;
      expect(n).toBe(total);
      expect(waits.length).toBeGreaterThan(0);
      // Each wait names the server's 429; its length is what is left of Retry-After (up to 1 s).
      expect(
        waits
          .map((w) => w.message)
          .filter((m) => !/^waiting (1|0\.\d) s: server asked \(429\)/.test(m)),
      ).toEqual([]);
    } finally {
      srv.setQuirks([]);
      await client.close();
    }
  });

  it('stops waiting as soon as the caller cancels', async () => {
    srv.setFaults([{ kind: 'status', status: 429, retryAfter: 30, endpoint: 'objects' }]);
    const client = new TaxiiClient({ taxiiVersion: '2.1' });
    const controller = new AbortController();
    try {
      const started = Date.now();
      const run = client.objects(
        seed,
        {},
        {
          signal: controller.signal,
          onWait: () => setTimeout(() => controller.abort(), 50),
        },
      );
      const err = await expectAppError(run, 'CANCELLED');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err.message).toBe('Cancelled while waiting.');
    } finally {
      srv.setFaults([]);
      await client.close();
    }
  });

  it('turns a server that silently drops requests into a TIMEOUT, retried once, never a hang', async () => {
    srv.setQuirks(['silent-drop']);
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({
      timeoutMs: 300,
      retry: quick,
      onWait: (w) => waits.push(w),
    });
    try {
      const started = Date.now();
      const err = await expectAppError(client.discover(srv.discoveryUrl), 'TIMEOUT');
      // Two 0.3 s timeouts and a short backoff, not a hang: far under a busy machine's bound.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(err.message).toMatch(/took longer than 0.3 s to answer/);
      expect(err.wire.hint).toMatch(/silently ignore requests/);
      expect(waits.map((w) => w.cause)).toEqual(['the server did not answer in time']);
    } finally {
      srv.setQuirks([]);
      await client.close();
    }
  });
});

describe('the backoff', () => {
  it('doubles from the base, stays under the cap, and is jittered', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([2, 3, 4, 5, 6].map((a) => backoffMs(p, a, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect([2, 3, 4].map((a) => backoffMs(p, a, () => 0))).toEqual([50, 100, 200]);
    expect(retryPolicy(false).maxAttempts).toBe(1);
  });
});
