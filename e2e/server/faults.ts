/**
 * Faults on purpose: switches that make the server misbehave at the HTTP level so the client's
 * retry, timeout and parsing paths can be tested. Each rule applies globally or to matching
 * requests, and can fire a fixed number of times and then stop.
 */
import type { GeneratedFault } from './generated-faults';

/** Names of the server's endpoints, for targeting a fault or reading the request log. */
export type EndpointName =
  | 'discovery'
  | 'api-root'
  | 'status'
  | 'collections'
  | 'collection'
  | 'manifest'
  | 'objects'
  | 'add-objects'
  | 'object'
  | 'delete-object'
  | 'versions'
  | 'unknown';

/** What a fault does. */
export type FaultAction =
  /** Waits `ms` before answering. */
  | { kind: 'latency'; ms: number }
  /** Sends the body `bytes` at a time every `intervalMs`. */
  | { kind: 'trickle'; bytes: number; intervalMs: number }
  /**
   * Answers `status` (500, 503, 429, …) with a TAXII error. `retryAfter` adds `Retry-After`:
   * a number of seconds, or `{ date: seconds }` for an HTTP date that many seconds ahead.
   * `title` and `description` replace the error's words (a hostile server's, say).
   */
  | {
      kind: 'status';
      status: number;
      retryAfter?: number | { date: number };
      title?: string;
      description?: string;
    }
  /** Answers 200 with the right headers but a body that is not valid JSON. */
  | { kind: 'malformed-json' }
  /** Answers normally but with another Content-Type (default `text/html; charset=utf-8`). */
  | { kind: 'wrong-content-type'; contentType?: string }
  /** Announces the full Content-Length, sends `bytes` (default half) of the body, then closes. */
  | { kind: 'truncate'; bytes?: number }
  /** Resets the TCP connection without answering. */
  | { kind: 'reset' }
  /**
   * Redirects (default 307) to the same path and query on the server's second origin, or with
   * `to` (a path such as `/api1/`) to that path on the same origin.
   */
  | { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; to?: string }
  /** Answers `status` (default 200) with this JSON as a TAXII resource, whatever was asked. */
  | { kind: 'body'; json: Record<string, unknown>; status?: number }
  /** Pages of objects/manifest/versions hold `extra` (default: limit) more items than `limit`. */
  | { kind: 'oversized-page'; extra?: number }
  /** Bodies made up on the spot (endless paging, huge pages, deep JSON): generated-faults.ts. */
  | GeneratedFault;

/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  /** Endpoint name (see EndpointName). */
  endpoint?: EndpointName | EndpointName[];
  /** HTTP method, e.g. GET. */
  method?: string;
  /** Path glob: `*` matches any run of characters; without `*` the whole path must be equal. */
  path?: string;
  /** Only requests to this listener: the main origin or the second (redirect-target) origin. */
  listener?: 'main' | 'other';
}

/** One fault switch. */
export type FaultRule = FaultAction &
  FaultMatch & {
    /** Fire this many times, then stop (default: always). */
    times?: number;
    /** Skip this many matching requests before firing (default 0). */
    after?: number;
  };

/** The request facts a rule is matched against. */
export interface FaultTarget {
  endpoint: EndpointName;
  method: string;
  path: string;
  listener: 'main' | 'other';
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function matches(rule: FaultRule, t: FaultTarget): boolean {
  if (rule.endpoint !== undefined) {
    const list = Array.isArray(rule.endpoint) ? rule.endpoint : [rule.endpoint];
    if (!list.includes(t.endpoint)) return false;
  }
  if (rule.method !== undefined && rule.method.toUpperCase() !== t.method) return false;
  if (rule.path !== undefined && !globToRegExp(rule.path).test(t.path)) return false;
  if (rule.listener !== undefined && rule.listener !== t.listener) return false;
  return true;
}

/** The rules in force, with their use counters. */
export class FaultBook {
  private rules: { rule: FaultRule; seen: number; fired: number }[] = [];

  /** Replaces every rule (counters restart). */
  set(rules: readonly FaultRule[]): void {
    for (const r of rules) validateFault(r);
    this.rules = rules.map((rule) => ({ rule: { ...rule }, seen: 0, fired: 0 }));
  }

