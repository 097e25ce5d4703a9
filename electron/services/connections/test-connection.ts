/**
 * "Test connection": one action that walks a connection step by step (settings, name resolution,
 * TCP, TLS, HTTP authentication, TAXII discovery, API roots, collections), times each step, and
 * explains the first one that fails. It is what a vendor shows a partner when something does not
 * work, so every line is fit to show: no secret reaches a detail, an error or a log.
 */
import { type Socket } from 'node:net';
import net from 'node:net';
import { AppError, type WireError } from '../../../shared/errors';
import type { ProfileSettings } from '../../../shared/profile';
import { MEDIA_TYPES } from '../../../shared/taxii/media-types';
import { TaxiiClient } from '../taxii/client';
import type { HttpResponse } from '../taxii/http';
import { checkStatus } from '../taxii/responses';
import { redact, redactUrl } from '../log';
import {
  type CertificateInfo,
  certificateDetails,
  certificateVerdict,
  describePeer,
} from './certificate';
import {
  type BuildConnectionOptions,
  type ProfileSecretValues,
  type ResolvedConnection,
  type StartUrl,
  buildConnection,
  resolveStartUrl,
} from './connection-options';
import { connectTcp, handshakeForInspection, hostPort, openTunnel, resolveHost } from './dial';

/** The steps, in the order they run. */
export const TEST_STEPS = [
  'settings',
  'resolve',
  'tcp',
  'tls',
  'auth',
  'discovery',
  'api-roots',
  'collections',
] as const;

/** One step's name. */
export type TestStepName = (typeof TEST_STEPS)[number];

const LABELS: Record<TestStepName, string> = {
  settings: 'Profile settings',
  resolve: 'Name resolution',
  tcp: 'TCP connection',
  tls: 'TLS and certificate',
  auth: 'HTTP authentication',
  discovery: 'TAXII discovery and media type',
  'api-roots': 'API roots',
  collections: 'Collections',
};

/** A step's result. */
export interface TestStepReport {
  step: TestStepName;
  label: string;
  status: 'ok' | 'failed' | 'skipped';
  durationMs: number;
  /** One line saying what happened (or why it was skipped). */
  detail: string;
  /** Why it failed, as a person should read it. */
  error?: WireError;
  /** Small facts (certificate, addresses, titles…). */
  details?: Record<string, string | number | boolean | null>;
}

/** The whole test. */
export interface ConnectionTestReport {
  ok: boolean;
  /** The URL tested, fit to show. */
  target: string;
  steps: TestStepReport[];
  /** The TAXII version the server speaks, when found. */
  taxiiVersion?: '2.0' | '2.1';
  /** The server certificate, when TLS was reached. */
  certificate?: CertificateInfo;
  startedAt: string;
  durationMs: number;
}

/** Options of `testConnection`. */
export interface TestConnectionOptions extends Pick<
  BuildConnectionOptions,
  'resolver' | 'env' | 'systemProxy'
> {
  /** Called as each step finishes, in order. */
  onStep?: (step: TestStepReport) => void;
  signal?: AbortSignal;
  /** How many API roots to look at (default 10). */
  maxApiRoots?: number;
}

class StepFailure extends Error {
  constructor(
    readonly error: AppError,
    readonly details?: Record<string, string | number | boolean | null>,
  ) {
    super(error.message);
  }
}

type StepOutcome = {
  status?: 'ok' | 'skipped';
  detail: string;
  details?: Record<string, string | number | boolean | null>;
};

