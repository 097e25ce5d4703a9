/**
 * The watch scheduler against the project's TAXII server: a check counts what is new since the
 * watermark; a 429 whose Retry-After is long backs the watch off and says so, and it is not asked
 * again before then (the server's request log shows it); refused access pauses the connection's
 * watches until resumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { TaxiiClient } from '../taxii';
import { newsSince } from './news';
import { Watcher, type WatchStatus, type WatchTarget } from './watcher';

let srv: RunningTaxiiServer;
let client: TaxiiClient;
const MIN = 60_000;

beforeAll(async () => {
  srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  client = new TaxiiClient();
});
afterAll(async () => {
  await client.close();
  await srv.close();
});

function watcherOver(urls: Record<string, string>) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const updates: WatchStatus[][] = [];
  const w = new Watcher({
    now: () => now,
    onUpdate: (s) => updates.push(s),
    check: (t: WatchTarget, signal) =>
      newsSince(client, urls[t.key] as string, {}, undefined, { signal }),
  });
  return { w, updates, advance: (ms: number) => (now += ms), at: () => now };
}

describe('watching', () => {
  it('counts what is new, and backs off on a 429 until its Retry-After', async () => {
    const seed = srv.collectionUrl('api1', 'seed');
    const { w, advance, at } = watcherOver({ seed });
    w.setTargets([{ key: 'seed', connectionId: 'c', label: 'Demo', intervalMs: 15 * MIN }]);
    await w.tick();
    const first = w.list()[0] as WatchStatus;
    expect(first.state).toBe('ok');
    expect(first.count).toBeGreaterThan(100);
    expect(first.nextCheck).toBe(new Date(at() + 15 * MIN).toISOString());

    // Not due yet: no request.
    const before = srv.requests.length;
    advance(5 * MIN);
    await w.tick();
    expect(srv.requests.length).toBe(before);

    srv.setQuirks(['rate-limit'], { rateLimitBudget: 0, retryAfterSeconds: 3600 });
    try {
      advance(10 * MIN);
      await w.tick();
      const limited = w.list()[0] as WatchStatus;
      expect(limited.state).toBe('backoff');
      expect(limited.message).toMatch(/429/);
      expect(limited.count).toBe(first.count);
      expect(limited.nextCheck).toBe(new Date(at() + 3600_000).toISOString());
      const asked = srv.requests.length;
      advance(30 * MIN); // the interval passed, the Retry-After did not
      await w.tick();
      expect(srv.requests.length).toBe(asked);
    } finally {
      srv.setQuirks([]);
    }
    w.close();
  });

  it('pauses a connection’s watches when the server refuses access, until resumed', async () => {
    const urls = {
      locked: srv.collectionUrl('api1', 'locked'),
      seed: srv.collectionUrl('api1', 'seed'),
    };
    const { w, advance } = watcherOver(urls);
    w.setTargets([
      { key: 'locked', connectionId: 'c', label: 'Locked', intervalMs: MIN },
      { key: 'seed', connectionId: 'c', label: 'Demo', intervalMs: MIN },
    ]);
    await w.tick(); // one check at a time per connection: the first one
    const locked = w.list().find((s) => s.key === 'locked') as WatchStatus;
    expect(locked.state).toBe('paused');
    expect(locked.message).toMatch(/refused/);
    const asked = srv.requests.length;
    advance(10 * MIN);
    await w.tick();
    expect(srv.requests.length).toBe(asked);
    expect(w.list().find((s) => s.key === 'seed')?.state).toBe('waiting');
    w.resume('c');
    await w.tick();
    expect(srv.requests.length).toBeGreaterThan(asked);
    w.close();
  });
});
