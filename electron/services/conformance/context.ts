/**
 * What every check of the probe shares: raw exchanges through the client's request engine (so
 * TLS trust, credentials per origin, timeouts and Retry-After behave as everywhere else, but no
 * tolerance hides what the server sent), the report lines, and small helpers to judge media
 * types and describe answers.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { CheckLine, CheckStatus } from '../../../shared/taxii/conformance';
import {
  hasVersionParam,
  mediaKind,
  MEDIA_TYPES,
  taxiiVersionOf,
} from '../../../shared/taxii/media-types';
import type { WaitNotice } from '../../../shared/taxii/waits';
import type { HttpResponse, TaxiiClient } from '../taxii';
import { jsonDepth, MAX_JSON_DEPTH } from '../taxii/json-depth';
import { checkSpec, lineId, type CheckId, type MediaTypeCheckId } from './check-catalogue';

/** One exchange as the probe sees it: the answer, or why there was none. */
export interface Answer {
  url: string;
  res?: HttpResponse;
  status?: number;
  contentType?: string;
  /** The body parsed as JSON, when it was JSON. */
  json?: unknown;
  /** The body as text (first 2 KB), when it was not JSON. */
  text?: string;
  /** No answer: network failure, timeout, refused redirect… */
  error?: AppError;
}

/** Options of one raw exchange. */
export interface Exchange {
  accept?: string;
  method?: 'GET' | 'POST' | 'DELETE';
  body?: string | Uint8Array;
  contentType?: string;
}

/** What a line may carry besides its verdict. */
export interface LineExtra {
  /** The known quirk the line names (kept only when the check did not pass, for `judge`). */
  finding?: string;
  url?: string;
  /** What the check is about, for a catalogue entry whose `checked` names it (a URL, a type). */
  about?: string;
}

/** Shared state of one probe run. */
export class ProbeContext {
  readonly lines: CheckLine[] = [];
  readonly skipped: string[] = [];
  readonly waits: WaitNotice[] = [];
  requests = 0;

  constructor(
    readonly client: TaxiiClient,
    readonly signal: AbortSignal | undefined,
    private readonly onWait?: (notice: WaitNotice) => void,
    private readonly onLine?: (line: CheckLine) => void,
  ) {}

  /** Adds the line of check `id` (./check-catalogue.ts) with `status`. */
  line(id: CheckId, status: CheckStatus, observed: string, extra: LineExtra = {}): CheckLine {
    const { level, clause, checked } = checkSpec(id, extra.about);
    const line: CheckLine = {
      id: lineId(id),
      status,
      level,
      clause,
      checked,
      observed,
      ...(extra.finding !== undefined ? { finding: extra.finding } : {}),
      ...(extra.url !== undefined ? { url: extra.url } : {}),
    };
    this.lines.push(line);
    try {
      this.onLine?.(line);
    } catch {
      // A broken listener must not break the check.
    }
    return line;
  }

  /** The line of check `id`: `pass` when `ok` (no finding), else `fail` for a MUST and `warn` otherwise. */
  judge(id: CheckId, ok: boolean, observed: string, extra: LineExtra = {}): CheckLine {
    const status: CheckStatus = ok ? 'pass' : checkSpec(id).level === 'MUST' ? 'fail' : 'warn';
    const { finding: _finding, ...kept } = extra;
    return this.line(id, status, observed, ok ? kept : extra);
  }

  /** The URL without credentials. */
  safe(url: string | URL): string {
    return this.client.http.safe(url);
  }

  /** One raw exchange; never throws except when the probe is cancelled. */
  async fetch(url: string, x: Exchange = {}): Promise<Answer> {
    this.requests++;
    const headers: Record<string, string> = { accept: x.accept ?? MEDIA_TYPES.taxii21 };
    if (x.contentType) headers['content-type'] = x.contentType;
    try {
      const res = await this.client.http.request(url, {
        method: x.method ?? 'GET',
        headers,
        ...(x.body !== undefined ? { body: x.body } : {}),
        ...(this.signal ? { signal: this.signal } : {}),
        onWait: (w) => {
          this.waits.push(w);
          this.onWait?.(w);
        },
      });
      this.requests += res.waits?.length ?? 0;
      const answer: Answer = {
        url: res.url,
        res,
        status: res.status,
        ...(res.headers['content-type'] !== undefined
          ? { contentType: res.headers['content-type'] }
          : {}),
      };
      const text = res.body.toString('utf8');
      if (text.trim() !== '' && jsonDepth(res.body) > MAX_JSON_DEPTH) {
        // Too deep for the checks' recursive code: kept as text, so the check reports "not JSON".
        answer.text = text.slice(0, 2048);
      } else if (text.trim() !== '') {
        try {
          answer.json = JSON.parse(text) as unknown;
        } catch {
          answer.text = text.slice(0, 2048);
        }
      }
      return answer;
    } catch (err) {
      if (isAppError(err, 'CANCELLED') && this.signal?.aborted) throw err;
      const error = isAppError(err)
        ? err
        : new AppError({ code: 'INTERNAL', message: String(err) }, { cause: err });
      return { url: this.safe(url), error };
    }
  }
}

/** A short account of an answer: `200 application/taxii+json;version=2.1`, or the failure. */
export function describe(a: Answer): string {
  if (a.error) return `no answer: ${a.error.code} (${a.error.message})`;
  return `${a.status} ${a.contentType ?? '(no Content-Type)'}`;
}

/** The answer's JSON as an object (or undefined). */
export function objectOf(a: Answer): Record<string, unknown> | undefined {
  return typeof a.json === 'object' && a.json !== null && !Array.isArray(a.json)
    ? (a.json as Record<string, unknown>)
    : undefined;
}

/**
 * Checks that an answer carries the TAXII 2.1 media type with its version (§3.1: every response,
 * errors included). Adds the line; `unversioned-content-type` names the field quirk.
 */
export function checkMediaType(
  ctx: ProbeContext,
  id: MediaTypeCheckId,
  a: Answer,
): CheckLine | undefined {
  if (a.error || a.status === undefined) return undefined;
  const ct = a.contentType;
  const ok = mediaKind(ct) === 'taxii' && hasVersionParam(ct) && taxiiVersionOf(ct) === '2.1';
  const unversioned =
    !ok && (mediaKind(ct) === 'json' || (mediaKind(ct) === 'taxii' && !hasVersionParam(ct)));
  return ctx.judge(id, ok, `${a.status} with Content-Type ${ct ?? '(none)'}`, {
    ...(unversioned ? { finding: 'unversioned-content-type' } : {}),
    url: a.url,
  });
}

/** `base` with `query` (if any). */
export function withQuery(base: string, query: string): string {
  return query ? `${base}?${query}` : base;
}

/** The list under `key` of an answer's JSON (empty when there is none). */
export function list(a: Answer, key: string): unknown[] {
  const o = objectOf(a);
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** The `id` of each item, as strings. */
export function ids(items: unknown[]): string[] {
  return items.map((o) => String((o as { id?: unknown }).id));
}

/** Keys of `o` written in camelCase where the spec has snake_case (`canRead`, `maxContentLength`…). */
export function camelKeys(o: Record<string, unknown> | undefined): string[] {
  if (!o) return [];
  return Object.keys(o).filter((k) => /^[a-z]+[A-Z]/.test(k));
}

/** A TAXII 2.1 identifier: an RFC 4122 version-4 UUID. */
export const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
