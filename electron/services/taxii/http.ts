/**
 * The request engine: every HTTP exchange of the TAXII client goes through `HttpEngine.request`.
 *
 * Built on `undici.request` over one `Agent` per connection (keep-alive pool per origin), not on
 * `fetch`: `request` skips the WHATWG stream and Headers machinery, which is measurably faster for
 * many large pages, and leaves redirects to us, which we need in order to refuse cross-origin
 * hops before any credential leaves. The Agent's connector (./connector.ts) decides TLS trust.
 *
 * Per request: credentials only to `authOrigins`, extra headers, User-Agent, a timeout for the
 * connection, the headers and each pause in the body, the caller's AbortSignal, same-origin
 * redirects followed (≤ 5), and an `onExchange` record with secrets redacted.
 */
import type { LookupFunction } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors';
import pkg from '../../../package.json' with { type: 'json' };
import { makeConnector } from './connector';
import { toNetworkError } from './network-errors';
import type { ConnectionOptions, ExchangeRecord } from './options';
import { isSecretName, redactHeaders, safeUrl } from './redact';

/** `Taxiway/<version> (+node)`: names the software and version, as TAXII asks clients to (§1.6.9 / digest §10). */
export const USER_AGENT = `Taxiway/${pkg.version} (+node)`;

/** Default per-request timeout (connect, headers, each pause in the body), ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Largest answer read into memory (a TAXII page is far smaller); beyond it the answer is refused. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

const MAX_REDIRECTS = 5;

/** One request. Header names are case-insensitive; the engine adds auth, User-Agent and Content-Length. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this request. */
  timeoutMs?: number;
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
}

/** Engine options that are not part of a connection profile (tests use them). */
export interface EngineInternals {
  /** A DNS lookup of one's own (e.g. to point a test name at loopback). */
  lookup?: LookupFunction;
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
  /** Header names (lower case) whose values are secrets for this connection. */
  private readonly secretHeaderNames: string[];

  constructor(options: ConnectionOptions = {}, internals: EngineInternals = {}) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.authOrigins = options.authOrigins?.length
      ? new Set(options.authOrigins.map((o) => originOf(o)))
      : undefined;
    this.secretHeaderNames = [
      'authorization',
      ...(options.auth?.kind === 'header' ? [options.auth.name.toLowerCase()] : []),
      ...Object.keys(options.headers ?? {})
        .filter(isSecretName)
        .map((h) => h.toLowerCase()),
    ];
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

  /** Pins the default credential origin to `url`'s origin if none is set yet. */
  bindCredentials(url: string): void {
    if (!this.authOrigins) this.authOrigins = new Set([originOf(url)]);
  }

  /** The headers this connection adds for `origin`: credentials and secret headers only if allowed. */
  private connectionHeaders(origin: string): Record<string, string> {
    const out: Record<string, string> = {};
    const trusted = this.authOrigins?.has(origin) ?? false;
    for (const [name, value] of Object.entries(this.options.headers ?? {})) {
      if (!isSecretName(name) || trusted) out[name.toLowerCase()] = value;
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
   * TIMEOUT, CANCELLED, REDIRECT_REFUSED).
   */
  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `${safeUrl(url)} is not a URL.`,
        hint: 'Give a full address such as https://taxii.example.com/taxii2/.',
      });
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `${target.protocol} addresses are not supported.`,
        hint: 'TAXII runs over https:// (or http:// for local testing).',
        where: safeUrl(target),
      });
    }
    if (target.username || target.password) {
      // Credentials belong in the connection's auth, not in URLs that end up in logs.
      target.username = '';
      target.password = '';
    }
    this.bindCredentials(target.href);
    const requestUrl = safeUrl(target);
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
            message: `The server redirected to another site, ${safeUrl(next)}; Taxiway does not follow redirects off ${startOrigin}, so no credentials went there.`,
            hint: 'If that address is genuinely the server’s new home, use it directly (and save credentials for it).',
            where: requestUrl,
            status: res.status,
            details: { location: safeUrl(next) },
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
      return { ...res, url: safeUrl(target), requestUrl };
    }
  }

  private async exchange(
    target: URL,
    method: string,
    body: string | Uint8Array | undefined,
    req: HttpRequest,
  ): Promise<Omit<HttpResponse, 'url' | 'requestUrl'>> {
    const where = safeUrl(target);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      ...this.connectionHeaders(target.origin),
    };
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
    try {
      const res: Dispatcher.ResponseData = await undiciRequest(target, {
        dispatcher: this.agent,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: payload,
        signal: req.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      inBody = true;
      record.status = res.statusCode;
      const resHeaders = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
      record.responseHeaders = redactHeaders(resHeaders);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).byteLength;
        if (size > MAX_BODY_BYTES) {
          res.body.destroy();
          throw new AppError({
            code: 'INVALID_RESPONSE',
            message: `The answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; Taxiway stopped reading it.`,
            hint: 'Ask for smaller pages (a lower limit).',
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
    }
  }

  /** Closes pooled connections; in-flight requests are aborted. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
