/**
 * Waits the client takes on purpose (a server's Retry-After, a backoff after a transient failure,
 * the connection's own request budget), as data a person can be shown while they last: the CLI
 * prints the message, the app shows a countdown. Never a silent hang.
 */
import { z } from 'zod';

/**
 * Why the client is waiting: `rate-limited` (429, the server asked with Retry-After or is
 * rate-limiting), `unavailable` (503, for now), `retry` (a transient failure — 5xx, reset,
 * timeout — retried after a backoff), `budget` (the connection's own request budget is used up
 * for this window).
 */
export const WaitReason = z.enum(['rate-limited', 'unavailable', 'retry', 'budget']);
/** Why the client is waiting. */
export type WaitReason = z.infer<typeof WaitReason>;

/** One wait, announced when it starts. */
export interface WaitNotice {
  reason: WaitReason;
  /** How long, ms. */
  ms: number;
  /** When the wait ends (ISO 8601). */
  until: string;
  /** The attempt about to be made after the wait (2 = first retry). */
  attempt?: number;
  /** Attempts allowed in all. */
  maxAttempts?: number;
  /** HTTP status that caused it, if any. */
  status?: number;
  /** What failed, in a few words ("connection reset", "timed out"). */
  cause?: string;
  /** True when the server named the time (Retry-After). */
  serverAsked?: boolean;
  /** The request waiting (no credentials). */
  url?: string;
  /** Plain words: `waiting 12 s: server asked (429)`. */
  message: string;
}

/** `12 s`, `1.5 s`, `3 min 20 s`: short and readable. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Math.max(0, Math.round(s * 10) / 10)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

/** The message of a wait notice (see WaitNotice.message). */
export function describeWait(w: Omit<WaitNotice, 'message' | 'until'>): string {
  const d = formatDuration(w.ms);
  const retry =
    w.attempt !== undefined && w.maxAttempts !== undefined
      ? ` (attempt ${w.attempt} of ${w.maxAttempts})`
      : '';
  switch (w.reason) {
    case 'rate-limited':
      return w.serverAsked
        ? `waiting ${d}: server asked (${w.status ?? 429})${retry}`
        : `waiting ${d}: server is rate-limiting (${w.status ?? 429}), backing off${retry}`;
    case 'unavailable':
      return w.serverAsked
        ? `waiting ${d}: server asked (${w.status ?? 503}, unavailable)${retry}`
        : `waiting ${d}: server unavailable (${w.status ?? 503}), backing off${retry}`;
    case 'retry':
      return `waiting ${d} before retrying${retry}: ${w.cause ?? 'transient failure'}`;
    case 'budget':
      return `waiting ${d}: request budget${w.cause ? ` (${w.cause})` : ''}`;
  }
}
