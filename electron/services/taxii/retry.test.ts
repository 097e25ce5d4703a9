/**
 * The waiting side of the request engine as pure functions: the default policy, the backoff's
 * bounds and rounding, cancellable sleeps that leave no listener behind, wait notices, and the
 * request budget's sliding window (its edge, its order, and a cancelled caller not blocking the
 * queue). Time is the fake clock, so nothing here sleeps.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { describeWait } from '../../../shared/taxii/waits';
import {
  backoffMs,
  BudgetGate,
  DEFAULT_RETRY,
  describeBudget,
  retryPolicy,
  sleep,
  waitNotice,
} from './retry';

describe('the retry policy', () => {
  it('defaults to 5 attempts, 0.5 s doubling to 30 s, Retry-After up to 5 min, one timeout retry', () => {
    expect(retryPolicy(undefined)).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterSeconds: 300,
      timeoutRetries: 1,
    });
    expect(DEFAULT_RETRY).toEqual(retryPolicy(undefined));
  });

  it('keeps the defaults a setting leaves out, and `false` means a single attempt', () => {
    expect(retryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY, maxAttempts: 2 });
    expect(retryPolicy(false)).toEqual({ ...DEFAULT_RETRY, maxAttempts: 1 });
  });

  it('waits the base before the first retry (and before attempt 1, never less), rounded to whole ms', () => {
    const p = retryPolicy({ baseDelayMs: 3, maxDelayMs: 1000 });
    expect(backoffMs(p, 1, () => 1)).toBe(3);
    expect(backoffMs(p, 2, () => 1)).toBe(3);
    expect(backoffMs(p, 2, () => 0)).toBe(2); // 1.5 rounds up
    expect(backoffMs(p, 3, () => 0.5)).toBe(5); // 3 + 0.5 × 3 = 4.5 → 5
  });

  it('uses Math.random for the jitter when none is given, within [ceiling/2, ceiling]', () => {
    const p = retryPolicy({ baseDelayMs: 1000, maxDelayMs: 1000 });
    for (let i = 0; i < 20; i++) {
      const ms = backoffMs(p, 2);
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThanOrEqual(1000);
    }
  });
});

describe('a cancellable sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the time and removes its abort listener', async () => {
    const ac = new AbortController();
    let done = false;
    const p = sleep(100, ac.signal).then(() => (done = true));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('treats a negative time as no wait', async () => {
    let done = false;
    const p = sleep(-50).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    await p;
    expect(done).toBe(true);
  });

  it('rejects with CANCELLED, naming where, as soon as the signal aborts, and stops its timer', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal, 'https://taxii.example/api1/');
    const caught = p.catch((e: unknown) => e);
    ac.abort();
    const err = await caught;
    expect(isAppError(err, 'CANCELLED')).toBe(true);
    expect(isAppError(err) && err.wire.where).toBe('https://taxii.example/api1/');
    expect(isAppError(err) && err.wire.message).toBe('Cancelled while waiting.');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, without a timer, when the signal has already aborted; no where unless given', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await sleep(10_000, ac.signal).catch((e: unknown) => e);
    expect(isAppError(err, 'CANCELLED')).toBe(true);
    expect(isAppError(err) && 'where' in err.wire).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('wait notices and budgets in words', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a notice ends `ms` from now and carries the described message', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
    const w = { reason: 'retry' as const, ms: 1500, attempt: 2, maxAttempts: 5 };
    expect(waitNotice(w)).toEqual({
      ...w,
      until: '2026-01-01T00:00:01.500Z',
      message: describeWait(w),
    });
  });

  it('says "request" for one and "requests" for more', () => {
    expect(describeBudget({ requests: 1, windowMs: 5000 })).toBe('1 request per 5 s');
    expect(describeBudget({ requests: 10, windowMs: 600_000 })).toBe('10 requests per 10 min');
  });
});

describe('the request budget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a budget of no requests or an empty window, saying what it got', () => {
    for (const b of [
      { requests: 0, windowMs: 1000 },
      { requests: 1, windowMs: 0 },
      { requests: Number.NaN, windowMs: 1000 },
    ]) {
      let err: unknown;
      try {
        new BudgetGate(b);
      } catch (e) {
        err = e;
      }
      expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
      expect(isAppError(err) && err.wire.message).toContain(
        `got ${b.requests} per ${b.windowMs} ms`,
      );
      expect(isAppError(err) && err.wire.where).toBe('budget');
    }
    expect(() => new BudgetGate({ requests: 1, windowMs: 1 })).not.toThrow();
  });

  it('lets `requests` through at once, then waits exactly until the oldest leaves the window', async () => {
    const gate = new BudgetGate({ requests: 2, windowMs: 1000 });
    const waits: number[] = [];
    const wait = async (ms: number): Promise<void> => {
      waits.push(ms);
      vi.setSystemTime(Date.now() + ms);
    };
    await gate.take(wait);
    vi.setSystemTime(300);
    await gate.take(wait);
    expect(waits).toEqual([]);
    vi.setSystemTime(500);
    await gate.take(wait); // the start at 0 leaves the window at 1000
    expect(waits).toEqual([500]);
    await gate.take(wait); // now 1000: the start at 300 leaves at 1300
    expect(waits).toEqual([500, 300]);
  });

  it('counts a start exactly one window old as gone', async () => {
    const gate = new BudgetGate({ requests: 1, windowMs: 1000 });
    const waits: number[] = [];
    const wait = async (ms: number): Promise<void> => {
      waits.push(ms);
      vi.setSystemTime(Date.now() + ms);
    };
    await gate.take(wait);
    vi.setSystemTime(1000);
    await gate.take(wait);
    expect(waits).toEqual([]);
    vi.setSystemTime(1999);
    await gate.take(wait);
    expect(waits).toEqual([1]);
  });

  it('serves callers in order, and one caller’s cancelled wait does not block the next', async () => {
    const gate = new BudgetGate({ requests: 1, windowMs: 1000 });
    const order: string[] = [];
    await gate.take(async () => undefined);
    const cancelled = gate
      .take(async () => {
        throw new Error('cancelled');
      })
      .then(
        () => order.push('a ok'),
        () => order.push('a cancelled'),
      );
    const next = gate
      .take(async (ms) => {
        vi.setSystemTime(Date.now() + ms);
      })
      .then(() => order.push('b'));
    await Promise.all([cancelled, next]);
    expect(order).toEqual(['a cancelled', 'b']);
  });
});
