/**
 * Web mode's transport: a loopback HTTP bridge over the same dispatch as Electron IPC. It serves
 * the built renderer and the contract, and refuses everything that is not this run's own page:
 * 127.0.0.1 only, a random per-run bearer token, `Host` must name the bridge itself (DNS
 * rebinding), a foreign `Origin` is refused, and no CORS header is ever sent. Every response
 * carries the app's CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BRIDGE_PATHS, type CallStreamLine, type EventStreamLine } from '../../shared/api';
import { resolveAppFile } from '../app/app-files';
import { CallRegistry } from '../app/call-registry';
import { SECURITY_HEADERS } from '../app/csp';
import type { DispatchOptions, Handlers } from '../app/dispatch';
import type { EventHub } from '../app/event-hub';
import type { DownloadSink } from '../app/export-sink';
import { loopbackRefusal } from './loopback-request';

/** The loopback address the bridge binds: never 0.0.0.0, never ::. */
export const BRIDGE_HOST = '127.0.0.1';

/** Events wait at most this long to go out together with the next ones (see serveEvents). */
const EVENT_BATCH_MS = 16;

/** The largest request body accepted (a bundle to publish, as text, plus its JSON envelope). */
export const MAX_BODY_BYTES = 210 * 1024 * 1024;

/**
 * How long a client may take to send a request's headers before its socket is closed: a page's
 * own requests take milliseconds; a socket that trickles headers only holds a slot open.
 */
export const HEADERS_TIMEOUT_MS = 5_000;

/** What the bridge needs. */
export interface BridgeOptions {
  handlers: Handlers;
  hub: EventHub;
  dispatch: DispatchOptions;
  /** The built renderer (out/renderer). */
  rendererRoot: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where web-mode exports wait to be fetched. */
  downloads?: DownloadSink;
}

/** A running bridge. */
export interface Bridge {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** This run's token. Shown to the user only inside `url`'s fragment. */
  token: string;
  /** The address to open: the token rides in the fragment, which browsers never send or log. */
  url: string;
  /**
   * A one-time address for launching a browser (`#launch=<code>`): the page trades the code for
   * the token once, within two minutes. Browser command lines are readable by other local users
   * (/proc/PID/cmdline), so the token itself never goes on one.
   */
  launchUrl(): string;
  /** Calls in flight (for tests). */
  readonly inFlight: number;
  close(): Promise<void>;
}

/** The line web mode prints (the only place the token is shown). */
export function announceLine(bridge: Pick<Bridge, 'url'>): string {
  return `Taxiway web: ${bridge.url}`;
}

