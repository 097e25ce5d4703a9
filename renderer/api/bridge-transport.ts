/**
 * The Electron transport: the contract over `window.taxiway` (the preload's four functions).
 * An AbortSignal cannot cross contextBridge, so aborting becomes `cancel(callId)` and main aborts
 * the real HTTP request; progress comes back tagged with the same call id.
 */
import type { Bridge, CallOptions, Transport } from '../../shared/api';
import type { Args, CallName, EventName, EventOf, Result } from '../../shared/contract';
import { cancelledError, newCallId, unwrap } from './wire';

/** A Transport over the preload bridge. */
export function bridgeTransport(bridge: Bridge): Transport {
  const progressRoutes = new Map<string, (p: unknown) => void>();
  bridge.onProgress((callId, progress) => progressRoutes.get(callId)?.(progress));

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  bridge.onEvent((name, payload) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  });

  return {
    kind: 'electron',
    async call<K extends CallName>(
      name: K,
      args: Args<K>,
      opts: CallOptions<K> = {},
    ): Promise<Result<K>> {
      const { signal, onProgress } = opts;
      if (signal?.aborted) throw cancelledError(name);
      const callId = newCallId();
      if (onProgress) progressRoutes.set(callId, onProgress as (p: unknown) => void);
      const onAbort = (): void => bridge.cancel(callId);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return unwrap<Result<K>>(await bridge.call(callId, name, args));
      } finally {
        signal?.removeEventListener('abort', onAbort);
        progressRoutes.delete(callId);
      }
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
