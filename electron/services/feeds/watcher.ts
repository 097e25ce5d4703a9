/**
 * Watching feeds: each watch (a collection, or a saved view) is asked on its own schedule what is
 * new since its watermark. One check at a time per connection, through the connection's client,
 * so its request budget holds for watches too; a 429 (its Retry-After, or twice the interval)
 * backs the watch off and says so; refused credentials pause the connection's watches until its
 * settings change; a network failure (offline) waits an interval and says so. Off by default.
 */
import { isAppError } from '../../../shared/errors';
import type { News } from './news';

/** One watch as the scheduler knows it. */
export interface WatchTarget {
  /** The feed key (see `feedKey`). */
  key: string;
  connectionId: string;
  /** What the person calls it ("Demo feed › Daily indicators"). */
  label: string;
  intervalMs: number;
}

/** Where a watch stands. */
export interface WatchStatus {
  key: string;
  connectionId: string;
  label: string;
  intervalMs: number;
  /** ok: asked; backoff: the server asked to wait; paused: credentials refused; offline. */
  state: 'waiting' | 'ok' | 'backoff' | 'paused' | 'offline' | 'failed';
  /** New objects since the watermark at the last check. */
  count?: number;
  lastCheck?: string;
  nextCheck?: string;
  message?: string;
}

/** How the watcher checks and tells. */
export interface WatcherOptions {
  check: (target: WatchTarget, signal: AbortSignal) => Promise<News>;
  onUpdate: (statuses: WatchStatus[]) => void;
  now?: () => number;
}

/** The scheduler; see the file comment. */
export class Watcher {
  readonly #targets = new Map<string, WatchTarget>();
  readonly #status = new Map<string, WatchStatus>();
  readonly #due = new Map<string, number>();
  readonly #busy = new Set<string>();
  readonly #paused = new Set<string>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: WatcherOptions) {}

  #now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Replaces the watches (from the profiles); new ones are checked at once. */
  setTargets(targets: readonly WatchTarget[]): void {
    const keep = new Set(targets.map((t) => t.key));
    for (const k of [...this.#targets.keys()]) {
      if (keep.has(k)) continue;
      this.#targets.delete(k);
      this.#status.delete(k);
      this.#due.delete(k);
    }
    for (const t of targets) {
      const old = this.#targets.get(t.key);
      this.#targets.set(t.key, t);
      if (!old) {
        this.#due.set(t.key, this.#now());
        this.#status.set(t.key, { ...this.#base(t), state: 'waiting' });
      }
    }
    this.#schedule();
    this.o.onUpdate(this.list());
  }

  /** Settings of a connection changed: its paused watches try again. */
  resume(connectionId: string): void {
    if (!this.#paused.delete(connectionId)) return;
    for (const t of this.#targets.values())
      if (t.connectionId === connectionId) this.#due.set(t.key, this.#now());
    this.#schedule();
  }

  /** Every watch's status. */
  list(): WatchStatus[] {
    return [...this.#status.values()];
  }

  /** Checks what is due now (the timer calls this; tests may too). Resolves when those checks end. */
  async tick(): Promise<void> {
    const now = this.#now();
    const runs: Promise<void>[] = [];
    for (const t of this.#targets.values()) {
      if ((this.#due.get(t.key) ?? Infinity) > now) continue;
      if (this.#busy.has(t.connectionId) || this.#paused.has(t.connectionId)) continue;
      this.#busy.add(t.connectionId);
      runs.push(this.#run(t).finally(() => this.#busy.delete(t.connectionId)));
    }
    await Promise.all(runs);
    this.#schedule();
  }

  /** Stops every timer and check. */
  close(): void {
    this.#abort.abort();
    if (this.#timer) clearTimeout(this.#timer);
  }

  #base(t: WatchTarget): Omit<WatchStatus, 'state'> {
    return { key: t.key, connectionId: t.connectionId, label: t.label, intervalMs: t.intervalMs };
  }

  async #run(t: WatchTarget): Promise<void> {
    const started = this.#now();
    const prev = this.#status.get(t.key);
    let status: WatchStatus;
    let next = started + t.intervalMs;
    try {
      const news = await this.o.check(t, this.#abort.signal);
      status = { ...this.#base(t), state: 'ok', count: news.count };
    } catch (error) {
      const wire = isAppError(error) ? error.wire : undefined;
      const keep = prev?.count !== undefined ? { count: prev.count } : {};
      if (wire?.code === 'RATE_LIMITED' || wire?.status === 429) {
        const wait = Math.max((wire.retryAfterSeconds ?? 0) * 1000, t.intervalMs * 2);
        next = started + wait;
        status = {
          ...this.#base(t),
          ...keep,
          state: 'backoff',
          message: `The server asked to slow down (429); next check in ${Math.round(wait / 60_000) || 1} min.`,
        };
      } else if (wire?.code === 'UNAUTHORIZED' || wire?.code === 'FORBIDDEN') {
        this.#paused.add(t.connectionId);
        next = Infinity;
        status = {
          ...this.#base(t),
          ...keep,
          state: 'paused',
          message:
            'Paused: the server refused the credentials. Fix them in the connection to resume.',
        };
      } else if (wire?.code === 'NETWORK' || wire?.code === 'TIMEOUT') {
        status = {
          ...this.#base(t),
          ...keep,
          state: 'offline',
          message: 'The server could not be reached (offline?); asking again next time.',
        };
      } else {
        status = {
          ...this.#base(t),
          ...keep,
          state: 'failed',
          message: wire?.message ?? String(error),
        };
      }
    }
    status.lastCheck = new Date(started).toISOString();
    if (Number.isFinite(next)) status.nextCheck = new Date(next).toISOString();
    this.#due.set(t.key, next);
    if (this.#targets.has(t.key)) {
      this.#status.set(t.key, status);
      this.o.onUpdate(this.list());
    }
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#abort.signal.aborted) return;
    let soonest = Infinity;
    for (const [k, at] of this.#due) {
      const t = this.#targets.get(k);
      if (t && !this.#paused.has(t.connectionId)) soonest = Math.min(soonest, at);
    }
    if (!Number.isFinite(soonest)) return;
    const delay = Math.max(1000, Math.min(soonest - this.#now(), 2_147_000_000));
    this.#timer = setTimeout(() => void this.tick(), delay);
    this.#timer.unref?.();
  }
}
