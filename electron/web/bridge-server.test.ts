import { once } from 'node:events';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../app/dispatch';
import { EventHub } from '../app/event-hub';
import { CONTENT_SECURITY_POLICY } from '../app/csp';
import { announceLine, HEADERS_TIMEOUT_MS, startBridge, type Bridge } from './bridge-server';
import electronViteConfig from '../../electron.vite.config';

const log = { error: () => {}, warn: () => {} };

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be anything (fetch would fix them). */
function raw(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('web bridge refusals', () => {
  let root: string;
  let bridge: Bridge;
  let hub: EventHub;
  let host: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'taxiway-bridge-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Taxiway</title>');
    hub = new EventHub({ checkPayloads: true, log });
    const handlers = {
      'app.info': async () => ({
        name: 'Taxiway',
        version: '0.0.0-test',
        mode: 'web',
        platform: process.platform,
        keychain: { available: false, storage: 'unavailable' },
      }),
    } as unknown as Handlers;
    bridge = await startBridge({
      handlers,
      hub,
      dispatch: { checkResults: true, log },
      rendererRoot: root,
    });
    host = `127.0.0.1:${bridge.port}`;
    auth = {
      Host: host,
      Authorization: `Bearer ${bridge.token}`,
      'Content-Type': 'application/json',
    };
  });
  afterAll(async () => {
    await bridge.close();
    await rm(root, { recursive: true, force: true });
  });

  const callBody = JSON.stringify({ callId: 'call-0000001', args: {} });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(bridge.origin).hostname).toBe('127.0.0.1');
  });

  it('answers a call with the right token', async () => {
    const res = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: auth,
      body: callBody,
    });
    expect(res.status).toBe(200);
    const last = JSON.parse(res.body.trim().split('\n').at(-1) ?? '{}') as {
      type: string;
      wire: { ok: boolean };
    };
    expect(last).toMatchObject({ type: 'result', wire: { ok: true, value: { mode: 'web' } } });
  });

  it('refuses a call without a token (401)', async () => {
    const { Authorization: _a, ...noToken } = auth;
    const res = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: noToken,
      body: callBody,
    });
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('Taxiway');
  });

  it('refuses a call with a wrong token (401), including one of the right length', async () => {
    for (const wrong of [
      'nope',
      'x'.repeat(bridge.token.length),
      `${bridge.token}x`,
      bridge.token.toUpperCase(),
    ]) {
      const res = await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: { ...auth, Authorization: `Bearer ${wrong}` },
        body: callBody,
      });
      expect(res.status, wrong).toBe(401);
    }
  });

  it('refuses the token in a query string', async () => {
    const { Authorization: _a, ...noToken } = auth;
    const res = await raw(bridge.port, {
      method: 'POST',
      path: `/api/call/app.info?token=${bridge.token}`,
      headers: noToken,
      body: callBody,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host (421), even with the token', async () => {
    for (const h of [
      `evil.example:${bridge.port}`,
      'evil.example',
      '127.0.0.1',
      `127.0.0.1:${bridge.port + 1}`,
      `[::1]:${bridge.port}`,
    ]) {
      const res = await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: { ...auth, Host: h },
        body: callBody,
      });
      expect(res.status, h).toBe(421);
    }
    const page = await raw(bridge.port, { headers: { Host: `evil.example:${bridge.port}` } });
    expect(page.status).toBe(421);
  });

  it('accepts localhost:PORT as the Host', async () => {
    const res = await raw(bridge.port, { headers: { Host: `localhost:${bridge.port}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Origin (403), even with the token', async () => {
    for (const o of [
      'https://evil.example',
      'null',
      `http://127.0.0.1:${bridge.port + 1}`,
      `https://127.0.0.1:${bridge.port}`,
    ]) {
      const res = await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: { ...auth, Origin: o },
        body: callBody,
      });
      expect(res.status, o).toBe(403);
    }
  });

  it('accepts its own Origin', async () => {
    const res = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { ...auth, Origin: bridge.origin },
      body: callBody,
    });
    expect(res.status).toBe(200);
  });

  it('gives an OPTIONS preflight no CORS allowance, and sends no CORS header anywhere', async () => {
    const preflight = await raw(bridge.port, {
      method: 'OPTIONS',
      path: '/api/call/app.info',
      headers: {
        Host: host,
        Origin: bridge.origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const responses = [
      preflight,
      await raw(bridge.port, { headers: { Host: host, Origin: bridge.origin } }),
      await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: auth,
        body: callBody,
      }),
    ];
    for (const res of responses) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('sends the CSP on every response, refusals included', async () => {
    const responses = [
      await raw(bridge.port, { headers: { Host: host } }),
      await raw(bridge.port, { path: '/missing.js', headers: { Host: host } }),
      await raw(bridge.port, { headers: { Host: 'evil.example' } }),
      await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: { Host: host },
        body: callBody,
      }),
      await raw(bridge.port, {
        method: 'POST',
        path: '/api/call/app.info',
        headers: auth,
        body: callBody,
      }),
    ];
    for (const res of responses)
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves the renderer without a token but no file outside it', async () => {
    const page = await raw(bridge.port, { headers: { Host: host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Taxiway</title>');
    for (const p of [
      '/%2e%2e/%2e%2e/etc/passwd',
      '/../../etc/hostname',
      '/assets/..%2f..%2fetc%2fhosts',
    ]) {
      const escape = await raw(bridge.port, { path: p, headers: { Host: host } });
      expect(escape.status, p).toBe(404);
    }
  });

  it('answers a call name with a broken %-escape with 400, not 500', async () => {
    const res = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/%E0%A4%A',
      headers: auth,
      body: callBody,
    });
    expect(res.status).toBe(400);
  });

  it('never serves a source map, even when one lies in the renderer folder', async () => {
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'assets', 'index.js'), 'export {};');
    await writeFile(path.join(root, 'assets', 'index.js.map'), '{"version":3}');
    const script = await raw(bridge.port, { path: '/assets/index.js', headers: { Host: host } });
    expect(script.status).toBe(200);
    for (const p of ['/assets/index.js.map', '/assets/index.js.MAP']) {
      const map = await raw(bridge.port, { path: p, headers: { Host: host } });
      expect(map.status, p).toBe(404);
    }
  });

  it('closes a socket that trickles its headers', async () => {
    const socket = connect(bridge.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
    // One header byte every 200 ms: the headers never end.
    const trickle = setInterval(() => socket.write('X'), 200);
    let answer = '';
    socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
    const started = Date.now();
    await once(socket, 'close');
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 20_000);

  it('refuses a call body that is not JSON (415) or malformed (400)', async () => {
    const text = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: callBody,
    });
    expect(text.status).toBe(415);
    const bad = await raw(bridge.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: auth,
      body: '{',
    });
    expect(bad.status).toBe(400);
  });

  it('prints the token only inside the fragment of the one Taxiway web line', () => {
    const line = announceLine(bridge);
    expect(line.startsWith('Taxiway web: ')).toBe(true);
    const url = new URL(line.slice('Taxiway web: '.length));
    expect(url.hash).toBe(`#token=${bridge.token}`);
    expect(url.search).toBe('');
    expect(url.origin).toBe(bridge.origin);
  });

  it('streams events to a page with the token', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}/api/events`, {
      headers: { Authorization: `Bearer ${bridge.token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"ready"')) text += decoder.decode((await reader.read()).value);
    hub.emit('connections.changed', { ids: ['a'] });
    while (!text.includes('connections.changed'))
      text += decoder.decode((await reader.read()).value);
    expect(text).toContain('{"type":"event","name":"connections.changed","payload":{"ids":["a"]}}');
    controller.abort();
  });

  it('sends events spread over many turns in order, none lost, batched or not', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}/api/events`, {
      headers: { Authorization: `Bearer ${bridge.token}` },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"ready"')) text += decoder.decode((await reader.read()).value);
    text = '';
    // One event a turn, as a walk records its exchanges: some go out together, in order.
    for (let i = 0; i < 500; i++) {
      hub.emit('connections.changed', { ids: [`c${i}`] });
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    while (!text.includes('"c499"')) text += decoder.decode((await reader.read()).value);
    const ids = text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { payload: { ids: string[] } }).payload.ids[0]);
    expect(ids).toEqual(Array.from({ length: 500 }, (_, i) => `c${i}`));
    controller.abort();
  });
});

describe('web bridge launch codes', () => {
  let root: string;
  let bridge: Bridge;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'taxiway-bridge-launch-'));
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

  const trade = (code: string, origin?: string) =>
    raw(bridge.port, {
      method: 'POST',
      path: '/api/session',
      headers: {
        Host: `127.0.0.1:${bridge.port}`,
        'Content-Type': 'application/json',
        ...(origin ? { Origin: origin } : {}),
      },
      body: JSON.stringify({ code }),
    });

  it('puts a one-time code in the fragment, never the token', () => {
    const url = new URL(bridge.launchUrl());
    expect(url.hash).toMatch(/^#launch=[A-Za-z0-9_-]{20,}$/);
    expect(url.href).not.toContain(bridge.token);
    expect(url.search).toBe('');
  });

  it('trades a code for the token exactly once', async () => {
    const code = new URL(bridge.launchUrl()).hash.slice('#launch='.length);
    const first = await trade(code, bridge.origin);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ token: bridge.token });
    const second = await trade(code, bridge.origin);
    expect(second.status).toBe(401);
  });

  it('trades a code only for a JSON request', async () => {
    const code = new URL(bridge.launchUrl()).hash.slice('#launch='.length);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const res = await raw(bridge.port, {
        method: 'POST',
        path: '/api/session',
        headers: { Host: `127.0.0.1:${bridge.port}`, 'Content-Type': type },
        body: JSON.stringify({ code }),
      });
      expect(res.status, type).toBe(415);
    }
    expect((await trade(code, bridge.origin)).status).toBe(200);
  });

  it('refuses an unknown code and a foreign origin', async () => {
    expect((await trade('not-a-code')).status).toBe(401);
    const code = new URL(bridge.launchUrl()).hash.slice('#launch='.length);
    expect((await trade(code, 'https://evil.example')).status).toBe(403);
  });
});

describe('the production build of the renderer', () => {
  it('emits no source map (web mode would serve it), while a development build keeps one', async () => {
    const configOf = electronViteConfig as unknown as (env: { command: string; mode: string }) => {
      renderer: { build: { sourcemap: unknown } };
    };
    expect(configOf({ command: 'build', mode: 'production' }).renderer.build.sourcemap).toBe(false);
    expect(configOf({ command: 'build', mode: 'development' }).renderer.build.sourcemap).toBe(true);
  });
});
