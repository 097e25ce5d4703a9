/**
 * The web-mode transport: the contract over the loopback bridge. Each call is one POST whose
 * response streams progress lines and then the result (NDJSON, read with fetch + ReadableStream);
 * aborting the fetch is the cancel (the bridge aborts the call, down to the TAXII request).
 * Events arrive on one long-lived stream, opened while anyone listens.
 */
import {
  BRIDGE_PATHS,
  type CallOptions,
  type CallStreamLine,
  type EventStreamLine,
  type Transport,
} from '../../shared/api';
import type { Args, CallName, EventName, EventOf, Result } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { cancelledError, newCallId, unwrap } from './wire';
import { saveBlob } from './save-file';

/** A Transport over the web bridge at `origin`, authenticated with this run's token. */
export function httpTransport(origin: string, token: string): Transport {
  const auth = { Authorization: `Bearer ${token}` };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let events: AbortController | undefined;

  const openEvents = (): void => {
    if (events) return;
    const controller = new AbortController();
    events = controller;
    void (async () => {
      let delay = 500;
      while (!controller.signal.aborted) {
        try {
          const res = await fetch(`${origin}${BRIDGE_PATHS.events}`, {
            headers: auth,
            signal: controller.signal,
          });
          if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
          delay = 500;
          for await (const line of ndjson(res.body)) {
            const msg = line as EventStreamLine;
            if (msg.type === 'event') for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
          }
        } catch {
          if (controller.signal.aborted) return;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
  };

  async function readCall<K extends CallName>(
    name: K,
    args: Args<K>,
    signal: AbortSignal,
    onProgress: CallOptions<K>['onProgress'],
  ): Promise<Result<K>> {
    let res: Response;
    try {
      res = await fetch(`${origin}${BRIDGE_PATHS.call}${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ callId: newCallId(), args }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw cancelledError(name);
      throw bridgeDown(error);
    }
    if (res.status === 401) throw tokenRefused();
    if (!res.ok || !res.body) throw httpRefused(res.status);
    // The bridge ends the response right after the result line: read to the end. A call nobody
    // follows the progress of is read whole: Chromium lists a body read through a stream reader
    // as aborted (net::ERR_ABORTED) when the reader sees the end before the request completes.
    let wire: Extract<CallStreamLine, { type: 'result' }>['wire'] | undefined;
    try {
      const lines = onProgress ? ndjson(res.body) : wholeLines(res);
      for await (const line of lines) {
        const msg = line as CallStreamLine;
        if (msg.type === 'progress')
          (onProgress as ((p: unknown) => void) | undefined)?.(msg.progress);
        else if (msg.type === 'result') wire = msg.wire;
      }
    } catch (error) {
      if (signal.aborted) throw cancelledError(name);
      throw bridgeDown(error);
    }
    if (wire) return unwrap<Result<K>>(wire);
    if (signal.aborted) throw cancelledError(name);
    throw bridgeDown(new Error('stream ended without a result'));
  }

  return {
    kind: 'web',
    async call<K extends CallName>(
      name: K,
      args: Args<K>,
      opts: CallOptions<K> = {},
    ): Promise<Result<K>> {
      const { signal, onProgress } = opts;
      if (signal?.aborted) throw cancelledError(name);
      // The caller's signal may be any AbortSignal-like object; fetch needs a real one.
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await readCall<K>(name, args, controller.signal, onProgress);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      openEvents();
      return () => {
        set.delete(l);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          events?.abort();
          events = undefined;
        }
      };
    },

    async saveDownload(downloadId: string, fileName: string): Promise<void> {
      const res = await fetch(
        `${origin}${BRIDGE_PATHS.download}${encodeURIComponent(downloadId)}`,
        { headers: auth },
      );
      if (res.status === 401) throw tokenRefused();
      if (!res.ok) throw httpRefused(res.status);
      saveBlob(fileName, await res.blob());
    },
  };
}

/** The lines of a body of newline-delimited JSON read whole; empty lines are skipped. */
async function* wholeLines(res: Response): AsyncGenerator<unknown> {
  for (const line of (await res.text()).split('\n')) if (line.trim() !== '') yield JSON.parse(line);
}

/** Parses a body of newline-delimited JSON; empty lines (keep-alives) are skipped. */
async function* ndjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line !== '') yield JSON.parse(line);
      }
    }
    const rest = (buffer + decoder.decode()).trim();
    if (rest !== '') yield JSON.parse(rest);
  } finally {
    reader.releaseLock();
  }
}

function bridgeDown(error: unknown): AppError {
  return new AppError(
    {
      code: 'NETWORK',
      message: 'The Taxiway web bridge did not answer.',
      hint: 'Check that `npm run web` is still running, then reload the page.',
      retryable: true,
    },
    { cause: error },
  );
}

function tokenRefused(): AppError {
  return new AppError({
    code: 'UNAUTHORIZED',
    message: "This page's access token was refused by the Taxiway web bridge.",
    hint: 'Open the address printed after "Taxiway web:" in the terminal again (each run has a new token).',
  });
}

function httpRefused(status: number): AppError {
  return new AppError({
    code: 'HTTP_STATUS',
    message: `The Taxiway web bridge refused the request (HTTP ${status}).`,
    hint: 'Reload the page from the address printed after "Taxiway web:".',
    status,
  });
}
