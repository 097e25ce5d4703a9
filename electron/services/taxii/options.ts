/**
 * What a caller (CLI, connection profile, app handler) hands the TAXII client: how to reach and
 * authenticate to a server. Secrets live here only in memory, for the life of one client.
 */

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
  /** Extra headers on every request (API keys count as secrets and follow `authOrigins`). */
  headers?: Record<string, string>;
  tls?: TlsOptions;
  proxy?: ProxyOptions;
  /** Per-request timeout in milliseconds (connect + headers + body inactivity). Default 30 000. */
  timeoutMs?: number;
  /** Force a TAXII version instead of detecting it. */
  taxiiVersion?: 'auto' | '2.0' | '2.1';
  /** Called after every exchange. */
  onExchange?: (record: ExchangeRecord) => void;
}
