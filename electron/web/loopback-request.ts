/**
 * Who may talk to a server on loopback that only its own pages and local tools should reach (the
 * web bridge, the demo server's /__control/): the `Host` must name the server itself (a page on
 * evil.example that resolves to 127.0.0.1 still sends its own Host: DNS rebinding), and an
 * `Origin`, when sent, must be the server's own (a cross-site page, even with a "simple"
 * text/plain POST that needs no preflight, is refused). Tools without a browser send no Origin.
 */

/** The server as requests must name it. */
export interface LoopbackServer {
  scheme: 'http' | 'https';
  port: number;
  /** Host names besides 127.0.0.1 and localhost that name it (e.g. the address it listens on). */
  extraHosts?: readonly string[];
}

/** Why a request was refused: 421 for a foreign Host, 403 for a foreign Origin. */
export type LoopbackRefusal = { status: 421; reason: string } | { status: 403; reason: string };

/** The `host:port` values that name `server`. */
export function loopbackHosts(server: LoopbackServer): Set<string> {
  const names = ['127.0.0.1', 'localhost', ...(server.extraHosts ?? [])];
  return new Set(names.map((name) => `${name}:${server.port}`));
}

/** Undefined when the request may proceed, else how to refuse it. */
export function loopbackRefusal(
  headers: { host?: string; origin?: string },
  server: LoopbackServer,
): LoopbackRefusal | undefined {
  const hosts = loopbackHosts(server);
  if (!hosts.has(headers.host ?? '')) return { status: 421, reason: 'Misdirected request' };
  const origin = headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin === `${server.scheme}://${h}`))
    return { status: 403, reason: 'Forbidden origin' };
  return undefined;
}
