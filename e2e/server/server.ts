/**
 * The project's TAXII 2.1/2.0 server for tests and demos, on node:http/node:https directly: faults
 * such as connection resets, truncated and trickled bodies and silent drops need control of the
 * raw socket that a framework would hide.
 *
 * Each request: record → control endpoints → route → faults (latency, reset, status, redirect) →
 * server-wide quirks → auth → trailing slash/404/405 → Accept (406) → POST size and type → handler
 * → body faults and quirks → write.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { FaultBook, type EndpointName, type FaultAction, type FaultRule } from './faults';
import { sendGenerated, type GeneratedFault } from './generated-faults';
import {
  COLLECTIONS,
  DEMO_CREDENTIALS,
  ROOTS,
  type CollectionKey,
  type CollectionLayout,
  type RootName,
} from './layout';
import { matchesFamily, parseMediaRanges } from './media-types';
import { errorReply, taxiiTypeFor, type Reply } from './reply';
import { allowedMethods, resolveRoute, type Ctx, type Route } from './routes';
import { assertQuirkNames, type QuirkName, type QuirkOptions } from './quirks';
import { ServerState } from './state';
import { makeVersion, type StoredVersion } from './store';
import { buildSeedFeed } from './seed-data';
import { DEFAULT_MITRE_DIR, loadMitre, mitreAvailable } from './mitre';
import { SyntheticCollection } from './synthetic';
import { loopbackRefusal } from '../../electron/web/loopback-request';
import { fingerprint256, makeSelfSignedServerCert, type CertAndKey } from './tls-material';
import { loadDataFile, saveDataFile } from './data-file';
import * as v21 from './handlers-21';
import * as v20 from './handlers-20';
import { applyServerQuirks, bendResponse, camelCaseKeys, type QuirkRuntime } from './quirk-modes';

/** Options of startTaxiiServer. Every field is optional. */
export interface TaxiiServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (0 = a free one, the default). */
  port?: number;
  /** false (default), true = a self-signed certificate made at start, or a given cert/key. */
  tls?: boolean | CertAndKey;
  /** Require a client certificate signed by `ca` (needs tls). */
  requireClientCert?: { ca: string };
  /** The server's maximum page size: `limit` is capped to it (default 100). */
  pageSize?: number;
  /** Load the project's seeded feed (default true). */
  seed?: boolean;
  /** MITRE ATT&CK for ICS folder; default ../shared/data/mitre-attack-ics when present; null disables. */
  mitreDir?: string | null;
  /** N synthetic objects in the `bench` collection (default 0: no bench collection). */
  synthetic?: number;
  /** Delay before a POST's status turns from pending to complete (default 250 ms; 0 = at once). */
  statusDelayMs?: number;
  /** Instead of a delay: the status stays pending for this many polls, then completes. */
  statusPendingPolls?: number;
  /** A completed status is forgotten (404) after this long (default 24 h, the spec's SHOULD). */
  statusRetentionMs?: number;
  /** Writable collections are loaded from and saved to this JSON file. */
  dataFile?: string;
  /** Every object POSTed gets the same date_added (a coarse clock), to test equal values. */
  frozenDateAdded?: boolean;
  /** Fault rules in force from the start. */
  faults?: FaultRule[];
  /** Quirk modes in force from the start. */
  quirks?: QuirkName[];
  /** Numbers for the quirks that need them. */
  quirkOptions?: QuirkOptions;
  /** Expose /__control/ endpoints (faults, quirks, reset, requests) over HTTP. */
  control?: boolean;
  /** Receives one line per request (default: silent). */
  log?: (line: string) => void;
}

/** One request as the server saw it (for assertions: User-Agent, Authorization sent or not…). */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Status answered, 0 when no answer was sent (reset, silent drop). */
  status: number;
  endpoint: EndpointName;
  /** 'main', or 'other' for the second origin that redirects point to. */
  listener: 'main' | 'other';
  /** When the request arrived (ms since the epoch). */
  at: number;
  /**
   * How the exchange ended: `answered` once the whole response went out, `abandoned` when the
   * connection closed first (the client gave up, or a reset fault); unset while in progress.
   */
  ended?: 'answered' | 'abandoned';
}

