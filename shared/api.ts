/**
 * What the two transports provide and the renderer's hooks consume. The contract (./contract.ts)
 * says what each call means; this file says how a call travels.
 */
import type { Wire } from './errors';
import type { Args, CallName, EventName, EventOf, Progress, Result } from './contract';

/**
 * What a call needs of an AbortSignal; the DOM's and Node's both fit (shared/ has neither's
 * types on purpose).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options of one call. */
export interface CallOptions<K extends CallName> {
  /** Aborting cancels the call in the main process, down to the HTTP request (TanStack Query's signal goes straight in). */
  signal?: CancelSignal;
  /** Receives the call's progress, in order. */
  onProgress?: (progress: Progress<K>) => void;
}

/** What the renderer's hooks use. Each transport implements it; `call` rejects only with AppError. */
export interface Transport {
  /** Which transport this is. */
  readonly kind: 'electron' | 'web';
  call<K extends CallName>(name: K, args: Args<K>, opts?: CallOptions<K>): Promise<Result<K>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
  /**
   * Saves an `export.objects` download (web mode only) under `fileName` through the browser.
   * Electron exports are saved by main through a save dialog and never need this.
   */
  saveDownload?(downloadId: string, fileName: string): Promise<void>;
}

/** Exactly what the preload exposes as `window.taxiway`. The HTTP transport speaks the same messages. */
export interface Bridge {
  call(callId: string, name: string, args: unknown): Promise<Wire<unknown>>;
  cancel(callId: string): void;
  onProgress(listener: (callId: string, progress: unknown) => void): () => void;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

/** The IPC channels between preload and main; few, and prefixed. */
export const IPC_CHANNELS = {
  call: 'taxiway:call',
  cancel: 'taxiway:cancel',
  progress: 'taxiway:progress',
  event: 'taxiway:event',
} as const;

/** Paths of the web bridge's HTTP API (all require the bearer token). */
export const BRIDGE_PATHS = {
  /**
   * POST `/api/call/<name>` with `{callId, args}` → NDJSON: zero or more `progress` lines, then one
   * `result` line holding the `Wire`. Aborting the request cancels the call.
   */
  call: '/api/call/',
  /** GET → NDJSON stream of `ready`, then `event` lines, for as long as the page keeps it open. */
  events: '/api/events',
  /** POST `{code}` (no token needed) → `{token}`, once per launch code from `#launch=…`. */
  session: '/api/session',
  /** GET `/api/download/<id>` → the exported file, once. */
  download: '/api/download/',
} as const;

/** One line of a call's response stream. */
export type CallStreamLine =
  { type: 'progress'; progress: unknown } | { type: 'result'; wire: Wire<unknown> };

/** One line of the event stream. */
export type EventStreamLine = { type: 'ready' } | { type: 'event'; name: string; payload: unknown };

/** A call id: unique per renderer, opaque to main. */
export const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
