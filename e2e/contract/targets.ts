/** The in-process and web-bridge targets of the contract suite (Electron's lives in e2e/electron). */
import { randomBytes } from 'node:crypto';
import { BRIDGE_PATHS, type CallStreamLine, type EventStreamLine } from '../../shared/api';
import type { Result } from '../../shared/contract';
import type { Wire } from '../../shared/errors';
import { CallRegistry } from '../../electron/app/call-registry';
import type { WebApp } from '../fixtures/web-app';
import type { ContractTarget, EventListener, TargetCallOptions } from './target';

const callId = (): string => randomBytes(12).toString('base64url');

/** Calls `dispatch` directly, as both transports do, through a call registry. */
export function inProcessTarget(app: WebApp): ContractTarget {
  const registry = new CallRegistry();
  const transcripts: string[] = [];
  return {
    name: 'in-process dispatch',
    mode: 'web',
    transcripts,
    inFlight: () => registry.size,
    async call(name, args, opts: TargetCallOptions = {}) {
      const wire = await registry.run(
        app.runtime.handlers,
        opts.callId ?? callId(),
        name,
        args,
        (p) => {
          transcripts.push(JSON.stringify(p));
          opts.onProgress?.(p);
        },
        app.runtime.dispatch,
        opts.signal,
      );
      transcripts.push(JSON.stringify(wire));
      return wire;
    },
    readExport: (result) => readDownload(app, result),
    subscribe: async (listener: EventListener) =>
      app.runtime.hub.subscribe((name, payload) => {
        transcripts.push(JSON.stringify({ name, payload }));
        listener(name, payload);
      }),
  };
}

/** Calls the web bridge over real HTTP with this run's token, reading the NDJSON stream. */
export function bridgeTarget(app: WebApp): ContractTarget {
  const transcripts: string[] = [];
  return {
    name: 'web bridge',
    mode: 'web',
    transcripts,
    inFlight: () => app.bridge.inFlight,
    async call(name, args, opts: TargetCallOptions = {}) {
      try {
        const res = await fetch(
          `${app.bridge.origin}${BRIDGE_PATHS.call}${encodeURIComponent(name)}`,
          {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${app.bridge.token}`,
              'Content-Type': 'application/json',
            },
            body: JSON.stringify({ callId: opts.callId ?? callId(), args }),
            ...(opts.signal ? { signal: opts.signal } : {}),
          },
        );
        const text = res.body ? res.body.pipeThrough(new TextDecoderStream()) : null;
        if (!text) throw new Error(`bridge answered ${res.status} without a body`);
        let buffer = '';
        for await (const chunk of text) {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) !== -1) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim() === '') continue;
            transcripts.push(line);
            const msg = JSON.parse(line) as CallStreamLine;
            if (msg.type === 'progress') opts.onProgress?.(msg.progress);
            else return msg.wire;
          }
        }
        throw new Error('bridge stream ended without a result');
      } catch (error) {
        if (opts.signal?.aborted) {
          return {
            ok: false,
            error: { code: 'CANCELLED', message: `${name} was cancelled.` },
          } as Wire<never>;
        }
        throw error;
      }
    },
    readExport: (result) => readDownload(app, result),
    subscribe: (listener: EventListener) => listenToBridge(app, transcripts, listener),
  };
}

/** Reads the bridge's event stream as the page does; resolves once it is ready. */
async function listenToBridge(
  app: WebApp,
  transcripts: string[],
  listener: EventListener,
): Promise<() => void> {
  const controller = new AbortController();
  const res = await fetch(`${app.bridge.origin}${BRIDGE_PATHS.events}`, {
    headers: { Authorization: `Bearer ${app.bridge.token}` },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`the event stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim() === '') continue;
          const msg = JSON.parse(line) as EventStreamLine;
          if (msg.type === 'ready') ready();
          else {
            transcripts.push(line);
            listener(msg.name, msg.payload);
          }
        }
      }
    } catch {
      // Stopped (aborted) or the bridge closed: nothing more to hear.
    }
  })();
  await isReady;
  return () => controller.abort();
}

/** Fetches a web-mode export through the bridge, with the token, as the page would. */
async function readDownload(app: WebApp, result: Result<'export.objects'>): Promise<string> {
  if (result.kind !== 'download') throw new Error(`expected a download, got ${result.kind}`);
  const res = await fetch(`${app.bridge.origin}${BRIDGE_PATHS.download}${result.downloadId}`, {
    headers: { Authorization: `Bearer ${app.bridge.token}` },
  });
  if (!res.ok) throw new Error(`download answered ${res.status}`);
  return res.text();
}
