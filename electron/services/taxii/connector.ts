/**
 * How sockets are made: one undici connector for direct and proxied connections that decides
 * trust itself. Node verifies the chain and host name as usual (`rejectUnauthorized: false` only
 * defers the verdict to us), and then: a pinned fingerprint accepts exactly that leaf certificate
 * and refuses every other (TLS_PIN_MISMATCH); without a pin an unverified certificate fails with
 * TLS_UNTRUSTED carrying its subject, issuer, validity and fingerprint so the UI can offer to pin.
 * No request byte is written before this check: undici gets the socket only after it.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { AppError } from '../../../shared/errors';
import type { ProxyOptions, TlsOptions } from './options';
import { safeUrl } from './redact';

/** Normalises a SHA-256 fingerprint to upper-case hex pairs joined by colons. */
export function normaliseFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

function dn(subject: Record<string, string | string[]> | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function isoDate(value: string | undefined): string {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? (value ?? '') : new Date(t).toISOString();
}

/** Certificate facts a person can check before trusting it (no private data). */
export function certificateDetails(cert: PeerCertificate): Record<string, string> {
  return {
    subject: dn(cert.subject as unknown as Record<string, string>),
    issuer: dn(cert.issuer as unknown as Record<string, string>),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256 ?? '',
    ...(cert.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
  };
}

const UNTRUSTED_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed, so no certificate authority vouches for it',
  SELF_SIGNED_CERT_IN_CHAIN:
    'its chain ends in a self-signed certificate authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'it is signed by a certificate authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'it is signed by a certificate authority this computer does not know',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet (check this computer’s clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  CERT_REVOKED: 'it has been revoked',
};

function untrusted(host: string, socket: TLSSocket): AppError {
  const reasonCode = String(socket.authorizationError ?? 'UNKNOWN');
  const reason = UNTRUSTED_REASONS[reasonCode] ?? `verification failed (${reasonCode})`;
  const details = certificateDetails(socket.getPeerCertificate());
  return new AppError({
    code: 'TLS_UNTRUSTED',
    message: `The certificate of ${host} is not trusted: ${reason}.`,
    hint: `If you know this server, compare its fingerprint (${details.fingerprint256}) with what its operator gives you, then pin it or add its CA certificate to the connection.`,
    where: host,
    details: { ...details, reason: reasonCode },
  });
}

function pinMismatch(host: string, socket: TLSSocket, pin: string): AppError {
  const details = certificateDetails(socket.getPeerCertificate());
  return new AppError({
    code: 'TLS_PIN_MISMATCH',
    message: `The certificate of ${host} is not the pinned one: the server presented ${details.fingerprint256}, the connection expects ${pin}.`,
    hint: 'The server’s certificate changed, or someone is in between. Ask the operator whether the certificate was replaced before you pin the new one.',
    where: host,
    details: { ...details, expected: pin },
  });
}

/** What the connector needs. `lookup` is for tests that need a resolver of their own. */
export interface ConnectorOptions {
  tls?: TlsOptions;
  proxy?: ProxyOptions;
  /** Connect (and TLS handshake) timeout in ms. */
  timeoutMs: number;
  lookup?: LookupFunction;
}

/** Builds the connector for an undici Agent; see the file comment for the trust rules. */
export function makeConnector(options: ConnectorOptions): buildConnector.connector {
  const t = options.tls ?? {};
  const pin = t.pinSha256 ? normaliseFingerprint(t.pinSha256) : undefined;
  const base = buildConnector({
    // System (bundled) roots stay trusted when extra CAs are added: `ca` replaces them otherwise.
    ...(t.ca && t.ca.length > 0 ? { ca: [...tls.rootCertificates, ...t.ca] } : {}),
    ...(t.cert ? { cert: t.cert } : {}),
    ...(t.key ? { key: t.key } : {}),
    ...(t.pfx ? { pfx: Buffer.from(t.pfx) } : {}),
    ...(t.passphrase ? { passphrase: t.passphrase } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: false,
    // No TLS session resumption: a resumed session shows no peer certificate, and every new
    // connection must be checked against the pin (keep-alive makes new connections rare anyway).
    maxCachedSessions: 0,
    timeout: options.timeoutMs,
  });

  const verify = (
    host: string,
    socket: Socket | TLSSocket,
    callback: buildConnector.Callback,
  ): void => {
    if (!(socket instanceof tls.TLSSocket)) {
      callback(null, socket);
      return;
    }
    let error: AppError | undefined;
    if (pin) {
      const got = normaliseFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
      if (got !== pin) error = pinMismatch(host, socket, pin);
    } else if (!socket.authorized) {
      error = untrusted(host, socket);
    }
    if (error) {
      socket.destroy();
      callback(error, null);
    } else callback(null, socket);
  };

  return (opts, callback) => {
    const host = `${opts.hostname}${opts.port ? `:${opts.port}` : ''}`;
    const done: buildConnector.Callback = (err, socket) => {
      if (err || !socket) callback(err ?? new Error('no socket'), null);
      else verify(host, socket, callback);
    };
    if (!options.proxy) {
      base(opts, done);
      return;
    }
    const port = opts.port || (opts.protocol === 'https:' ? '443' : '80');
    openTunnel(options.proxy, opts.hostname, port, options.timeoutMs)
      .then((socket) => {
        if (opts.protocol === 'https:') base({ ...opts, httpSocket: socket }, done);
        else callback(null, socket);
      })
      .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null));
  };
}

function proxyError(proxy: ProxyOptions, message: string, hint: string, cause?: unknown): AppError {
  return new AppError(
    { code: 'PROXY', message, hint, where: safeUrl(proxy.url), retryable: true },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * A raw TCP tunnel to host:port through the proxy (HTTP CONNECT), used for HTTPS and HTTP
 * targets alike so that one code path decides trust. Proxy credentials go in Proxy-Authorization.
 */
function openTunnel(
  proxy: ProxyOptions,
  host: string,
  port: string,
  timeoutMs: number,
): Promise<Socket> {
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(proxy.url);
  } catch {
    return Promise.reject(
      proxyError(
        proxy,
        'The proxy address is not a valid URL.',
        'Use a URL such as http://proxy.example:3128.',
      ),
    );
  }
  const headers: Record<string, string> = { host: `${host}:${port}` };
  const user = proxy.username ?? decodeURIComponent(proxyUrl.username);
  const pass = proxy.password ?? decodeURIComponent(proxyUrl.password);
  if (user)
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const lib = proxyUrl.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request({
      host: proxyUrl.hostname,
      port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers,
      agent: false,
      timeout: timeoutMs,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      if (res.statusCode === 407) {
        reject(
          proxyError(
            proxy,
            'The proxy wants credentials (407 Proxy Authentication Required).',
            user
              ? 'Check the proxy user name and password.'
              : 'Add the proxy user name and password to the connection.',
          ),
        );
      } else {
        reject(
          proxyError(
            proxy,
            `The proxy refused to open a tunnel to ${host}:${port} (status ${res.statusCode}).`,
            'Check that the proxy allows connections to this server and port.',
          ),
        );
      }
    });
    req.once('timeout', () =>
      req.destroy(
        proxyError(
          proxy,
          `The proxy did not answer within ${timeoutMs} ms.`,
          'Check the proxy address, or raise the timeout.',
        ),
      ),
    );
    req.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err instanceof AppError
          ? err
          : proxyError(
              proxy,
              `Could not reach the proxy (${err.code ?? err.message}).`,
              'Check the proxy address and that it is running.',
              err,
            ),
      );
    });
    req.end();
  });
}
