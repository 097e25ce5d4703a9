/**
 * Small HTTP helpers for the server's own tests: real requests over loopback with undici's fetch
 * (and node:http where a raw request is needed). Not the project's TAXII client on purpose: the
 * server is tested independently of the code it serves.
 */
import http from 'node:http';
import net from 'node:net';
import { Agent, fetch, type Dispatcher, type Response } from 'undici';

/** The 2.1 TAXII media type as clients send it. */
export const T21 = 'application/taxii+json;version=2.1';
/** The 2.0 TAXII media type. */
export const T20 = 'application/vnd.oasis.taxii+json; version=2.0';
/** The 2.0 STIX media type. */
export const S20 = 'application/vnd.oasis.stix+json; version=2.0';

/** A parsed response. */
export interface Got {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when the body is empty or not JSON). */
  json: Record<string, unknown> & { objects?: Record<string, unknown>[] };
}

/** Sends a request and reads the whole body. */
export async function call(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    dispatcher?: Dispatcher;
  } = {},
): Promise<Got> {
  const res: Response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.headers,
    body: init.body,
    dispatcher: init.dispatcher,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: Got['json'] = {};
  try {
    json = text ? (JSON.parse(text) as Got['json']) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers as unknown as Headers, text, json };
}

/** GET with the 2.1 Accept header (plus `headers`). */
export function get21(
  url: string,
  headers: Record<string, string> = {},
  dispatcher?: Dispatcher,
): Promise<Got> {
  return call(url, { headers: { Accept: T21, ...headers }, dispatcher });
}

/** POST an envelope to a 2.1 objects endpoint. */
export function post21(
  url: string,
  objects: unknown[],
  headers: Record<string, string> = {},
): Promise<Got> {
  return call(url, {
    method: 'POST',
    headers: { Accept: T21, 'Content-Type': T21, ...headers },
    body: JSON.stringify({ objects }),
  });
}

/** A raw node:http request (for missing Content-Length, odd headers, resets). */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    chunked?: boolean;
  } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) req.write(options.body);
      else req.write(options.body);
    }
    req.end();
  });
}

/**
 * An upload as many clients make it: the whole body is written first (in `chunkSize` pieces,
 * each waited for), and only then is the answer read. Over plain HTTP, one connection, closed
 * after the answer. Resolves to the status line's code and the body, or rejects with the socket
 * error (ECONNRESET, EPIPE) when the server dropped the connection before reading everything.
 */
export function uploadThenRead(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  chunkSize = 256 * 1024,
): Promise<{ status: number; head: string; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    // Nothing is read until the body has been sent, like a client that writes, then reads.
    socket.pause();
    const received: Buffer[] = [];
    let failed = false;
    socket.on('error', (error) => {
      failed = true;
      reject(error);
    });
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(received).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split >= 0 ? text.slice(0, split) : text;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split >= 0 ? text.slice(split + 4) : '' });
    });
    const write = (chunk: Buffer | string): Promise<void> =>
      new Promise((ok, fail) => socket.write(chunk, (e) => (e ? fail(e) : ok())));
    socket.once('connect', async () => {
      try {
        const lines = [
          `POST ${u.pathname}${u.search} HTTP/1.1`,
          `Host: ${u.host}`,
          `Content-Length: ${body.length}`,
          'Connection: close',
          ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        ];
        await write(`${lines.join('\r\n')}\r\n\r\n`);
        for (let i = 0; i < body.length; i += chunkSize)
          await write(body.subarray(i, i + chunkSize));
        socket.resume();
      } catch (error) {
        if (!failed) {
          failed = true;
          reject(error as Error);
        }
        socket.destroy();
      }
    });
  });
}

/** Waits until `check` returns a value, polling every 20 ms (fails after `ms`). */
export async function until<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An undici Agent trusting `ca` (and optionally presenting a client identity). */
export function agentFor(connect: {
  ca?: string;
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  rejectUnauthorized?: boolean;
}): Agent {
  return new Agent({ connect });
}

/** A minimal valid STIX 2.1 indicator with a fixed id (pass `n` to vary the id). */
export function indicator(
  n: number,
  modified = '2024-03-01T10:00:00.000Z',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const hex = n.toString(16).padStart(12, '0');
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${hex}`,
    created: '2024-03-01T10:00:00.000Z',
    modified,
    name: `Test indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.0.${n % 250}']`,
    pattern_type: 'stix',
    valid_from: '2024-03-01T10:00:00Z',
    ...extra,
  };
}
