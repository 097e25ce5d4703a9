/**
 * What a caller (CLI, connection profile, app handler) hands the TAXII client: how to reach and
 * authenticate to a server. Secrets live here only in memory, for the life of one client.
 */
import type { WaitNotice } from '../../../shared/taxii/waits';

/** How requests authenticate. Sent only to the origins in `ConnectionOptions.authOrigins`. */
export type AuthOptions =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'header'; name: string; value: string };

/** TLS trust and client identity. System CAs are always trusted; `ca` adds to them. */
export interface TlsOptions {
  /** Extra CA certificates (PEM), added to the system store. */
  ca?: string[];
  /** Client certificate and key (PEM). */
  cert?: string;
  key?: string;
  /** Client identity as PKCS#12. */
  pfx?: Uint8Array;
  /** Passphrase of `key` or `pfx`. */
  passphrase?: string;
  /**
   * Pinned SHA-256 fingerprint of the server's leaf certificate (hex, colons optional).
   * When set, a certificate with this fingerprint is accepted even if no CA vouches for it,
   * and any other certificate is refused with TLS_PIN_MISMATCH.
   */
  pinSha256?: string;
}

/** An explicit HTTP(S) proxy. `undefined` means a direct connection. */
export interface ProxyOptions {
  url: string;
  username?: string;
  password?: string;
}

/**
 * Retrying transient failures. 429 and 503 are retried for every method (the server did not
 * process the request) after its Retry-After, or a backoff when it names none; other 5xx,
 * connection resets and timeouts only for GET (idempotent), after a capped exponential backoff
 * with jitter.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 5; 1 = never retry). */
  maxAttempts?: number;
  /** First backoff, ms (default 500); doubles each attempt, with jitter. */
  baseDelayMs?: number;
  /** Longest backoff, ms (default 30 000). */
  maxDelayMs?: number;
  /** Longest Retry-After honoured, seconds (default 300); a longer one fails at once with RATE_LIMITED. */
  maxRetryAfterSeconds?: number;
  /**
   * Timeouts retried at most this many times (default 1): a server that silently drops requests
   * (TAXII allows it, §8.2.2) should become a TIMEOUT error quickly, not after many minutes.
   */
  timeoutRetries?: number;
}

/** A request budget the client keeps to by itself: at most `requests` per `windowMs`. */
export interface RequestBudget {
  requests: number;
  windowMs: number;
}

/** One HTTP exchange, reported after it ends, for the activity panel and logs. Never holds a secret. */
export interface ExchangeRecord {
  id: string;
  method: string;
  /** URL with any credentials in it removed. */
  url: string;
  status?: number;
  /** Milliseconds from request start to the end of the body (or the failure). */
  durationMs: number;
  /** Response body size in bytes, when known. */
  bytes?: number;
  requestHeaders: Record<string, string>;
  responseHeaders?: Record<string, string>;
  /** Error code when the exchange failed. */
  error?: string;
  startedAt: string;
}

/** Everything about how to talk to one server. */
export interface ConnectionOptions {
  auth?: AuthOptions;
  /**
   * Origins (`https://host:port`) that may receive `auth` and secret `headers`. Defaults to the
   * origin of the first URL the client is pointed at. Credentials never go anywhere else.
   */
  authOrigins?: string[];
  /**
   * Extra headers on every request. Those named in `secretHeaders`, or whose name looks like a
   * credential (`isSecretName`), are secrets: sent only to `authOrigins`, never shown.
   */
  headers?: Record<string, string>;
  /** Names (any case) of `headers` that are secrets whatever their name. */
  secretHeaders?: string[];
  /**
   * Secret query parameters (an API key that must travel in the URL): added to every request to
   * `authOrigins` and redacted, by name, in every URL the client shows, logs or records.
   */
  query?: Record<string, string>;
  tls?: TlsOptions;
  proxy?: ProxyOptions;
  /** Per-request timeout in milliseconds (connect + headers + body inactivity). Default 30 000. */
  timeoutMs?: number;
  /**
   * Whole-response deadline in milliseconds: one attempt, from sending to the last byte of the
   * answer, however steadily a slow server keeps it trickling. Default 300 000 (5 min).
   */
  deadlineMs?: number;
  /** Force a TAXII version instead of detecting it. */
  taxiiVersion?: 'auto' | '2.0' | '2.1';
  /** Called after every exchange. */
  onExchange?: (record: ExchangeRecord) => void;
  /** Retrying transient failures; `false` turns retries off. */
  retry?: RetryPolicy | false;
  /** A request budget for this connection (e.g. 10 requests per 10 minutes). */
  budget?: RequestBudget;
  /** Told about every wait (Retry-After, backoff, budget) when it starts, for showing it. */
  onWait?: (notice: WaitNotice) => void;
}