/** A running server. */
export interface RunningTaxiiServer {
  /** `http(s)://127.0.0.1:PORT`. */
  origin: string;
  /** `${origin}/taxii2/`. */
  discoveryUrl: string;
  /** `${origin}/taxii/` (TAXII 2.0). */
  discovery20Url: string;
  /** The second origin (another port) that redirect faults and quirks send clients to. */
  otherOrigin: string;
  /** Absolute URL of an API root, with its trailing slash. */
  rootUrl(name: RootName): string;
  /** Absolute URL of a collection, with its trailing slash. */
  collectionUrl(rootName: RootName, collectionKey: CollectionKey): string;
  /** The collections this server has (mitre only with its data, bench only when synthetic > 0). */
  collectionKeys: CollectionKey[];
  /** The server certificate (PEM), when TLS is on. */
  certificatePem?: string;
  /** SHA-256 fingerprint of the server certificate, hex with colons, when TLS is on. */
  fingerprint256?: string;
  /** Every request so far (live array; cleared by reset()). */
  readonly requests: RecordedRequest[];
  /** Replaces the fault rules. */
  setFaults(rules: FaultRule[]): void;
  /** Replaces the quirk modes (and optionally their numbers). */
  setQuirks(names: QuirkName[], options?: QuirkOptions): void;
  /** From now on every object added shares one date_added (as `frozenDateAdded` does from the start). */
  freezeDateAdded(): void;
  /** Back to the starting state: data, statuses, faults, quirks and the request log. */
  reset(): void;
  /** Stops both listeners, dropping open connections, and saves the data file. */
  close(): Promise<void>;
}

const MAX_RECORDED = 20_000;

/** The most of an oversized body read before a 413 (beyond it, the connection is just closed). */
const MAX_DRAINED_BYTES = 256 * 1024 * 1024;

/** How long a client may take to send an oversized body before the 413 goes out anyway. */
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Reads and discards a request body: to its end, or until `limit` bytes or `timeoutMs` (then the
 * request is paused and the caller answers anyway). Never throws.
 */
function drainBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('error', done);
      req.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limit) {
        req.pause();
        done();
      }
    };
    const timer = setTimeout(() => {
      req.pause();
      done();
    }, timeoutMs);
    timer.unref();
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
  });
}

