/**
 * The waiting side of the request engine: which failures are worth another attempt, how long to
 * wait (the server's Retry-After, else a capped exponential backoff with jitter), cancellable
 * sleeps, and the per-connection request budget (a sliding window the client keeps to by itself,
 * queueing requests in order). Every wait is announced as a WaitNotice before it starts.
 */
import { AppError } from '../../../shared/errors';
import { describeWait, formatDuration, type WaitNotice } from '../../../shared/taxii/waits';
import type { RequestBudget, RetryPolicy } from './options';

/** The policy with every default filled in. */
export type FullRetryPolicy = Required<RetryPolicy>;

/** Defaults: 5 attempts, 0.5 s doubling to 30 s, Retry-After up to 5 min, one retry after a timeout. */
export const DEFAULT_RETRY: FullRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 300,
  timeoutRetries: 1,
};

/** The policy for `setting` (`false` = a single attempt). */
export function retryPolicy(setting: RetryPolicy | false | undefined): FullRetryPolicy {
  if (setting === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  return { ...DEFAULT_RETRY, ...setting };
}

/**
 * Backoff before attempt `attempt` (2 = the first retry): base × 2^(attempt−2), capped, with
 * "equal jitter" (half fixed, half random) so that many clients do not retry in step.
 */
export function backoffMs(
  policy: FullRetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal, where?: string): Promise<void> {
  const cancelled = (): AppError =>
    new AppError({
      code: 'CANCELLED',
      message: 'Cancelled while waiting.',
      ...(where !== undefined ? { where } : {}),
    });
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Builds the notice for a wait (message included). */
export function waitNotice(w: Omit<WaitNotice, 'message' | 'until'>): WaitNotice {
  return { ...w, until: new Date(Date.now() + w.ms).toISOString(), message: describeWait(w) };
}

/** `10 requests per 10 min`. */
export function describeBudget(b: RequestBudget): string {
  return `${b.requests} request${b.requests === 1 ? '' : 's'} per ${formatDuration(b.windowMs)}`;
}

/**
 * A sliding-window request budget. `take()` resolves when a request may start, in the order the
 * callers asked; while the window is full it waits (announcing the wait through `announce`).
 */
export class BudgetGate {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly budget: RequestBudget) {
    if (!(budget.requests >= 1 && budget.windowMs > 0)) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `A request budget needs at least 1 request per window and a window longer than 0 ms; got ${budget.requests} per ${budget.windowMs} ms.`,
        where: 'budget',
      });
    }
  }

  /** Waits for a slot; while the window is full, `wait(ms)` is awaited (it announces and sleeps). */
  take(wait: (ms: number) => Promise<void>): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        const { requests, windowMs } = this.budget;
        while (this.starts.length > 0 && (this.starts[0] as number) <= now - windowMs)
          this.starts.shift();
        if (this.starts.length < requests) {
          this.starts.push(now);
          return;
        }
        await wait((this.starts[0] as number) + windowMs - now);
      }
    });
    // One caller's cancellation must not block the ones queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
