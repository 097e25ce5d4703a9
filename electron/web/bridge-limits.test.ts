/**
 * The bridge's bounds over real HTTP: a request body larger than the limit (4 KiB on the
 * unauthenticated session exchange, MAX_BODY_BYTES on calls) is refused before it is all read,
 * and a launch code is good for two minutes only (the clock is vitest's fake Date; the server's
 * sockets and timers stay real).
 */
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../app/dispatch';
import { EventHub } from '../app/event-hub';
import { MAX_BODY_BYTES, startBridge, type Bridge } from './bridge-server';

const log = { error: () => {}, warn: () => {} };

/** How an upload ended: the server's status, or the connection closed (`closed`) before one. */
interface UploadOutcome {
  status?: number;
  body: string;
  closed: boolean;
}

/**
 * POSTs a JSON document of about `bytes` bytes, streamed in 4 MiB chunks with backpressure:
 * `{ ...fields, "pad": "aaa…" }`, valid JSON however long.
 */
function upload(
  port: number,
  pathname: string,
  headers: Record<string, string>,
  fields: Record<string, unknown>,
  bytes: number,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: UploadOutcome): void => {
      if (!settled) resolve(o);
      settled = true;
    };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: pathname,
        headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => done({ status: res.statusCode, body, closed: false }));
        res.on('error', () => done({ status: res.statusCode, body, closed: true }));
      },
    );
    req.on('error', () => done({ body: '', closed: true }));
    const head = JSON.stringify(fields).slice(0, -1) + ',"pad":"';
    const chunk = Buffer.alloc(4 * 1024 * 1024, 'a');
    let left = bytes - head.length - 2;
    req.write(head);
    const pump = (): void => {
      while (left > 0 && !req.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end('"}');
    };
    pump();
  });
}

describe('web bridge limits', () => {
  let root: string;
  let bridge: Bridge;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'taxiway-bridge-limits-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    bridge = await startBridge({
      handlers: {} as Handlers,
      hub: new EventHub({ checkPayloads: true, log }),
      dispatch: { checkResults: true, log },
      rendererRoot: root,
    });
  });
  afterAll(async () => {
    await bridge.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const codeOf = (launchUrl: string): string => new URL(launchUrl).hash.slice('#launch='.length);
  const trade = (code: string, padTo = 0): Promise<UploadOutcome> =>
    upload(bridge.port, '/api/session', {}, { code }, Math.max(padTo, 64));

  it('trades a launch code sent in a small body', async () => {
    const outcome = await trade(codeOf(bridge.launchUrl()), 4000);
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body)).toEqual({ token: bridge.token });
  });

  it('refuses a session body over 4 KiB, even one holding a valid code', async () => {
    const outcome = await trade(codeOf(bridge.launchUrl()), 5000);
    expect(outcome.status).not.toBe(200);
    expect(outcome.body).not.toContain(bridge.token);
  });

  it('refuses a call body over the limit before reading it all', async () => {
    const outcome = await upload(
      bridge.port,
      '/api/call/connections.list',
      { Authorization: `Bearer ${bridge.token}` },
      { callId: 'c-large', args: {} },
      MAX_BODY_BYTES + 1024 * 1024,
    );
    // Either a 413 or the connection closed mid-upload; never the call's answer.
    if (!outcome.closed) expect(outcome.status).toBe(413);
    expect(outcome.body).not.toContain('"type":"result"');
  }, 60_000);

  it('accepts a launch code for two minutes, and not after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issued = Date.now();
    const fresh = codeOf(bridge.launchUrl());
    const stale = codeOf(bridge.launchUrl());
    vi.setSystemTime(issued + 119_000);
    expect((await trade(fresh)).status).toBe(200);
    vi.setSystemTime(issued + 121_000);
    const late = await trade(stale);
    expect(late.status).toBe(401);
    expect(late.body).not.toContain(bridge.token);
  });
});
