/**
 * The conformance probe: runs the checklist against a TAXII 2.1 server and returns the report
 * (shared/taxii/conformance.ts). It reads discovery and every API root, then one API root and one
 * readable collection in depth, and writes only when a writable collection is named. Requests go
 * through the client's engine with the connection's credentials, TLS trust, timeouts and
 * Retry-After handling, but with no tolerance: what the server sends is what is judged.
 */
import {
  renderJson,
  renderMarkdown,
  renderText,
  summarise,
  type CheckLine,
  type ConformanceReport,
} from '../../../shared/taxii/conformance';
import { AppError } from '../../../shared/errors';
import type { WaitNotice } from '../../../shared/taxii/waits';
import { TaxiiClient, type ConnectionOptions, type EngineInternals } from '../taxii';
import { normaliseUrl } from '../taxii/urls';
import { checkCollections } from './checks-collection';
import { checkServer } from './checks-server';
import { checkWrite } from './checks-write';
import { describe, objectOf, ProbeContext } from './context';

/** Options of a probe run. */
export interface ProbeOptions {
  /** How to reach the server (credentials, TLS, proxy, timeout), e.g. from a profile. */
  connection?: ConnectionOptions;
  /** Or: a client already connected (the caller closes it). */
  client?: TaxiiClient;
  /** A collection id the probe may write to (POST, 413, DELETE); without it nothing is written. */
  writeCollection?: string;
  signal?: AbortSignal;
  /** Told about each wait the server imposes (429 Retry-After, backoff), when it starts. */
  onWait?: (notice: WaitNotice) => void;
  /** Told about each line of the report as soon as it is judged (for showing progress). */
  onLine?: (line: CheckLine) => void;
  /** Tests only: a DNS lookup of one's own. */
  internals?: EngineInternals;
}

/** Where to start: the discovery URL, and an API root or collection the person named. */
interface Start {
  discoveryUrl: string;
  root?: string;
  collection?: string;
}

async function startOf(ctx: ProbeContext, url: URL): Promise<Start> {
  const discovery = new URL('/taxii2/', url).href;
  if (url.pathname === '/') return { discoveryUrl: discovery };
  const m = /^(.*?\/)collections\/(?:([^/]+)\/.*)?$/.exec(url.pathname);
  if (m) {
    return {
      discoveryUrl: discovery,
      root: new URL(m[1] as string, url).href,
      ...(m[2] ? { collection: decodeURIComponent(m[2]) } : {}),
    };
  }
  if (/\/taxii2?\/$/.test(url.pathname)) return { discoveryUrl: url.href };
  // Some other path: an API root (it has versions and max_content_length), or discovery.
  const a = await ctx.fetch(url.href);
  const o = objectOf(a);
  if (o && Array.isArray(o.versions) && ('max_content_length' in o || 'maxContentLength' in o))
    return { discoveryUrl: discovery, root: url.href };
  return { discoveryUrl: url.href };
}

/** Runs the checklist against `target` (a server, discovery, API root or collection URL). */
export async function runConformance(
  target: string,
  options: ProbeOptions = {},
): Promise<ConformanceReport> {
  const started = Date.now();
  const url = normaliseUrl(target, 'server URL');
  const own = options.client === undefined;
  const client =
    options.client ??
    new TaxiiClient({ retry: { maxAttempts: 4 }, ...options.connection }, options.internals ?? {});
  const ctx = new ProbeContext(client, options.signal, options.onWait, options.onLine);
  const base: Omit<ConformanceReport, 'summary' | 'findings' | 'mustsHold'> = {
    v: 1,
    target: ctx.safe(url),
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    taxiiVersion: '2.1',
    lines: ctx.lines,
    skipped: ctx.skipped,
    requests: 0,
  };
  try {
    const start = await startOf(ctx, url);
    base.discoveryUrl = ctx.safe(start.discoveryUrl);
    const server = await checkServer(ctx, start.discoveryUrl, start.root);
    if (server) {
      const root =
        server.roots.find((r) => r.url === start.root) ??
        server.roots.find((r) => r.url === server.defaultRoot) ??
        server.roots[0];
      if (!root) {
        ctx.skipped.push('The collection checks: no API root could be read.');
      } else {
        base.apiRoot = ctx.safe(root.url);
        const facts = await checkCollections(ctx, root, start.collection);
        if (facts.collectionUrl) base.collection = ctx.safe(facts.collectionUrl);
        if (options.writeCollection) {
          base.writeCollection = options.writeCollection;
          await checkWrite(ctx, root, options.writeCollection);
        } else {
          ctx.skipped.push(
            'POST, status, 413 and DELETE: name a writable collection (--write COLLECTION_ID) to check them.',
          );
        }
        if (facts.firstNext)
          await checkNextLifetime(ctx, facts.firstNext, facts.freshNext === true);
      }
    }
    checkRateLimit(ctx);
  } finally {
    if (own) await client.close();
  }
  base.durationMs = Date.now() - started;
  base.requests = ctx.requests;
  return summarise(base);
}

/** Replays the first `next` received, as a slow reader would: does it still work? */
async function checkNextLifetime(
  ctx: ProbeContext,
  first: { url: string; at: number },
  fresh: boolean,
): Promise<void> {
  const age = (Date.now() - first.at) / 1000;
  const a = await ctx.fetch(first.url);
  const works = a.status === 200;
  // A token that still works now may still be a session that expires later: one the server
  // issues afresh for the same page is one (a check cannot wait out medallion's 30 s).
  const observed = !works
    ? `${describe(a)}: next tokens expire (clients must restart with added_after)`
    : fresh
      ? `${describe(a)} for now, but the same first page asked twice came with two different next tokens: they are server-side sessions, which expire (medallion's after 30 s; clients must then restart with added_after)`
      : describe(a);
  ctx.judge('paging.next-lifetime', works && !fresh, observed, {
    finding: 'expiring-next',
    url: a.url,
    about: age.toFixed(1),
  });
}

/** One line on rate limiting, from the waits the probe's requests took. */
function checkRateLimit(ctx: ProbeContext): void {
  const limited = ctx.waits.filter((w) => w.reason === 'rate-limited');
  if (limited.length === 0) {
    ctx.line('rate-limit', 'pass', `no 429 in ${ctx.requests} request(s)`);
    return;
  }
  const asked = limited.every((w) => w.serverAsked);
  ctx.line(
    'rate-limit',
    'warn',
    `429 ${limited.length} time(s) in ${ctx.requests} request(s), ${asked ? 'always with Retry-After' : 'not always with Retry-After'}; the check waited ${(limited.reduce((n, w) => n + w.ms, 0) / 1000).toFixed(0)} s`,
    { finding: 'rate-limit' },
  );
}

/** The report in one of the three formats. */
export function renderReport(
  report: ConformanceReport,
  format: 'text' | 'json' | 'markdown',
): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report);
}

/** The lines that failed (broken MUSTs). */
export function failures(report: ConformanceReport): CheckLine[] {
  return report.lines.filter((l) => l.status === 'fail');
}

/** Throws unless `format` is one the renderers know. */
export function checkFormat(format: string): asserts format is 'text' | 'json' | 'markdown' {
  if (!['text', 'json', 'markdown'].includes(format)) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The report format ${JSON.stringify(format)} is not known.`,
      hint: 'Use text, json or markdown.',
      where: 'format',
    });
  }
}
