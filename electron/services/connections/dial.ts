/**
 * The network steps of a connection, one at a time, so each can be timed and explained: name
 * resolution, a TCP connection (directly or through an HTTP proxy's CONNECT tunnel), and a TLS
 * handshake. Used by `inspectCertificate` and by the connection test; requests themselves go
 * through the TAXII client.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { AppError } from '../../../shared/errors';
import type { ProxyOptions, TlsOptions } from '../taxii/options';
import { redactUrl } from '../log';

/** Host and port of a URL, with the scheme's default port. */
export function hostPort(url: URL): { host: string; port: number } {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
  };
}

/** Resolves a host name to addresses (A and AAAA); an IP literal resolves to itself. */
export async function resolveHost(host: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  try {
    const found = await lookup(host, { all: true, verbatim: true });
    return found.map((a) => a.address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      {
        code: 'DNS',
        message:
          code === 'ENOTFOUND' || code === 'ENODATA'
            ? `The name ${host} does not resolve to any address.`
            : `The name ${host} could not be resolved (${code ?? 'error'}).`,
        hint: 'Check the spelling of the host name, your network connection and, for internal servers, that your VPN is on.',
        where: host,
        retryable: code === 'EAI_AGAIN',
      },
      { cause: error },
    );
  }
}

function abortError(where: string): AppError {
  return new AppError({ code: 'CANCELLED', message: 'The connection test was cancelled.', where });
}

/** A socket-level failure in words a person can act on. */
export function explainSocketError(error: unknown, where: string, what = 'the server'): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const raw = error instanceof Error ? error.message : String(error);
  const messages: Record<string, [string, string]> = {
    ECONNREFUSED: [
      `Nothing is listening at ${where} (connection refused).`,
      `Check that ${what} is running and that the port is right.`,
    ],
    ECONNRESET: [
      `${where} closed the connection.`,
      'A firewall or a server that wants another protocol may be in between; try again, or check the URL scheme and port.',
    ],
    EHOSTUNREACH: [`There is no route to ${where}.`, 'Check your network connection and VPN.'],
    ENETUNREACH: [
      `The network of ${where} cannot be reached.`,
      'Check your network connection and VPN.',
    ],
    EADDRNOTAVAIL: [`${where} is not a usable address here.`, 'Check the address.'],
  };
  const [message, hint] = messages[code] ?? [
    `The connection to ${where} failed (${code || raw}).`,
    'Check the address and your network connection.',
  ];
  return new AppError(
    { code: 'NETWORK', message, hint, where, retryable: code !== 'ECONNREFUSED' },
    { cause: error },
  );
}

function timeoutError(what: string, where: string, ms: number): AppError {
  return new AppError({
    code: 'TIMEOUT',
    message: `${what} ${where} did not complete within ${ms} ms.`,
    hint: 'The server may be down, filtered by a firewall, or silently dropping this client. Check the address, or raise the timeout.',
    where,
    retryable: true,
  });
}

/** Runs `start` (which creates a socket-like thing) with a timeout and an abort signal. */
function guarded<T extends Socket>(
  create: () => T,
  readyEvent: string,
  what: string,
  where: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(where));
      return;
    }
    const socket = create();
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(socket);
    };
    const onError = (error: Error) => finish(error);
    const onAbort = () => finish(abortError(where));
    const timer = setTimeout(() => finish(timeoutError(what, where, timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once(readyEvent, () => finish());
  });
}

