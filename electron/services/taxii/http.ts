/**
 * The request engine: every HTTP exchange of the TAXII client goes through `HttpEngine.request`.
 *
 * Built on `undici.request` over one `Agent` per connection (keep-alive pool per origin), not on
 * `fetch`: `request` skips the WHATWG stream and Headers machinery, which is measurably faster for
 * many large pages, and leaves redirects to us, which we need in order to refuse cross-origin
 * hops before any credential leaves. The Agent's connector (./connector.ts) decides TLS trust.
 *
 * Per request: credentials (auth, secret headers, secret query parameters) only to
 * `authOrigins`, extra headers, User-Agent, a timeout for the connection, the headers and each
 * pause in the body, the caller's AbortSignal, same-origin redirects followed (≤ 5), and an
 * `onExchange` record with secrets redacted. Around that (./retry.ts): the connection's request
 * budget, the server's Retry-After on 429/503 (which pauses the whole connection), and retries
 * with backoff for transient failures; every wait is announced before it starts.
 */
import type { LookupFunction } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { AppError, isAppError } from '../../../shared/errors';
import { DEFAULT_DEADLINE_MS } from '../../../shared/profile';
import type { WaitNotice, WaitReason } from '../../../shared/taxii/waits';
import pkg from '../../../package.json' with { type: 'json' };
import { makeConnector } from './connector';
import { toNetworkError } from './network-errors';
import type { ConnectionOptions, ExchangeRecord } from './options';
import { isSecretName, redactHeaders, safeUrl } from './redact';
import { retryAfterSeconds } from './responses';
import {
  backoffMs,
  BudgetGate,
  describeBudget,
  retryPolicy,
  sleep,
  waitNotice,
  type FullRetryPolicy,
} from './retry';

/** `Taxiway/<version> (+node)`: names the software and version, as TAXII asks clients to (§1.6.9 / digest §10). */
export const USER_AGENT = `Taxiway/${pkg.version} (+node)`;

/** Default per-request timeout (connect, headers, each pause in the body), ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Default whole-response deadline, ms (the profiles' default): the per-pause timeout alone never
 * fires while a server keeps trickling bytes.
 */
export { DEFAULT_DEADLINE_MS };

/**
 * Largest answer read into memory; beyond it the answer is refused. Parsed JSON of small STIX
 * objects takes about ten times its text (measured: 500 MiB of tiny objects, 5.4 GB), and a V8
 * heap with pointer compression (Electron) ends at 4 GB: 100 MiB peaks near 1 GB, so even two
 * walks at once fit, while the largest honest single page (ATT&CK Enterprise served whole by a
 * server that ignores `limit`, about 50 MB) still does.
 */
export const MAX_BODY_BYTES = 100 * 1024 * 1024;

const MAX_REDIRECTS = 5;

// Failures that may pass on a second try (for GET): the connection dropped, not "nobody there".
const RESET_CAUSES = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ECONNABORTED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** One request. Header names are case-insensitive; the engine adds auth, User-Agent and Content-Length. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this request. */
  timeoutMs?: number;
  /** Overrides the connection's whole-response deadline for this request. */
  deadlineMs?: number;
  /** Told about each wait this request takes (besides the connection's `onWait`). */
  onWait?: (notice: WaitNotice) => void;
  /** false: one attempt only, whatever the connection's retry policy (the budget still applies). */
  retry?: boolean;
}

/** A complete answer. Header names are lower case; repeated headers are joined with ", ". */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered (after same-origin redirects), without credentials. */
  url: string;
  /** The URL asked for, without credentials. */
  requestUrl: string;
  /** The waits taken before this answer (Retry-After, backoff), oldest first. */
  waits?: WaitNotice[];
}

/** Engine options that are not part of a connection profile (tests use them). */
export interface EngineInternals {
  /** A DNS lookup of one's own (e.g. to point a test name at loopback). */
  lookup?: LookupFunction;
}

/** The error of an attempt that ran past its whole-response deadline. */
function deadlineError(
  host: string,
  where: string,
  deadlineMs: number,
  inBody: boolean,
  bytes: number,
): AppError {
  const seconds = Math.round(deadlineMs / 100) / 10;
  return new AppError({
    code: 'TIMEOUT',
    message: inBody
      ? `${host} did not finish its answer within ${seconds} s, the deadline for a whole response (${bytes} bytes had arrived; it was still sending).`
      : `${host} did not answer within ${seconds} s, the deadline for a whole response.`,
    hint: 'The server is sending very slowly. Try again later, ask for smaller pages, or raise the deadline (--deadline, or the connection’s deadline setting).',
    where,
    retryable: true,
    details: { cause: 'deadline', deadlineMs },
  });
}

