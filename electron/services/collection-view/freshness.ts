/**
 * How current a view is (digest §6.2 for 2.1 `added_after` + X-TAXII-Date-Added-Last, §6.3 for
 * 2.0 Range): cached pages are shown as current only after the server was asked what is new
 * since the last date added they hold; otherwise they are "cached, not checked", with the reason.
 */
import type { ViewFreshnessT } from '../../../shared/contract/views';
import { isAppError } from '../../../shared/errors';
import { compareTimestamps } from '../../../shared/taxii/timestamps';

/** The sentence shown where a view shows its age. */
export const DELETIONS_NOTE = 'Objects deleted by other clients are only seen on a full refresh.';

/** Cached pages older than this are refetched rather than checked (the profile's default). */
export { DEFAULT_CACHE_LIFETIME_MINUTES } from '../../../shared/profile';

/** Fetched from the server just now. */
export function live(at: Date = new Date()): ViewFreshnessT {
  return { kind: 'live', at: at.toISOString(), note: DELETIONS_NOTE };
}

/** Cached pages, and the server said what is new since (`added` objects). */
export function checked(cachedAt: string, added: number, at: Date = new Date()): ViewFreshnessT {
  return { kind: 'checked', at: at.toISOString(), cachedAt, added, note: DELETIONS_NOTE };
}

/** Cached pages the server could not be asked about, and why. */
export function unchecked(since: string, reason: string): ViewFreshnessT {
  return { kind: 'cached-unchecked', since, reason, note: DELETIONS_NOTE };
}

/** The reason shown while the check is under way. */
export const CHECKING = 'Asking the server what is new…';

/** Why the server could not be asked, in a person's words. */
export function reasonOf(error: unknown): string {
  if (isAppError(error)) {
    const offline = ['NETWORK', 'DNS', 'TIMEOUT', 'PROXY'].includes(error.wire.code);
    return `${offline ? 'Offline: ' : ''}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** True when cached pages stored at `storedAt` are past `lifetimeMs` (0: always). */
export function expired(storedAt: string, lifetimeMs: number, now = Date.now()): boolean {
  const t = Date.parse(storedAt);
  return !Number.isFinite(t) || now - t >= lifetimeMs;
}

/** The later of two timestamps (either may be missing). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimestamps(a, b) >= 0 ? a : b;
}