/** Opens a TCP connection to the first of `addresses` that accepts one. */
export async function connectTcp(
  addresses: string[],
  port: number,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<{ socket: Socket; address: string }> {
  let last: unknown;
  for (const address of addresses) {
    const where = `${net.isIPv6(address) ? `[${address}]` : address}:${port}`;
    try {
      const socket = await guarded(
        () => net.connect({ host: address, port }),
        'connect',
        'Connecting to',
        where,
        options.timeoutMs,
        options.signal,
      );
      return { socket, address };
    } catch (error) {
      last = error instanceof AppError ? error : explainSocketError(error, where);
      if (isAbort(last)) throw last;
    }
  }
  throw last ?? new AppError({ code: 'NETWORK', message: 'No address to connect to.' });
}

function isAbort(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CANCELLED';
}

/** The status and headers a proxy answered to CONNECT, for the test report. */
export interface TunnelResult {
  socket: Socket;
  status: number;
  /** Whether Proxy-Authorization was sent. */
  sentCredentials: boolean;
}

/**
 * An HTTP CONNECT tunnel to host:port through `proxy`. Proxy credentials go in
 * Proxy-Authorization (Basic) to the proxy only. 407 fails with PROXY saying credentials are
 * wanted (or wrong).
 */
export function openTunnel(
  proxy: ProxyOptions,
  host: string,
  port: number,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TunnelResult> {
  const shown = redactUrl(proxy.url);
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(proxy.url);
  } catch {
    return Promise.reject(
      new AppError({
        code: 'PROXY',
        message: 'The proxy address is not a valid URL.',
        hint: 'Use a URL such as http://proxy.example:3128.',
        where: shown,
      }),
    );
  }
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  const user = proxy.username ?? decodeURIComponent(proxyUrl.username);
  const pass = proxy.password ?? decodeURIComponent(proxyUrl.password);
  if (user) {
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  const lib = proxyUrl.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError(shown));
      return;
    }
    const req = lib.request({
      host: proxyUrl.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80)),
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () => req.destroy(timeoutError('The proxy tunnel through', shown, options.timeoutMs)),
      options.timeoutMs,
    );
    const onAbort = () => req.destroy(abortError(shown));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    req.once('connect', (res, socket) => {
      done();
      const status = res.statusCode ?? 0;
      if (status === 200) {
        resolve({ socket, status, sentCredentials: !!user });
        return;
      }
      socket.destroy();
      reject(
        new AppError({
          code: 'PROXY',
          message:
            status === 407
              ? `The proxy wants credentials (407 Proxy Authentication Required)${user ? ' and refused the ones given' : ''}.`
              : `The proxy refused to open a tunnel to ${target} (status ${status}).`,
          hint:
            status === 407
              ? 'Check the proxy user name and password in the profile.'
              : 'Check that the proxy allows connections to this server and port.',
          where: shown,
          status,
        }),
      );
    });
    req.once('error', (error) => {
      done();
      reject(error instanceof AppError ? error : explainSocketError(error, shown, 'the proxy'));
    });
    req.end();
  });
}

/** What a TLS handshake needs. */
export interface HandshakeOptions {
  host: string;
  port: number;
  /** An open socket (tunnel) to run TLS over; a new connection is made when absent. */
  socket?: Socket;
  tls?: TlsOptions;
  timeoutMs: number;
  signal?: AbortSignal;
}

// TLS alerts and OpenSSL reasons, in words.
function explainTlsError(error: unknown, where: string): AppError {
  if (error instanceof AppError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/wrong version number|packet length too long|http request/i.test(raw)) {
    return new AppError({
      code: 'TLS',
      message: `${where} does not speak TLS on this port.`,
      hint: 'The server may be plain http:// here, or the port may be wrong.',
      where,
    });
  }
  if (
    /certificate required|alert number 116|handshake failure|bad certificate|unknown ca/i.test(raw)
  ) {
    return new AppError({
      code: 'TLS',
      message: `${where} refused the TLS handshake (${/certificate required|116/i.test(raw) ? 'it wants a client certificate' : raw.replace(/^.*?:/, '').trim()}).`,
      hint: 'If this server requires a client certificate, add yours (PEM or PKCS#12) to the profile; otherwise check that the certificate you use was issued for this server.',
      where,
    });
  }
  if (code.startsWith('E')) return explainSocketError(error, where);
  return new AppError(
    { code: 'TLS', message: `The TLS handshake with ${where} failed (${raw}).`, where },
    { cause: error },
  );
}

/**
 * A TLS handshake that accepts any certificate so that it can be READ and judged by the caller
 * (`describePeer`). Nothing is ever written on this socket: callers close it after reading.
 */
export function handshakeForInspection(options: HandshakeOptions): Promise<TLSSocket> {
  const where = `${options.host}:${options.port}`;
  const t = options.tls ?? {};
  return guarded(
    () =>
      tls.connect({
        ...(options.socket
          ? { socket: options.socket }
          : { host: options.host, port: options.port }),
        // SNI must be a host name, never an IP literal (RFC 6066 §3).
        ...(net.isIP(options.host) ? {} : { servername: options.host }),
        // System roots stay trusted when extra CAs are added: `ca` replaces them otherwise.
        ...(t.ca && t.ca.length > 0 ? { ca: [...tls.rootCertificates, ...t.ca] } : {}),
        ...(t.cert ? { cert: t.cert } : {}),
        ...(t.key ? { key: t.key } : {}),
        ...(t.pfx ? { pfx: Buffer.from(t.pfx) } : {}),
        ...(t.passphrase ? { passphrase: t.passphrase } : {}),
        minVersion: 'TLSv1.2',
        rejectUnauthorized: false,
      }),
    'secureConnect',
    'The TLS handshake with',
    where,
    options.timeoutMs,
    options.signal,
  ).catch((error: unknown) => {
    throw explainTlsError(error, where);
  });
}