function originOf(url: string): string {
  return new URL(url).origin;
}

function hostOf(url: URL): string {
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Sends HTTP requests for one connection (one set of ConnectionOptions). Close it when done. */
export class HttpEngine {
  private readonly options: ConnectionOptions;
  private readonly agent: Agent;
  private authOrigins: Set<string> | undefined;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  /** Header names (lower case) whose values are secrets for this connection. */
  private readonly secretHeaderNames: string[];
  /** `secretHeaders` (lower case): secret whatever their name. */
  private readonly markedSecret: Set<string>;
  /** Names (lower case) of the secret query parameters, redacted in every URL shown. */
  readonly secretParams: ReadonlySet<string>;
  private readonly retry: FullRetryPolicy;
  private readonly budget: BudgetGate | undefined;
  /** A 429/503 with Retry-After pauses every request of the connection until then. */
  private pausedUntil = 0;
  private pause: { reason: WaitReason; status: number } = { reason: 'rate-limited', status: 429 };

  constructor(options: ConnectionOptions = {}, internals: EngineInternals = {}) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.authOrigins = options.authOrigins?.length
      ? new Set(options.authOrigins.map((o) => originOf(o)))
      : undefined;
    this.markedSecret = new Set((options.secretHeaders ?? []).map((h) => h.toLowerCase()));
    this.secretParams = new Set(Object.keys(options.query ?? {}).map((q) => q.toLowerCase()));
    this.secretHeaderNames = [
      'authorization',
      ...(options.auth?.kind === 'header' ? [options.auth.name.toLowerCase()] : []),
      ...Object.keys(options.headers ?? {})
        .filter((h) => this.isSecretHeader(h))
        .map((h) => h.toLowerCase()),
    ];
    this.retry = retryPolicy(options.retry);
    this.budget = options.budget ? new BudgetGate(options.budget) : undefined;
    this.agent = new Agent({
      connect: makeConnector({
        tls: options.tls,
        proxy: options.proxy,
        timeoutMs: this.timeoutMs,
        ...(internals.lookup ? { lookup: internals.lookup } : {}),
      }),
      keepAliveTimeout: 10_000,
      connections: 8,
    });
  }

  /** Origins that receive credentials (set from the first URL when the options named none). */
  get credentialOrigins(): string[] {
    return [...(this.authOrigins ?? [])];
  }

  /** True when the connection has credentials to send (auth, or a client certificate aside). */
  get hasCredentials(): boolean {
    return (this.options.auth?.kind ?? 'none') !== 'none' || this.secretHeaderNames.length > 1;
  }

  /** Pins the default credential origin to `url`'s origin if none is set yet. */
  bindCredentials(url: string): void {
    if (!this.authOrigins) this.authOrigins = new Set([originOf(url)]);
  }

  private isSecretHeader(name: string): boolean {
    return isSecretName(name) || this.markedSecret.has(name.toLowerCase());
  }

  /** `url` fit to show: no userinfo, secret-looking and this connection's secret query values redacted. */
  safe(url: string | URL): string {
    return safeUrl(url, this.secretParams);
  }

  /** A URL from a header (maybe relative to `base`) fit to show, like `safe`. */
  private safeRelative(value: string, base: URL): string {
    try {
      return this.safe(new URL(value, base));
    } catch {
      return '(unparseable URL)';
    }
  }

  /** The headers this connection adds for `origin`: credentials and secret headers only if allowed. */
  private connectionHeaders(origin: string): Record<string, string> {
    const out: Record<string, string> = {};
    const trusted = this.authOrigins?.has(origin) ?? false;
    for (const [name, value] of Object.entries(this.options.headers ?? {})) {
      if (!this.isSecretHeader(name) || trusted) out[name.toLowerCase()] = value;
    }
    const auth = this.options.auth;
    if (trusted && auth) {
      if (auth.kind === 'basic') {
        out.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
      } else if (auth.kind === 'bearer') out.authorization = `Bearer ${auth.token}`;
      else if (auth.kind === 'header') out[auth.name.toLowerCase()] = auth.value;
    }
    return out;
  }

  /** True when this connection would send credentials to `url`. */
  sendsCredentialsTo(url: string): boolean {
    return (
      (this.authOrigins?.has(originOf(url)) ?? false) &&
      (this.options.auth?.kind ?? 'none') !== 'none'
    );
  }

  /**
   * Sends one request and reads the whole answer. Any status comes back as a response (the TAXII
   * layer maps statuses to errors); failures to get an answer throw AppError (NETWORK, DNS, TLS…,
   * TIMEOUT, CANCELLED, REDIRECT_REFUSED). Waits for the budget and any pause first, and retries
   * as the connection's policy says (see the file comment).
   */
  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const policy = this.retry;
    const maxAttempts = req.retry === false ? 1 : policy.maxAttempts;
    const waits: WaitNotice[] = [];
    let timeouts = 0;
    const where = this.safe(url);
    for (let attempt = 1; ; attempt++) {
      await this.gate(req, where);
      const last = attempt >= maxAttempts;
      let res: HttpResponse;
      try {
        res = await this.send(url, req);
      } catch (err) {
        if (!isAppError(err) || last || method !== 'GET') throw err;
        const cause = String(err.wire.details?.cause ?? '');
        const timedOut = err.code === 'TIMEOUT';
        // A server that needed the whole deadline would need it again: no second attempt.
        if (cause === 'deadline') throw err;
        if (timedOut && timeouts >= policy.timeoutRetries) throw err;
        if (!timedOut && !(err.code === 'NETWORK' && RESET_CAUSES.has(cause))) throw err;
        if (timedOut) timeouts++;
        await this.announce(req, waits, {
          reason: 'retry',
          ms: backoffMs(policy, attempt + 1),
          attempt: attempt + 1,
          maxAttempts,
          cause: timedOut ? 'the server did not answer in time' : 'the connection was dropped',
          url: where,
        });
        continue;
      }
      const status = res.status;
      if (!last && (status === 429 || status === 503)) {
        const asked = retryAfterSeconds(res.headers['retry-after']);
        if (asked !== undefined && asked > policy.maxRetryAfterSeconds) return { ...res, waits };
        const reason: WaitReason = status === 429 ? 'rate-limited' : 'unavailable';
        const ms = asked !== undefined ? asked * 1000 : backoffMs(policy, attempt + 1);
        if (asked !== undefined) {
          this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
          this.pause = { reason, status };
        }
        await this.announce(req, waits, {
          reason,
          ms,
          status,
          serverAsked: asked !== undefined,
          attempt: attempt + 1,
          maxAttempts,
          url: where,
        });
        continue;
      }
      if (!last && method === 'GET' && (status === 500 || status === 502 || status === 504)) {
        await this.announce(req, waits, {
          reason: 'retry',
          ms: backoffMs(policy, attempt + 1),
          attempt: attempt + 1,
          maxAttempts,
          status,
          cause: `server error ${status}`,
          url: where,
        });
        continue;
      }
      return waits.length ? { ...res, waits } : res;
    }
  }

  /** Waits for the connection's pause (Retry-After) and budget before a request goes out. */
  private async gate(req: HttpRequest, where: string): Promise<void> {
    const paused = this.pausedUntil - Date.now();
    if (paused > 0) {
      await this.announce(req, undefined, {
        reason: this.pause.reason,
        ms: paused,
        status: this.pause.status,
        serverAsked: true,
        url: where,
      });
    }
    if (this.budget) {
      const budget = this.budget;
      await budget.take((ms) =>
        this.announce(req, undefined, {
          reason: 'budget',
          ms,
          cause: describeBudget(budget.budget),
          url: where,
        }),
      );
    }
  }

  /** Tells the listeners about a wait, then sleeps through it (cancellable by the request's signal). */
  private async announce(
    req: HttpRequest,
    waits: WaitNotice[] | undefined,
    w: Omit<WaitNotice, 'message' | 'until'>,
  ): Promise<void> {
    const notice = waitNotice(w);
    waits?.push(notice);
    for (const listener of [this.options.onWait, req.onWait]) {
      try {
        listener?.(notice);
      } catch {
        // A broken listener must not break the request.
      }
    }
    await sleep(notice.ms, req.signal, w.url);
  }

  /** One attempt: the request and the same-origin redirects it leads to. */
  private async send(url: string, req: HttpRequest): Promise<HttpResponse> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `${this.safe(url)} is not a URL.`,
        hint: 'Give a full address such as https://taxii.example.com/taxii2/.',
      });
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `${target.protocol} addresses are not supported.`,
        hint: 'TAXII runs over https:// (or http:// for local testing).',
        where: this.safe(target),
      });
    }
    if (target.username || target.password) {
      // Credentials belong in the connection's auth, not in URLs that end up in logs.
      target.username = '';
      target.password = '';
    }
    this.bindCredentials(target.href);
    const requestUrl = this.safe(target);
    let method = req.method ?? 'GET';
    let body = req.body;
    const startOrigin = target.origin;
    for (let hop = 0; ; hop++) {
      const res = await this.exchange(target, method, body, req);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
        let next: URL;
        try {
          next = new URL(location, target);
        } catch {
          throw new AppError({
            code: 'INVALID_RESPONSE',
            message: `The server redirected to an address that is not a URL.`,
            where: requestUrl,
          });
        }
        if (next.origin !== startOrigin) {
          throw new AppError({
            code: 'REDIRECT_REFUSED',
            message: `The server redirected to another site, ${this.safe(next)}; Taxiway does not follow redirects off ${startOrigin}, so no credentials went there.`,
            hint: 'If that address is genuinely the server’s new home, use it directly (and save credentials for it).',
            where: requestUrl,
            status: res.status,
            details: {
              kind: 'cross-origin-redirect',
              location: this.safe(next),
              from: startOrigin,
            },
          });
        }
        if (hop >= MAX_REDIRECTS) {
          throw new AppError({
            code: 'INVALID_RESPONSE',
            message: `The server redirected more than ${MAX_REDIRECTS} times.`,
            hint: 'The server is probably misconfigured (a redirect loop).',
            where: requestUrl,
          });
        }
        if (res.status === 303) {
          method = 'GET';
          body = undefined;
        }
        target = next;
        continue;
      }
      return { ...res, url: this.safe(target), requestUrl };
    }
  }

  private async exchange(
    target: URL,
    method: string,
    body: string | Uint8Array | undefined,
    req: HttpRequest,
  ): Promise<Omit<HttpResponse, 'url' | 'requestUrl'>> {
    const where = this.safe(target);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      ...this.connectionHeaders(target.origin),
    };
    // Secret query parameters ride on the wire only, and only to the origins they belong to.
    let wire = target;
    if (this.secretParams.size > 0 && (this.authOrigins?.has(target.origin) ?? false)) {
      wire = new URL(target);
      for (const [name, value] of Object.entries(this.options.query ?? {}))
        wire.searchParams.set(name, value);
    }
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    let payload: Buffer | undefined;
    if (body !== undefined) {
      payload =
        typeof body === 'string'
          ? Buffer.from(body, 'utf8')
          : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      // A fixed Content-Length, never chunked: some servers (medallion) refuse uploads without it.
      headers['content-length'] = String(payload.byteLength);
    }
    const started = Date.now();
    const record: ExchangeRecord = {
      id: randomUUID(),
      method,
      url: where,
      durationMs: 0,
      requestHeaders: redactHeaders(headers, this.secretHeaderNames),
      startedAt: new Date(started).toISOString(),
    };
    const report = (): void => {
      record.durationMs = Date.now() - started;
      try {
        this.options.onExchange?.(record);
      } catch {
        // A broken listener must not break the request.
      }
    };

    if (req.signal?.aborted) {
      record.error = 'CANCELLED';
      report();
      throw new AppError({ code: 'CANCELLED', message: 'The request was cancelled.', where });
    }
    let inBody = false;
    let size = 0;
    const deadlineMs = req.deadlineMs ?? this.deadlineMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    try {
      const res: Dispatcher.ResponseData = await undiciRequest(wire, {
        dispatcher: this.agent,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: payload,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      inBody = true;
      record.status = res.statusCode;
      const resHeaders = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
      record.responseHeaders = redactHeaders(resHeaders);
      // A redirect's Location echoes the request's query, secret parameters included.
      for (const name of ['location', 'content-location']) {
        const value = record.responseHeaders[name];
        if (value?.includes('?')) record.responseHeaders[name] = this.safeRelative(value, target);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) {
        size += (chunk as Buffer).byteLength;
        if (size > MAX_BODY_BYTES) {
          res.body.destroy();
          throw new AppError({
            code: 'INVALID_RESPONSE',
            message: `The answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, the most Taxiway reads in one answer (holding it parsed takes about ten times that); it stopped reading.`,
            hint: 'Ask for smaller pages (a lower page size or --limit). If the server ignores the limit, tell its operator.',
            where,
          });
        }
        chunks.push(chunk as Buffer);
      }
      const buf = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      record.bytes = buf.byteLength;
      report();
      return { status: res.statusCode, headers: resHeaders, body: buf };
    } catch (err) {
      const error =
        err instanceof AppError && err.code === 'INVALID_RESPONSE'
          ? err
          : deadline.signal.aborted && !req.signal?.aborted
            ? deadlineError(hostOf(target), where, deadlineMs, inBody, size)
            : toNetworkError(err, {
                where,
                host: hostOf(target),
                timeoutMs,
                cancelled: req.signal?.aborted ?? false,
                timedOut: false,
                inBody,
                https: target.protocol === 'https:',
                clientCert: Boolean(this.options.tls?.cert || this.options.tls?.pfx),
              });
      record.error = error.code;
      report();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes pooled connections; in-flight requests are aborted. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