/** A random per-run token: 32 bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts the bridge on 127.0.0.1. */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = newToken();
  const tokenBytes = Buffer.from(token);
  const registry = new CallRegistry();
  const launchCodes = new Map<string, number>();
  const sockets = new Set<Socket>();
  let port = 0;

  const authorised = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    const given = Buffer.from(header.slice('Bearer '.length).trim());
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  };

  // Node checks the header deadline every connectionsCheckingInterval, so keep that shorter.
  const serverOptions = { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 };
  const server: Server = createServer(serverOptions, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.dispatch.log.error('web bridge request failed', { error: String(error) });
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding and cross-site pages: the same rule as the demo server's control endpoints.
    const refusal = loopbackRefusal(req.headers, { scheme: 'http', port });
    if (refusal) return send(res, refusal.status, refusal.reason);
    // No CORS: a preflight gets no allowance, so a cross-origin JSON POST never happens.
    if (req.method === 'OPTIONS')
      return send(res, 405, 'Method not allowed', { Allow: 'GET, HEAD, POST' });

    const url = new URL(req.url ?? '/', `http://${BRIDGE_HOST}:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      // Source maps (a dev build's) are never served: they hand out the whole source.
      if (/\.map$/i.test(rawPath(req.url ?? '/'))) return send(res, 404, 'Not found');
      // The raw path, not the URL parser's: a `..` in any encoding is refused, never resolved away.
      return serveFile(req, res, rawPath(req.url ?? '/'));
    }
    if (url.pathname === BRIDGE_PATHS.session && req.method === 'POST')
      return serveSession(req, res);
    if (!authorised(req)) return send(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });

    if (url.pathname.startsWith(BRIDGE_PATHS.call)) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', { Allow: 'POST' });
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice(BRIDGE_PATHS.call.length));
      } catch {
        return send(res, 400, 'Malformed call name'); // a broken %-escape (URIError)
      }
      return serveCall(req, res, name);
    }
    if (url.pathname === BRIDGE_PATHS.events) {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', { Allow: 'GET' });
      return serveEvents(req, res);
    }
    if (url.pathname.startsWith(BRIDGE_PATHS.download)) {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', { Allow: 'GET' });
      return serveDownload(res, url.pathname.slice(BRIDGE_PATHS.download.length));
    }
    return send(res, 404, 'Not found');
  }

  async function serveFile(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<void> {
    const resolved = await resolveAppFile(opts.rendererRoot, pathname);
    if (!resolved.ok) return send(res, resolved.status, 'Not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': resolved.contentType });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(resolved.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!isJson(req)) return send(res, 415, 'Expected application/json');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_BODY_BYTES));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      return send(res, tooLarge ? 413 : 400, tooLarge ? 'Request too large' : 'Malformed JSON');
    }
    const { callId, args } = (typeof body === 'object' && body !== null ? body : {}) as {
      callId?: unknown;
      args?: unknown;
    };

    // The client aborting its fetch closes the response before it finished: that is the cancel.
    const closed = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) closed.abort();
    });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/x-ndjson; charset=utf-8',
    });
    res.flushHeaders();
    const writeLine = (line: CallStreamLine): void => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(line)}\n`);
    };
    const wire = await registry.run(
      opts.handlers,
      callId,
      name,
      args,
      (progress) => writeLine({ type: 'progress', progress }),
      opts.dispatch,
      closed.signal,
    );
    writeLine({ type: 'result', wire });
    res.end();
  }

  async function serveSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // JSON only: a form or text/plain POST is what a cross-site page can send without asking.
    if (!isJson(req)) return send(res, 415, 'Expected application/json');
    let code: unknown;
    try {
      code = (JSON.parse(await readBody(req, 4096)) as { code?: unknown }).code;
    } catch {
      return send(res, 400, 'Malformed JSON');
    }
    const expires = typeof code === 'string' ? launchCodes.get(code) : undefined;
    if (typeof code === 'string') launchCodes.delete(code);
    if (expires === undefined || expires < Date.now())
      return send(res, 401, 'Unknown or used launch code');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ token }));
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/x-ndjson; charset=utf-8',
    });
    // Events are written in batches, at most one write per EVENT_BATCH_MS: a walk records an
    // exchange per page, and one write (a syscall and a wake-up of the page) per event cost the
    // main process more than the walk's own work.
    let pending: string[] = [];
    let batch: NodeJS.Timeout | undefined;
    const flush = (): void => {
      batch = undefined;
      const chunk = pending.join('');
      pending = [];
      if (chunk !== '' && !res.writableEnded && !res.destroyed) res.write(chunk);
    };
    const write = (line: EventStreamLine): void => {
      pending.push(`${JSON.stringify(line)}\n`);
      batch ??= setTimeout(flush, EVENT_BATCH_MS);
    };
    write({ type: 'ready' });
    flush();
    const unsubscribe = opts.hub.subscribe((name, payload) =>
      write({ type: 'event', name, payload }),
    );
    // An empty line now and then keeps idle proxies and timers from closing the stream.
    const keepAlive = setInterval(() => res.write('\n'), 25_000);
    keepAlive.unref();
    req.socket.setTimeout(0);
    res.on('close', () => {
      clearInterval(keepAlive);
      clearTimeout(batch);
      unsubscribe();
    });
  }

  async function serveDownload(res: ServerResponse, id: string): Promise<void> {
    const pending = /^[a-f0-9]{32}$/.test(id) ? opts.downloads?.take(id) : undefined;
    if (!pending) return send(res, 404, 'No such download');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': pending.contentType,
      'Content-Disposition': `attachment; filename="${pending.fileName.replace(/["\\]/g, '_')}"`,
    });
    const stream = createReadStream(pending.file);
    stream.on('error', () => res.destroy());
    res.on('close', () => void rm(pending.file, { force: true }));
    stream.pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, BRIDGE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${BRIDGE_HOST}:${port}`;

  return {
    origin,
    port,
    token,
    url: `${origin}/#token=${token}`,
    launchUrl: () => {
      const code = randomBytes(16).toString('base64url');
      launchCodes.set(code, Date.now() + 120_000);
      return `${origin}/#launch=${code}`;
    },
    get inFlight() {
      return registry.size;
    },
    close: async () => {
      registry.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

class BodyTooLarge extends Error {}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** The request target's path exactly as sent (no query, no dot-segment removal). */
function rawPath(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
  });
  res.end(text);
}
