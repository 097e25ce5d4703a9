/** The in-process and web-bridge targets of the contract suite (Electron's lives in e2e/electron). */
import { randomBytes } from 'node:crypto';
import { BRIDGE_PATHS, type CallStreamLine } from '../../shared/api';
import type { Result } from '../../shared/contract';
import type { Wire } from '../../shared/errors';
import { CallRegistry } from '../../electron/app/call-registry';
import type { WebApp } from '../fixtures/web-app';
import type { ContractTarget, TargetCallOptions } from './target';

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
        callId(),
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
            body: JSON.stringify({ callId: callId(), args }),
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
  };
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