  /** The rules as set, with how often each has fired. */
  list(): (FaultRule & { fired: number })[] {
    return this.rules.map((r) => ({ ...r.rule, fired: r.fired }));
  }

  /** Rules that fire for this request (their counters advance). */
  take(target: FaultTarget): FaultAction[] {
    const out: FaultAction[] = [];
    for (const entry of this.rules) {
      if (!matches(entry.rule, target)) continue;
      entry.seen++;
      if (entry.seen <= (entry.rule.after ?? 0)) continue;
      if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) continue;
      entry.fired++;
      out.push(entry.rule);
    }
    return out;
  }
}

const KINDS = new Set([
  'body',
  'latency',
  'trickle',
  'status',
  'malformed-json',
  'wrong-content-type',
  'truncate',
  'reset',
  'redirect',
  'oversized-page',
  'endless',
  'huge-page',
  'deep-json',
]);

/** Throws a readable error for a rule that cannot work (used for CLI and control input too). */
export function validateFault(rule: unknown): asserts rule is FaultRule {
  const r = rule as Partial<Record<string, unknown>> | null;
  if (!r || typeof r !== 'object' || typeof r.kind !== 'string' || !KINDS.has(r.kind)) {
    throw new Error(
      `fault rule needs kind: one of ${[...KINDS].join(', ')}; got ${JSON.stringify(rule)}`,
    );
  }
  const num = (name: string, required: boolean): void => {
    const v = r[name];
    if (v === undefined && !required) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(
        `fault ${r.kind} needs ${name} as a non-negative number; got ${JSON.stringify(v)}`,
      );
    }
  };
  if (r.kind === 'latency') num('ms', true);
  if (r.kind === 'trickle') {
    num('bytes', true);
    num('intervalMs', true);
    if ((r.bytes as number) < 1) throw new Error('fault trickle needs bytes ≥ 1');
  }
  if (r.kind === 'status') {
    num('status', true);
    for (const key of ['title', 'description'] as const)
      if (r[key] !== undefined && typeof r[key] !== 'string')
        throw new Error(`fault status: ${key} is a string`);
    if (r.retryAfter !== undefined && typeof r.retryAfter !== 'number') {
      const d = r.retryAfter as { date?: unknown };
      if (typeof d !== 'object' || d === null || typeof d.date !== 'number') {
        throw new Error('fault status: retryAfter is seconds (number) or { date: seconds }');
      }
    }
  }
  if (r.kind === 'body') {
    if (typeof r.json !== 'object' || r.json === null || Array.isArray(r.json))
      throw new Error('fault body needs json: an object');
    num('status', false);
  }
  if (r.kind === 'huge-page') num('bytes', true);
  if (r.kind === 'deep-json') num('depth', true);
  if (r.kind === 'endless') num('pageItems', false);
  if (r.kind === 'redirect' && r.to !== undefined) {
    // A path on the same origin only: `//host/x` would leave it.
    if (typeof r.to !== 'string' || !/^\/(?!\/)/.test(r.to))
      throw new Error(`fault redirect: to is a path such as /api1/; got ${JSON.stringify(r.to)}`);
  }
  num('times', false);
  num('after', false);
}

/** Parses the CLI form `kind[:key=value,…][@endpoint]`, e.g. `status:status=503,retryAfter=2,times=3@objects`. */
export function parseFaultSpec(spec: string): FaultRule {
  const [head = '', endpoint] = spec.split('@');
  const [kind = '', args = ''] = head.split(':');
  const rule: Record<string, unknown> = { kind };
  for (const pair of args.split(',').filter(Boolean)) {
    const [k = '', v = ''] = pair.split('=');
    if (k === 'retryAfterDate') rule.retryAfter = { date: Number(v) };
    else if (
      k === 'path' ||
      k === 'method' ||
      k === 'contentType' ||
      k === 'listener' ||
      k === 'to'
    )
      rule[k] = v;
    else rule[k] = Number(v);
  }
  if (endpoint) rule.endpoint = endpoint;
  validateFault(rule);
  return rule;
}
