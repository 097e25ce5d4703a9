/**
 * Helpers for the TAXII client's tests (not shipped): where the reference data lives, error
 * assertions, and a small real server the project's TAXII server does not provide (a
 * same-origin redirecting front). The CONNECT proxy is ./connect-proxy.ts.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared/data beside the checkout (tests read it where it lies). */
export const DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');

/** Awaits `promise`, expects it to reject with an AppError of `code`, and returns that error. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<AppError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected AppError ${code}`).toBeInstanceOf(AppError);
  if (!isAppError(caught)) throw caught;
  expect(caught.code, caught.message).toBe(code);
  return caught;
}

/** Drains an async iterable (of pages) into an array. */
export async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.items);
  return out;
}

/**
 * A real HTTP front on loopback that answers `/moved/<rest>` with a same-origin 308 to `/<rest>`
 * and forwards every other request, headers and all, to `target` (an http:// origin).
 */
export async function startRedirectingFront(
  target: string,
): Promise<{ origin: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(`${req.method} ${url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    if (url.startsWith('/moved/')) {
      res.writeHead(308, { location: url.slice('/moved'.length), 'content-length': '0' });
      res.end();
      return;
    }
    const fwd = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };
}
