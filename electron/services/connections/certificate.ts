/**
 * Reading and judging a server's certificate so a person can decide to trust it: subject,
 * issuer, validity, SHA-256 fingerprint, and whether the system's CAs (plus the profile's extra
 * CAs) vouch for it. A pinned fingerprint that does not match is TLS_PIN_MISMATCH with both
 * fingerprints, never a silent accept.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import tls from 'node:tls';
import { AppError } from '../../../shared/errors';
import { normalizeFingerprint } from '../../../shared/profile';
import type { ProxyOptions, TlsOptions } from '../taxii/options';
import { redactUrl } from '../log';
import { connectTcp, handshakeForInspection, hostPort, openTunnel, resolveHost } from './dial';

/** One certificate of the chain the server sent. */
export interface ChainEntry {
  subject: string;
  issuer: string;
  fingerprint256: string;
}

/** What a person needs to decide whether to trust a server's certificate. */
export interface CertificateInfo {
  /** `host:port` the certificate came from. */
  where: string;
  subject: string;
  issuer: string;
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  /** `AB:CD:…`, the value to pin. */
  fingerprint256: string;
  serialNumber: string;
  subjectAltNames: string[];
  selfSigned: boolean;
  expired: boolean;
  notYetValid: boolean;
  /** The system CAs (plus the extra CAs given) vouch for the chain. */
  chainTrusted: boolean;
  /** The certificate names the host that was asked for. */
  hostnameMatches: boolean;
  /** chainTrusted and hostnameMatches: a browser would accept it. */
  trusted: boolean;
  /** Why it is not trusted (OpenSSL code such as DEPTH_ZERO_SELF_SIGNED_CERT, or a host name mismatch). */
  trustProblem?: { code: string; message: string };
  /** Set when a fingerprint is pinned. */
  pin?: { expected: string; matches: boolean };
  /** Leaf first. */
  chain: ChainEntry[];
  protocol: string;
  cipher: string;
}

const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed, so no certificate authority vouches for it',
  SELF_SIGNED_CERT_IN_CHAIN:
    'its chain ends in a certificate authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'it is signed by a certificate authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'it is signed by a certificate authority this computer does not know',
  UNABLE_TO_GET_ISSUER_CERT: 'it is signed by a certificate authority this computer does not know',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: "it is not valid yet (check this computer's clock)",
  CERT_REVOKED: 'it has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
};

function dn(text: string): string {
  // X509Certificate gives one RDN per line; one line reads better in a dialog and a log.
  return text.split('\n').filter(Boolean).join(', ');
}