function flattenHeaders(h: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** True when the request carries one of the demo credentials (Basic, Bearer or X-Api-Key). */
export function hasDemoCredentials(headers: IncomingMessage['headers']): boolean {
  const auth = headers.authorization ?? '';
  const [scheme = '', value = ''] = auth.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic') {
    const { username, password } = DEMO_CREDENTIALS.basic;
    return safeEqual(Buffer.from(value, 'base64').toString('utf8'), `${username}:${password}`);
  }
  if (scheme.toLowerCase() === 'bearer') return safeEqual(value, DEMO_CREDENTIALS.bearer);
  const key = headers[DEMO_CREDENTIALS.apiKey.header.toLowerCase()];
  return typeof key === 'string' && safeEqual(key, DEMO_CREDENTIALS.apiKey.value);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryAfterValue(v: number | { date: number }): string {
  if (typeof v === 'number') return String(v);
  return new Date(Date.now() + v.date * 1000).toUTCString();
}

/** Starts the server on loopback (by default) and resolves once both listeners are up. */
export async function startTaxiiServer(
  options: TaxiiServerOptions = {},
): Promise<RunningTaxiiServer> {
  const host = options.host ?? '127.0.0.1';
  const pageSize = options.pageSize ?? 100;
  const statusDelayMs = options.statusDelayMs ?? 250;
  const synthetic = options.synthetic ?? 0;
  const mitreDir = options.mitreDir === undefined ? DEFAULT_MITRE_DIR : options.mitreDir;
  const withMitre = mitreAvailable(mitreDir);
  const log = options.log ?? (() => {});
  if (options.quirks) assertQuirkNames(options.quirks);

  const layouts: CollectionLayout[] = Object.values(COLLECTIONS).filter(
    (c) => (c.source !== 'mitre' || withMitre) && (c.source !== 'synthetic' || synthetic > 0),
  );

  // Data: built once; reset() restores writable collections from these snapshots.
  const state = new ServerState(layouts);
  state.policy = {
    delayMs: statusDelayMs,
    pendingPolls: options.statusPendingPolls,
    retentionMs: options.statusRetentionMs ?? 24 * 3_600_000,
  };
  const seedItems = options.seed === false ? [] : buildSeedFeed();
  for (const entry of state.collections.values()) {
    const { source } = entry.layout;
    if (source === 'seed')
      entry.store.addSorted(seedItems.map((i) => makeVersion(i.object, i.micros)));
    if (source === 'mitre' && withMitre)
      loadMitre(mitreDir, entry.store, (m) => state.clock.observe(m));
    if (source === 'synthetic') entry.store.useSynthetic(new SyntheticCollection(synthetic));
  }
  for (const i of seedItems) state.clock.observe(i.micros);
  if (options.frozenDateAdded) state.clock.freeze();
  if (options.dataFile) loadDataFile(options.dataFile, state);
  const initial = new Map<string, StoredVersion[]>();
  for (const [id, entry] of state.collections)
    if (entry.layout.canWrite) initial.set(id, entry.store.all().slice());
  let saveTimer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (options.dataFile) saveDataFile(options.dataFile, state);
  };
  state.onChange = () => {
    if (!options.dataFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      save();
    }, 200);
    saveTimer.unref();
  };

  // TLS material.
  let tlsMaterial: CertAndKey | undefined;
  if (options.tls === true) tlsMaterial = await makeSelfSignedServerCert();
  else if (options.tls) tlsMaterial = options.tls;
  const scheme = tlsMaterial ? 'https' : 'http';

  const faults = new FaultBook();
  faults.set(options.faults ?? []);
  const runtime: QuirkRuntime = {
    quirks: new Set(options.quirks ?? []),
    options: { ...options.quirkOptions },
    rate: { windowStart: 0, count: 0 },
  };
  const requests: RecordedRequest[] = [];
  let mainOrigin = '';
  let otherOrigin = '';

  const handler =
    (listener: 'main' | 'other') =>
    (req: IncomingMessage, res: ServerResponse): void => {
      handle(req, res, listener).catch((e: unknown) => {
        log(`internal error: ${(e as Error).stack ?? String(e)}`);
        if (!res.headersSent) {
          const r = errorReply(500, 'Internal server error', (e as Error).message);
          res.writeHead(500, { 'Content-Type': r.contentType });
          res.end(JSON.stringify(r.json));
        } else res.destroy();
      });
    };

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    listener: 'main' | 'other',
  ): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    // Concatenated, not resolved: a path like //host/x must stay a path, not become a host.
    const url = new URL(`http://placeholder${rawPath.startsWith('/') ? '' : '/'}${rawPath}`);
    const record: RecordedRequest = {
      method,
      path: rawPath,
      headers: flattenHeaders(req.headers),
      status: 0,
      endpoint: 'unknown',
      listener,
      at: started,
    };
    requests.push(record);
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    res.on('finish', () => {
      record.status = res.statusCode;
      record.ended = 'answered';
      log(
        `${method} ${rawPath} ${res.statusCode} ${Date.now() - started}ms${listener === 'other' ? ' (other origin)' : ''}`,
      );
    });
    // A truncated body never 'finish'es; the status that was sent still counts.
    res.on('close', () => {
      if (record.status === 0 && res.headersSent) record.status = res.statusCode;
      record.ended ??= 'abandoned';
    });

    if (options.control && url.pathname.startsWith('/__control/')) {
      // Only local tools and the server's own pages: a foreign Host (DNS rebinding) or a
      // cross-site Origin (a text/plain form POST needs no preflight) could reset or read it.
      const own = new URL(listener === 'main' ? mainOrigin : otherOrigin);
      const refusal = loopbackRefusal(req.headers, {
        scheme,
        port: Number(own.port),
        extraHosts: [own.hostname],
      });
      if (refusal) {
        res.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(refusal.reason);
        return;
      }
      await handleControl(req, res, url, method);
      return;
    }

    const route = resolveRoute(
      url.pathname,
      method,
      runtime.quirks.has('nested-roots') ? '/taxii2' : '',
    );
    record.endpoint = route.endpoint;
    const type = taxiiTypeFor(route.version);
    const actions = faults.take({ endpoint: route.endpoint, method, path: url.pathname, listener });
    const has = <K extends FaultAction['kind']>(
      kind: K,
    ): Extract<FaultAction, { kind: K }> | undefined =>
      actions.find((a) => a.kind === kind) as Extract<FaultAction, { kind: K }> | undefined;

    for (const a of actions) if (a.kind === 'latency') await sleep(a.ms);
    if (has('reset')) {
      req.socket.resetAndDestroy();
      return;
    }
    const statusFault = has('status');
    if (statusFault) {
      const headers: Record<string, string> = {};
      if (statusFault.retryAfter !== undefined)
        headers['Retry-After'] = retryAfterValue(statusFault.retryAfter);
      return send(
        res,
        errorReply(
          statusFault.status,
          statusFault.title ?? http.STATUS_CODES[statusFault.status] ?? 'Error',
          statusFault.description ?? 'Fault switched on for testing.',
          type,
          headers,
        ),
        actions,
      );
    }
    const redirect = has('redirect');
    if (redirect) {
      res.writeHead(redirect.status ?? 307, {
        Location: redirect.to ?? `${otherOrigin}${rawPath}`,
        'Content-Type': type,
        'Content-Length': '0',
      });
      res.end();
      return;
    }

    const body = has('body');
    if (body) {
      return send(
        res,
        { status: body.status ?? 200, contentType: type, resource: true, json: body.json },
        actions,
      );
    }

    const generated = actions.find(
      (a): a is GeneratedFault =>
        a.kind === 'endless' || a.kind === 'huge-page' || a.kind === 'deep-json',
    );
    if (generated && (await sendGenerated(res, generated, route.endpoint, url.searchParams)))
      return;

    const base = `${scheme}://${validHost(req.headers.host) ?? (listener === 'main' ? mainOrigin : otherOrigin).replace(/^https?:\/\//, '')}`;
    const ctx: Ctx = {
      method,
      url,
      query: url.searchParams,
      headers: req.headers,
      listener,
      origin: base,
      state,
      pageSize,
      otherOrigin,
      quirks: runtime.quirks,
      quirkOptions: runtime.options,
      route,
    };
    const oversized = has('oversized-page');
    if (oversized) ctx.oversized = oversized.extra ?? 0;

    const quirkReply = applyServerQuirks(ctx, runtime, req, res, otherOrigin);
    if (quirkReply === 'handled') return;
    if (quirkReply) return send(res, quirkReply, actions);

    let reply = await route21or20(ctx, req, route, type);
    if (runtime.quirks.has('hide-forbidden') && (reply.status === 401 || reply.status === 403)) {
      // §2.3 allows 404 for failed authentication and denied access, to hide what exists.
      reply = errorReply(404, 'Not found', 'Nothing here (or nothing you may see).', type);
    }
    return send(res, bendResponse(reply, route, runtime.quirks), actions);
  }

  async function route21or20(
    ctx: Ctx,
    req: IncomingMessage,
    route: Route,
    type: string,
  ): Promise<Reply> {
    if (route.root?.auth === 'demo' && !hasDemoCredentials(req.headers)) {
      return errorReply(
        401,
        'Authentication required',
        `This API root needs HTTP Basic, a bearer token or an ${DEMO_CREDENTIALS.apiKey.header} header.`,
        type,
        {
          'WWW-Authenticate': `Basic realm="${DEMO_CREDENTIALS.realm}"`,
        },
      );
    }
    if (route.endpoint === 'unknown') {
      return errorReply(
        404,
        'Not found',
        `Nothing at ${ctx.url.pathname}. TAXII 2.1 discovery is at /taxii2/, TAXII 2.0 at /taxii/.`,
        type,
      );
    }
    if (route.missingSlash) {
      return errorReply(
        404,
        'Not found',
        `TAXII URLs end with "/" before the query: try ${ctx.url.pathname}/`,
        type,
      );
    }
    const allowed = allowedMethods(route);
    if (!allowed.includes(ctx.method)) {
      return errorReply(
        405,
        'Method not allowed',
        `${ctx.method} is not allowed here; use ${allowed.join(' or ')}.`,
        type,
        { Allow: allowed.join(', ') },
      );
    }
    const accept = req.headers.accept;
    const families =
      route.version === '2.1'
        ? (['taxii21'] as const)
        : route.endpoint === 'objects' || route.endpoint === 'object'
          ? (['stix20', 'taxii20'] as const)
          : (['taxii20'] as const);
    // medallion matches the Accept header exactly, so the bare type (which §1.6.8 says means the
    // latest version) is refused.
    const versionRequired = route.version === '2.1' && ctx.quirks.has('versioned-accept-only');
    if (
      !matchesFamily(accept, [...families]) ||
      (versionRequired && !parseMediaRanges(accept).some((r) => r.params.version === '2.1'))
    ) {
      const wanted =
        route.version === '2.1'
          ? 'application/taxii+json;version=2.1'
          : families[0] === 'stix20'
            ? 'application/vnd.oasis.stix+json; version=2.0'
            : 'application/vnd.oasis.taxii+json; version=2.0';
      return errorReply(
        406,
        'Not Acceptable',
        `Accept must name ${wanted}; got ${JSON.stringify(accept ?? '')}.`,
        type,
      );
    }
    if (ctx.method === 'POST') {
      const bodyOrReply = await readBody(req, route, type);
      if (!Buffer.isBuffer(bodyOrReply)) return bodyOrReply;
      ctx.body = bodyOrReply;
    }
    if (route.version === '2.0') {
      switch (route.endpoint) {
        case 'discovery':
          return v20.discovery20(ctx);
        case 'api-root':
          return v20.apiRoot20(ctx);
        case 'status':
          return v20.status20(ctx);
        case 'collections':
          return v20.collections20(ctx);
        case 'collection':
          return v20.collection20(ctx);
        case 'manifest':
          return v20.manifest20(ctx);
        case 'objects':
          return v20.objects20(ctx);
        case 'add-objects':
          return v20.addObjects20(ctx);
        case 'object':
          return v20.object20(ctx);
        default:
          return errorReply(404, 'Not found', 'TAXII 2.0 has no such endpoint.', type);
      }
    }
    switch (route.endpoint) {
      case 'discovery':
        return v21.discovery21(ctx);
      case 'api-root':
        return v21.apiRoot21(ctx);
      case 'status':
        return v21.status21(ctx);
      case 'collections':
        return v21.collections21(ctx);
      case 'collection':
        return v21.collection21(ctx);
      case 'manifest':
        return v21.objectsOrManifest21(ctx, 'manifest');
      case 'objects':
        return v21.objectsOrManifest21(ctx, 'objects');
      case 'add-objects':
        return v21.addObjects21(ctx);
      case 'object':
        return v21.object21(ctx);
      case 'delete-object':
        return v21.delete21(ctx);
      case 'versions':
        return v21.versions21(ctx);
      default:
        return errorReply(404, 'Not found', 'No such endpoint.', type);
    }
  }

  /** Reads a POST body after checking Content-Length against the root's max_content_length. */
  async function readBody(
    req: IncomingMessage,
    route: Route,
    type: string,
  ): Promise<Buffer | Reply> {
    const max = route.root?.maxContentLength ?? 0;
    const lengthHeader = req.headers['content-length'];
    if (lengthHeader === undefined) {
      return errorReply(
        411,
        'Length Required',
        'POST requests need a Content-Length header (send the body as one buffer, not chunked).',
        type,
        { Connection: 'close' },
      );
    }
    if (!/^\d+$/.test(lengthHeader))
      return errorReply(
        400,
        'Bad Content-Length',
        `Content-Length "${lengthHeader}" is not a number.`,
        type,
        { Connection: 'close' },
      );
    const length = Number(lengthHeader);
    if (length > max) {
      // Read the body (and drop it) before answering: closing the connection while the client
      // is still sending makes the kernel reset it, and the client then sees ECONNRESET or
      // EPIPE instead of the 413 (and a client that writes, then reads, never sees it).
      await drainBody(req, MAX_DRAINED_BYTES, DRAIN_TIMEOUT_MS);
      return errorReply(
        413,
        'Payload Too Large',
        `The body is ${length} octets; this API root accepts at most ${max} (max_content_length). Split the envelope.`,
        type,
        { Connection: 'close' },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function send(res: ServerResponse, reply: Reply, actions: FaultAction[]): Promise<void> {
    let json = reply.json;
    if (runtime.quirks.has('camel-case') && reply.resource && json !== undefined)
      json = camelCaseKeys(json);
    let body =
      reply.raw !== undefined
        ? Buffer.from(reply.raw)
        : json !== undefined
          ? Buffer.from(JSON.stringify(json))
          : Buffer.alloc(0);
    let contentType = reply.contentType;
    if (runtime.quirks.has('unversioned-content-type') && /json/.test(contentType))
      contentType = 'application/json';
    if (actions.some((a) => a.kind === 'malformed-json') && body.length) {
      body = Buffer.concat([
        body.subarray(0, Math.max(1, Math.floor(body.length / 2))),
        Buffer.from('{"oops": '),
      ]);
    }
    const wrong = actions.find((a) => a.kind === 'wrong-content-type');
    if (wrong) contentType = wrong.contentType ?? 'text/html; charset=utf-8';
    const headers: Record<string, string> = {
      ...reply.headers,
      'Content-Type': contentType,
      'Content-Length': String(body.length),
    };
    const truncate = actions.find((a) => a.kind === 'truncate');
    const trickle = actions.find((a) => a.kind === 'trickle');
    res.writeHead(reply.status, headers);
    if (truncate) {
      const n = Math.min(
        truncate.bytes ?? Math.floor(body.length / 2),
        Math.max(0, body.length - 1),
      );
      res.write(body.subarray(0, n), () => res.socket?.destroy());
      return;
    }
    if (trickle) {
      res.flushHeaders();
      for (let i = 0; i < body.length; i += trickle.bytes) {
        if (res.destroyed) return;
        res.write(body.subarray(i, i + trickle.bytes));
        await sleep(trickle.intervalMs);
      }
      res.end();
      return;
    }
    res.end(body);
  }

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
  ): Promise<void> {
    const answer = (status: number, value: unknown): void => {
      const body = JSON.stringify(value, null, 2);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
      });
      res.end(body);
    };
    let input: unknown;
    if (method === 'PUT' || method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        input = text ? JSON.parse(text) : undefined;
      } catch {
        return answer(400, { error: 'body is not JSON' });
      }
    }
    try {
      switch (`${method} ${url.pathname}`) {
        case 'GET /__control/':
          return answer(200, {
            endpoints: [
              'GET|PUT /__control/faults',
              'GET|PUT /__control/quirks',
              'POST /__control/reset',
              'GET|DELETE /__control/requests',
            ],
          });
        case 'GET /__control/faults':
          return answer(200, { faults: faults.list() });
        case 'PUT /__control/faults':
        case 'POST /__control/faults': {
          const rules = Array.isArray(input) ? input : (input as { faults?: unknown })?.faults;
          if (!Array.isArray(rules))
            return answer(400, {
              error: 'send a JSON array of fault rules, or { "faults": [...] }',
            });
          faults.set(rules as FaultRule[]);
          return answer(200, { faults: faults.list() });
        }
        case 'GET /__control/quirks':
          return answer(200, { quirks: [...runtime.quirks], options: runtime.options });
        case 'PUT /__control/quirks':
        case 'POST /__control/quirks': {
          const body = (Array.isArray(input) ? { quirks: input } : input) as
            { quirks?: unknown; options?: QuirkOptions } | undefined;
          if (!body || !Array.isArray(body.quirks))
            return answer(400, {
              error: 'send { "quirks": [names], "options"?: {...} } or an array of names',
            });
          setQuirks(body.quirks as string[], body.options);
          return answer(200, { quirks: [...runtime.quirks], options: runtime.options });
        }
        case 'POST /__control/reset':
          reset();
          return answer(200, { reset: true });
        case 'GET /__control/requests':
          return answer(200, {
            requests: requests.map((r) => ({
              ...r,
              headers: Object.fromEntries(
                Object.entries(r.headers).map(([k, v]) => [
                  k,
                  k === 'authorization' || k === 'x-api-key' ? '[present]' : v,
                ]),
              ),
            })),
          });
        case 'DELETE /__control/requests':
          requests.length = 0;
          return answer(200, { cleared: true });
        default:
          return answer(404, { error: `no control endpoint ${method} ${url.pathname}` });
      }
    } catch (e) {
      return answer(400, { error: (e as Error).message });
    }
  }

  function setQuirks(names: string[], quirkOptions?: QuirkOptions): void {
    assertQuirkNames(names);
    runtime.quirks = new Set(names);
    if (quirkOptions) runtime.options = { ...quirkOptions };
    runtime.rate = { windowStart: 0, count: 0 };
  }

  function reset(): void {
    state.stop();
    for (const [id, versions] of initial) {
      const entry = state.collections.get(id);
      if (!entry) continue;
      entry.store.clear();
      entry.store.addSorted([...versions]);
    }
    state.statuses.clear();
    faults.set([]);
    runtime.quirks = new Set(options.quirks ?? []);
    runtime.options = { ...options.quirkOptions };
    runtime.rate = { windowStart: 0, count: 0 };
    requests.length = 0;
  }

  const sockets = new Set<Socket>();
  const create = (listener: 'main' | 'other'): http.Server => {
    const h = handler(listener);
    const server = tlsMaterial
      ? https.createServer(
          {
            cert: tlsMaterial.cert,
            key: tlsMaterial.key,
            minVersion: 'TLSv1.2',
            ...(options.requireClientCert
              ? { requestCert: true, rejectUnauthorized: true, ca: options.requireClientCert.ca }
              : {}),
          },
          h,
        )
      : http.createServer(h);
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  };
  const main = create('main');
  const other = create('other');
  const listen = (s: http.Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
    });
  const mainPort = await listen(main, options.port ?? 0);
  const otherPort = await listen(other, 0);
  const displayHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  mainOrigin = `${scheme}://${displayHost}:${mainPort}`;
  otherOrigin = `${scheme}://${displayHost}:${otherPort}`;

  return {
    origin: mainOrigin,
    discoveryUrl: `${mainOrigin}/taxii2/`,
    discovery20Url: `${mainOrigin}/taxii/`,
    otherOrigin,
    rootUrl: (name) => `${mainOrigin}${ROOTS[name].path}`,
    collectionUrl: (rootName, key) =>
      `${mainOrigin}${ROOTS[rootName].path}collections/${COLLECTIONS[key].id}/`,
    collectionKeys: layouts.map((l) => l.key as CollectionKey),
    certificatePem: tlsMaterial?.cert,
    fingerprint256: tlsMaterial ? fingerprint256(tlsMaterial.cert) : undefined,
    requests,
    setFaults: (rules) => faults.set(rules),
    setQuirks: (names, quirkOptions) => setQuirks(names, quirkOptions),
    freezeDateAdded: () => state.clock.freeze(),
    reset,
    async close() {
      state.stop();
      if (saveTimer) clearTimeout(saveTimer);
      save();
      for (const s of sockets) s.destroy();
      await Promise.all(
        [main, other].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function validHost(host: string | undefined): string | undefined {
  return host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host)
    ? host
    : undefined;
}
