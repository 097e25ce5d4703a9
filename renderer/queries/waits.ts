/**
 * Waits the main process takes on purpose (a server's Retry-After, a backoff, the connection's
 * request budget), kept from the `request.waiting` events so a view can show the one holding up
 * its operation with a countdown. A wait ends on its own clock; the views show it only while
 * their operation is still under way, so a cancelled call's wait disappears with it.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { EventOf } from '../../shared/contract';
import { transport } from './transport';

/** One wait as the page knows it: the event, and when it ends on this page's clock (ms). */
export interface ActiveWait extends EventOf<'request.waiting'> {
  endsAt: number;
}

const latest = new Map<string, ActiveWait>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version++;
  for (const l of listeners) l();
}

/** Records one `request.waiting` event (the newest wait of a connection replaces the older). */
export function noteWait(event: EventOf<'request.waiting'>, now = Date.now()): void {
  // The countdown runs on the page's clock from the announced length, not on `until`: the two
  // clocks agree on one machine, but a length cannot be skewed.
  latest.set(event.connectionId, { ...event, endsAt: now + event.seconds * 1000 });
  changed();
}

/** Follows `request.waiting` for as long as the app runs; returns the unsubscribe function. */
export function followWaits(): () => void {
  return transport().subscribe('request.waiting', (event) => noteWait(event));
}

/** The wait still running for any of `connectionIds` (the one ending last), if any. */
export function currentWait(
  connectionIds: readonly string[],
  now = Date.now(),
): ActiveWait | undefined {
  let found: ActiveWait | undefined;
  for (const id of connectionIds) {
    const w = latest.get(id);
    if (w && w.endsAt > now && (!found || w.endsAt > found.endsAt)) found = w;
  }
  return found;
}

/** Forgets every wait (tests). */
export function clearWaits(): void {
  latest.clear();
  changed();
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * The wait holding up an operation on these connections while `active` (the operation is under
 * way), re-rendered every quarter second until it ends so a countdown can be shown.
 */
export function useWait(
  connectionIds: readonly string[],
  active: boolean,
): { wait: ActiveWait; secondsLeft: number } | undefined {
  useSyncExternalStore(subscribe, () => version);
  const [now, setNow] = useState(() => Date.now());
  const wait = active ? currentWait(connectionIds, now) : undefined;
  const endsAt = wait?.endsAt;
  useEffect(() => {
    if (endsAt === undefined) return;
    const tick = (): void => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [endsAt]);
  if (!wait) return undefined;
  return { wait, secondsLeft: Math.max(1, Math.ceil((wait.endsAt - now) / 1000)) };
}