function iso(text: string): string {
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

/**
 * Reads and judges the certificate a TLS socket received (the socket may have been opened with
 * `rejectUnauthorized: false`; this is where the verdict is made).
 */
export function describePeer(
  socket: TLSSocket,
  host: string,
  port: number,
  pin?: string,
): CertificateInfo {
  const peer = socket.getPeerCertificate(true);
  if (!peer || !peer.raw) {
    throw new AppError({
      code: 'TLS',
      message: `${host}:${port} sent no certificate.`,
      where: `${host}:${port}`,
    });
  }
  const x509 = new X509Certificate(peer.raw);
  const chain: ChainEntry[] = [];
  const seen = new Set<string>();
  for (let c: tls.DetailedPeerCertificate | undefined = peer; c && c.raw; c = c.issuerCertificate) {
    const fp = c.fingerprint256;
    if (seen.has(fp)) break; // A self-signed root is its own issuer.
    seen.add(fp);
    const cx = new X509Certificate(c.raw);
    chain.push({ subject: dn(cx.subject), issuer: dn(cx.issuer), fingerprint256: fp });
  }
  const hostError = tls.checkServerIdentity(host, peer);
  const chainTrusted = socket.authorized;
  const now = Date.now();
  const validFrom = iso(x509.validFrom);
  const validTo = iso(x509.validTo);
  const info: CertificateInfo = {
    where: `${host}:${port}`,
    subject: dn(x509.subject),
    issuer: dn(x509.issuer),
    validFrom,
    validTo,
    fingerprint256: normalizeFingerprint(x509.fingerprint256),
    serialNumber: x509.serialNumber,
    subjectAltNames: (x509.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    expired: Date.parse(validTo) < now,
    notYetValid: Date.parse(validFrom) > now,
    chainTrusted,
    hostnameMatches: hostError === undefined,
    trusted: chainTrusted && hostError === undefined,
    chain,
    protocol: socket.getProtocol() ?? '',
    cipher: socket.getCipher()?.name ?? '',
  };
  if (!chainTrusted) {
    const code = String(socket.authorizationError ?? 'UNKNOWN');
    info.trustProblem = { code, message: REASONS[code] ?? `verification failed (${code})` };
  } else if (hostError) {
    info.trustProblem = {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: `it was issued for another host name (${info.subjectAltNames.join(', ') || info.subject})`,
    };
  }
  if (pin) {
    const expected = normalizeFingerprint(pin);
    info.pin = { expected, matches: expected === info.fingerprint256 };
  }
  return info;
}

/** Small, flat certificate facts for a WireError's `details` or a test step. */
export function certificateDetails(info: CertificateInfo): Record<string, string | boolean> {
  return {
    subject: info.subject,
    issuer: info.issuer,
    validFrom: info.validFrom,
    validTo: info.validTo,
    fingerprint256: info.fingerprint256,
    trusted: info.trusted,
    selfSigned: info.selfSigned,
    ...(info.subjectAltNames.length ? { subjectAltNames: info.subjectAltNames.join(', ') } : {}),
    ...(info.trustProblem ? { reason: info.trustProblem.code } : {}),
    ...(info.pin ? { pinnedFingerprint: info.pin.expected } : {}),
  };
}

/**
 * The error that stops a connection to a server with this certificate, or undefined when it
 * may proceed: a pin decides alone (match: accepted even if self-signed; mismatch: refused even
 * if a CA vouches), otherwise the certificate must be trusted.
 */
export function certificateVerdict(info: CertificateInfo): AppError | undefined {
  if (info.pin) {
    if (info.pin.matches) return undefined;
    return new AppError({
      code: 'TLS_PIN_MISMATCH',
      message: `The certificate of ${info.where} is not the pinned one: the server presented ${info.fingerprint256}, the profile expects ${info.pin.expected}.`,
      hint: "The server's certificate changed, or someone is in between. Ask the server's operator whether the certificate was replaced before pinning the new one.",
      where: info.where,
      details: {
        ...certificateDetails(info),
        expected: info.pin.expected,
        actual: info.fingerprint256,
      },
    });
  }
  if (info.trusted) return undefined;
  return new AppError({
    code: 'TLS_UNTRUSTED',
    message: `The certificate of ${info.where} is not trusted: ${info.trustProblem?.message ?? 'verification failed'}.`,
    hint: `If you know this server, compare the fingerprint ${info.fingerprint256} with the one its operator gives you, then pin it, or add the CA that issued it to the profile.`,
    where: info.where,
    details: certificateDetails(info),
  });
}

/** Options of `inspectCertificate`. */
export interface InspectOptions {
  /** Extra CAs, client identity and pin, as in `ConnectionOptions.tls`. */
  tls?: TlsOptions;
  proxy?: ProxyOptions;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Connects to an https URL only to read its certificate: the handshake accepts any certificate,
 * nothing is sent over it, and the socket is closed at once. The verdict is in `trusted` and
 * `pin`; `certificateVerdict(info)` turns it into an error.
 */
export async function inspectCertificate(
  url: string,
  options: InspectOptions = {},
): Promise<CertificateInfo> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `Not a URL: ${redactUrl(url)}.`,
      where: 'url',
    });
  }
  if (parsed.protocol !== 'https:') {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `${redactUrl(url)} is not an https:// URL, so it has no certificate.`,
      where: redactUrl(url),
    });
  }
  const { host, port } = hostPort(parsed);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const signal = options.signal;
  let socket;
  if (options.proxy) {
    socket = (
      await openTunnel(options.proxy, host, port, { timeoutMs, ...(signal ? { signal } : {}) })
    ).socket;
  } else {
    const addresses = await resolveHost(host);
    socket = (await connectTcp(addresses, port, { timeoutMs, ...(signal ? { signal } : {}) }))
      .socket;
  }
  const secure = await handshakeForInspection({
    host,
    port,
    socket,
    timeoutMs,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(signal ? { signal } : {}),
  });
  try {
    return describePeer(secure, host, port, options.tls?.pinSha256);
  } finally {
    secure.destroy();
  }
}