function toAppError(error: unknown, where: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof StepFailure) return error.error;
  const name = (error as { name?: string })?.name;
  if (name === 'AbortError') {
    return new AppError({
      code: 'CANCELLED',
      message: 'The connection test was cancelled.',
      where,
    });
  }
  return new AppError(
    {
      code: 'INTERNAL',
      message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}.`,
      where,
    },
    { cause: error },
  );
}

// Last line of defence: whatever a lower layer put in a message, it is redacted before showing.
function cleanWire(wire: WireError): WireError {
  const out: WireError = { ...wire, message: redact(wire.message) };
  if (wire.hint) out.hint = redact(wire.hint);
  if (wire.where) out.where = redact(wire.where);
  if (wire.details) {
    out.details = Object.fromEntries(
      Object.entries(wire.details).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]),
    );
  }
  return out;
}

function describeAuth(settings: ProfileSettings): string {
  switch (settings.auth.kind) {
    case 'none':
      return 'no HTTP authentication';
    case 'basic':
      return `HTTP Basic as ${settings.auth.username}`;
    case 'bearer':
      return 'a bearer token';
    case 'header':
      return `an API key in ${settings.auth.name}`;
  }
}

function shortCert(info: CertificateInfo): string {
  const until = info.validTo.slice(0, 10);
  return `${info.subject} issued by ${info.issuer}, valid until ${until}, SHA-256 ${info.fingerprint256}`;
}

/**
 * Runs the connection test for profile settings (saved or a draft) and their secrets. Never
 * throws for a connection problem: the report says which step failed and why. After a failed
 * step the remaining steps are reported as skipped.
 */
export async function testConnection(
  input: { settings: ProfileSettings; secrets: ProfileSecretValues },
  options: TestConnectionOptions = {},
): Promise<ConnectionTestReport> {
  const started = Date.now();
  const steps: TestStepReport[] = [];
  const { settings, secrets } = input;
  const signal = options.signal;
  const report: ConnectionTestReport = {
    ok: false,
    target:
      settings.server.kind === 'srv'
        ? `${settings.server.domain} (DNS SRV)`
        : redactUrl(settings.server.url),
    steps,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
  };
  let failed: TestStepName | undefined;

  const run = async (step: TestStepName, body: () => Promise<StepOutcome>): Promise<boolean> => {
    const t0 = performance.now();
    let entry: TestStepReport;
    if (failed) {
      entry = {
        step,
        label: LABELS[step],
        status: 'skipped',
        durationMs: 0,
        detail: `Not run: ${LABELS[failed].toLowerCase()} failed.`,
      };
    } else {
      try {
        if (signal?.aborted)
          throw new AppError({ code: 'CANCELLED', message: 'The connection test was cancelled.' });
        const outcome = await body();
        entry = {
          step,
          label: LABELS[step],
          status: outcome.status ?? 'ok',
          durationMs: Math.round(performance.now() - t0),
          detail: redact(outcome.detail),
          ...(outcome.details ? { details: outcome.details } : {}),
        };
      } catch (error) {
        failed = step;
        const app = toAppError(error, LABELS[step]);
        const wire = cleanWire(app.toWire());
        const details = error instanceof StepFailure ? error.details : undefined;
        entry = {
          step,
          label: LABELS[step],
          status: 'failed',
          durationMs: Math.round(performance.now() - t0),
          detail: wire.message,
          error: wire,
          ...(details || wire.details ? { details: { ...wire.details, ...details } } : {}),
        };
      }
    }
    steps.push(entry);
    options.onStep?.(entry);
    return entry.status !== 'failed';
  };

  let start: StartUrl | undefined;
  let conn: ResolvedConnection | undefined;
  const build = (s: StartUrl) =>
    buildConnection(settings, secrets, {
      start: s,
      ...(options.env ? { env: options.env } : {}),
      ...(options.systemProxy ? { systemProxy: options.systemProxy } : {}),
    });

  await run('settings', async () => {
    // For SRV the real start URL comes in the next step; a stand-in lets files and secrets be checked now.
    const provisional: StartUrl =
      settings.server.kind === 'srv'
        ? { kind: 'discovery', url: `https://${settings.server.domain}/taxii2/` }
        : await resolveStartUrl(settings);
    const c = await build(provisional);
    const parts = [describeAuth(settings)];
    if (c.options.tls?.ca) parts.push(`${c.options.tls.ca.length} extra CA certificate(s)`);
    if (settings.tls.clientCertificate) {
      parts.push(
        `client certificate (${settings.tls.clientCertificate.format === 'pem' ? 'PEM' : 'PKCS#12'})`,
      );
    }
    if (c.options.tls?.pinSha256) parts.push('pinned certificate');
    if (c.options.proxy) parts.push(`proxy ${redactUrl(c.options.proxy.url)}`);
    parts.push(`timeout ${settings.timeoutMs} ms`);
    if (settings.server.kind !== 'srv') {
      start = provisional;
      conn = c;
    }
    return { detail: `Using ${parts.join(', ')}.` };
  });

  let target: { host: string; port: number; secure: boolean } | undefined;
  let addresses: string[] = [];
  await run('resolve', async () => {
    const lines: string[] = [];
    const details: Record<string, string> = {};
    if (settings.server.kind === 'srv') {
      start = await resolveStartUrl(settings, options.resolver);
      conn = await build(start);
      const srv = start.srv!;
      const others = srv.alternatives.length;
      lines.push(
        `${srv.query} → ${srv.host}:${srv.port}${others ? ` (${others} more target${others === 1 ? '' : 's'} to fail over to)` : ''}`,
      );
      details.srv = `${srv.host}:${srv.port}`;
      if (others) details.srvAlternatives = srv.alternatives.join(', ');
    }
    const url = new URL(conn!.url);
    const { host, port } = hostPort(url);
    target = { host, port, secure: url.protocol === 'https:' };
    if (conn!.options.proxy) {
      const proxyHost = hostPort(new URL(conn!.options.proxy.url)).host;
      addresses = await resolveHost(proxyHost);
      lines.push(`proxy ${proxyHost} → ${addresses.join(', ')} (the proxy resolves ${host})`);
      details.proxyAddresses = addresses.join(', ');
    } else {
      addresses = await resolveHost(host);
      lines.push(net.isIP(host) ? `${host} is an IP address` : `${host} → ${addresses.join(', ')}`);
      details.addresses = addresses.join(', ');
    }
    return { detail: lines.join('; '), details };
  });

  let socket: Socket | undefined;
  await run('tcp', async (): Promise<StepOutcome> => {
    const t = target!;
    const timing = { timeoutMs: settings.timeoutMs, ...(signal ? { signal } : {}) };
    if (conn!.options.proxy) {
      const proxyUrl = new URL(conn!.options.proxy.url);
      const tunnel = await openTunnel(conn!.options.proxy, t.host, t.port, timing);
      socket = tunnel.socket;
      return {
        detail: `The proxy ${redactUrl(proxyUrl.origin)} opened a tunnel to ${t.host}:${t.port}${tunnel.sentCredentials ? ' (proxy credentials accepted)' : ''}.`,
        details: { proxy: redactUrl(proxyUrl.origin) },
      };
    }
    const { port } = hostPort(new URL(conn!.url));
    const connected = await connectTcp(addresses, port, timing);
    socket = connected.socket;
    return {
      detail: `Connected to ${net.isIPv6(connected.address) ? `[${connected.address}]` : connected.address}:${port}.`,
      details: { address: connected.address, port },
    };
  });

  await run('tls', async () => {
    const t = target!;
    if (!t.secure) {
      socket?.destroy();
      return {
        status: 'skipped',
        detail: 'Plain http://: no TLS. TAXII requires HTTPS; use http:// only for local tests.',
      };
    }
    const secure = await handshakeForInspection({
      host: t.host,
      port: t.port,
      socket: socket!,
      timeoutMs: settings.timeoutMs,
      ...(conn!.options.tls ? { tls: conn!.options.tls } : {}),
      ...(signal ? { signal } : {}),
    });
    let info: CertificateInfo;
    try {
      // Read only: nothing is written on this socket, whatever the certificate.
      info = describePeer(secure, t.host, t.port, conn!.options.tls?.pinSha256);
    } finally {
      secure.destroy();
    }
    report.certificate = info;
    const verdict = certificateVerdict(info);
    if (verdict) throw new StepFailure(verdict, certificateDetails(info));
    const why = info.pin
      ? 'the pinned fingerprint matches'
      : conn!.options.tls?.ca
        ? "trusted (system CAs and the profile's CA)"
        : 'trusted by the system CAs';
    return {
      detail: `${info.protocol}: ${shortCert(info)}; ${why}.`,
      details: { ...certificateDetails(info), protocol: info.protocol },
    };
  });

  const client = conn ? new TaxiiClient(conn.options) : undefined;
  try {
    const version: '2.0' | '2.1' = settings.taxiiVersion === '2.0' ? '2.0' : '2.1';
    const accept = version === '2.1' ? MEDIA_TYPES.taxii21 : MEDIA_TYPES.taxii20;
    const request = (url: string): Promise<HttpResponse> =>
      client!.http.request(url, { headers: { accept }, ...(signal ? { signal } : {}) });
    const hasCredentials =
      conn?.options.auth?.kind !== undefined && conn.options.auth.kind !== 'none';

    await run('auth', async () => {
      const first = await request(conn!.url);
      const sent = client!.http.sendsCredentialsTo(conn!.url);
      const expect = { resource: 'resource', version, accept, sentCredentials: sent };
      if (first.status === 401 || first.status === 403) checkStatus(first, expect);
      if (first.status < 200 || first.status >= 300) {
        return {
          status: 'skipped',
          detail: `The server answered ${first.status} without asking for credentials; the next step explains it.`,
        };
      }
      if (!hasCredentials) {
        return {
          status: 'skipped',
          detail: 'No credentials configured, and the server did not ask for any.',
        };
      }
      // Discovery is often public: the API roots on the same origin are where credentials count.
      const checked = [redactUrl(first.url)];
      const notes: string[] = [];
      if (conn!.kind === 'discovery') {
        const sameOrigin = sameOriginRoots(first, conn!.origin).slice(0, options.maxApiRoots ?? 10);
        for (const [i, root] of sameOrigin.entries()) {
          const res = await request(root);
          // 401 anywhere means the credentials were refused; 403 on a secondary root only means
          // this account may not use that root, which the person should see but is not a failure.
          if (res.status === 401 || (res.status === 403 && i === 0)) {
            checkStatus(res, { ...expect, sentCredentials: true });
          }
          if (res.status === 403) notes.push(`${redactUrl(res.url)} answered 403 (no permission)`);
          else if (res.status >= 200 && res.status < 300) checked.push(redactUrl(res.url));
        }
      }
      return {
        detail: `The server accepted ${describeAuth(settings)} at ${checked.join(', ')}.${notes.length ? ` ${notes.join('; ')}.` : ''}`,
        details: { checked: checked.length },
      };
    });

    let roots: string[] = [];
    let defaultRoot: string | undefined;
    await run('discovery', async () => {
      if (conn!.kind === 'api-root') {
        roots = [conn!.url];
        return {
          status: 'skipped',
          detail: 'The profile points at an API root; no discovery to read.',
        };
      }
      const found = await client!.discover(conn!.url, { ...(signal ? { signal } : {}) });
      report.taxiiVersion = found.version;
      roots = found.value.apiRoots;
      defaultRoot = found.value.default;
      const title = found.value.discovery.title;
      const notes = found.notes.map((n) => n.message);
      return {
        detail: `"${title}" speaks TAXII ${found.version} (${found.version === '2.1' ? MEDIA_TYPES.taxii21 : MEDIA_TYPES.taxii20}); ${roots.length} API root(s) listed${defaultRoot ? `, default ${redactUrl(defaultRoot)}` : ''}.${notes.length ? ` Notes: ${notes.join(' ')}` : ''}`,
        details: { title, version: found.version, apiRoots: roots.length },
      };
    });

    const answered: { url: string; title: string; version: '2.0' | '2.1' }[] = [];
    await run('api-roots', async () => {
      if (roots.length === 0) {
        return {
          status: 'skipped',
          detail: 'Discovery lists no API roots (the server may filter them per client).',
        };
      }
      const max = options.maxApiRoots ?? 10;
      const ordered = defaultRoot
        ? [defaultRoot, ...roots.filter((r) => r !== defaultRoot)]
        : roots;
      const problems: string[] = [];
      let firstError: AppError | undefined;
      for (const root of ordered.slice(0, max)) {
        try {
          const got = await client!.apiRoot(root, { ...(signal ? { signal } : {}) });
          answered.push({ url: root, title: got.value.title, version: got.version });
        } catch (error) {
          const app = toAppError(error, redactUrl(root));
          if (app.code === 'CANCELLED') throw app;
          firstError ??= app;
          problems.push(`${redactUrl(root)}: ${app.message}`);
        }
      }
      if (answered.length === 0) throw firstError!;
      report.taxiiVersion ??= answered[0]!.version;
      const shown = answered.map((a) => `"${a.title}" (${a.version})`).join(', ');
      const skippedCount = Math.max(0, ordered.length - max);
      return {
        detail: `${answered.length} of ${Math.min(ordered.length, max)} API root(s) answered: ${shown}.${problems.length ? ` Failed: ${problems.join(' ')}` : ''}${skippedCount ? ` ${skippedCount} more not checked.` : ''}`,
        details: { answered: answered.length, failed: problems.length },
      };
    });

    await run('collections', async () => {
      const root = answered[0];
      if (!root) return { status: 'skipped', detail: 'No API root answered.' };
      const got = await client!.collections(root.url, { ...(signal ? { signal } : {}) });
      const list = got.value;
      const readable = list.filter((c) => c.can_read).length;
      const writable = list.filter((c) => c.can_write).length;
      return {
        detail: `${list.length} collection(s) in "${root.title}": ${readable} readable, ${writable} writable.`,
        details: { root: redactUrl(root.url), collections: list.length, readable, writable },
      };
    });
  } finally {
    socket?.destroy();
    await client?.close().catch(() => undefined);
  }

  report.ok = steps.every((s) => s.status !== 'failed');
  report.durationMs = Date.now() - started;
  return report;
}

// The API roots of a discovery body on the given origin, default first; empty when the body is
// not JSON (discovery's own step reports that).
function sameOriginRoots(res: HttpResponse, origin: string): string[] {
  let body: { default?: unknown; api_roots?: unknown };
  try {
    body = JSON.parse(res.body.toString('utf8')) as typeof body;
  } catch {
    return [];
  }
  const candidates = [
    body.default,
    ...(Array.isArray(body.api_roots) ? (body.api_roots as unknown[]) : []),
  ].filter((v): v is string => typeof v === 'string' && !v.startsWith('//'));
  const out: string[] = [];
  for (const c of candidates) {
    try {
      const u = new URL(c, res.url);
      const href = u.href.endsWith('/') ? u.href : `${u.href}/`;
      if (u.origin === origin && !out.includes(href)) out.push(href);
    } catch {
      // Not a URL: discovery's own step reports it.
    }
  }
  return out;
}
