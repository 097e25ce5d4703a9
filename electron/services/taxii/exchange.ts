/**
 * One request and its answer, the way every client call makes them: the call's signal, timeout
 * and wait listener on the request (`requestFor`), then status, Content-Type, JSON, camelCase keys
 * and the waits taken read into data and quirk notes (`Exchange.read`), and the
 * X-TAXII-Date-Added headers checked (digest §6.2).
 */
import type { TaxiiVersion } from '../../../shared/taxii/media-types';
import { MEDIA_TYPES } from '../../../shared/taxii/media-types';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import { isTimestamp } from '../../../shared/taxii/timestamps';
import { parseResource } from '../../../shared/taxii/validate';
import type { z } from 'zod';
import { formatDuration, type WaitNotice } from '../../../shared/taxii/waits';
import type { HttpEngine, HttpRequest, HttpResponse } from './http';
import { readTaxiiJson, type Expectation } from './responses';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this call's requests, ms. */
  timeoutMs?: number;
  /** Told about every wait this call's requests take (Retry-After, backoff, budget). */
  onWait?: (notice: WaitNotice) => void;
}

/** A single resource with where it came from and what was odd about it. */
export interface TaxiiResult<T> {
  value: T;
  version: TaxiiVersion;
  /** The URL that answered (no credentials). */
  url: string;
  notes: QuirkNote[];
}

/** The page size the iterators ask for when the filters name none (servers cap it anyway). */
export const DEFAULT_PAGE_SIZE = 1000;

/** The Accept header of TAXII resources in each version. */
export const ACCEPT: Record<TaxiiVersion, string> = {
  '2.1': MEDIA_TYPES.taxii21,
  '2.0': MEDIA_TYPES.taxii20,
};

/** A request carrying the call's signal, timeout and wait listener besides `req`. */
export function requestFor(
  opts: CallOptions,
  req: Omit<HttpRequest, 'signal' | 'timeoutMs' | 'onWait'>,
): HttpRequest {
  return {
    ...req,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    ...(opts.onWait ? { onWait: opts.onWait } : {}),
  };
}

/** Requests through one engine, read into checked data with notes. */
export class Exchange {
  constructor(readonly http: HttpEngine) {}

  /** GET `url` with `exp.accept` (and `extraHeaders`); the answer read as by `read`. */
  async get(
    url: string,
    exp: Expectation,
    opts: CallOptions,
    notes: QuirkNote[],
    extraHeaders: Record<string, string> = {},
  ): Promise<{ res: HttpResponse; data: unknown }> {
    const res = await this.http.request(
      url,
      requestFor(opts, { headers: { accept: exp.accept, ...extraHeaders } }),
    );
    return { res, data: this.read(res, exp, notes, url) };
  }

  /** GET one TAXII resource of `version` at `url`, checked against `schema` (./responses.ts, shared/taxii/validate.ts). */
  async resource<S extends z.ZodType>(
    url: string,
    schema: S,
    resource: string,
    version: TaxiiVersion,
    opts: CallOptions,
    notes: QuirkNote[],
  ): Promise<{ res: HttpResponse; value: z.output<S> }> {
    const { res, data } = await this.get(
      url,
      { resource, version, accept: ACCEPT[version] },
      opts,
      notes,
    );
    return { res, value: parseResource(schema, data, { resource, url: res.url }) };
  }

  /** Status, Content-Type and JSON of an answer (./responses.ts), camelCase keys renamed, waits noted. */
  read(res: HttpResponse, exp: Expectation, notes: QuirkNote[], url: string): unknown {
    waitNotes(res, notes);
    const data = readTaxiiJson(
      res,
      { ...exp, sentCredentials: this.http.sendsCredentialsTo(url) },
      notes,
    );
    return snakeCaseTaxiiKeys(data, exp.resource, notes, res.url);
  }
}

/** The X-TAXII-Date-Added-First/-Last of an answer when they are timestamps; others noted and ignored. */
export function dateHeaders(
  res: HttpResponse,
  notes: QuirkNote[],
  url: string,
): Pick<Page<unknown>, 'dateAddedFirst' | 'dateAddedLast'> {
  const out: Pick<Page<unknown>, 'dateAddedFirst' | 'dateAddedLast'> = {};
  for (const [header, key] of [
    ['x-taxii-date-added-first', 'dateAddedFirst'],
    ['x-taxii-date-added-last', 'dateAddedLast'],
  ] as const) {
    const value = res.headers[header];
    if (value === undefined || value === '') continue;
    if (isTimestamp(value.trim())) out[key] = value.trim();
    else {
      addNote(notes, {
        code: 'DATE_HEADER_INVALID',
        message: `The ${header} header holds ${JSON.stringify(value.slice(0, 60))}, not a timestamp; it was ignored.`,
        where: url,
      });
    }
  }
  return out;
}

/** Notes for the waits an answer took: the server asked to wait, or a failure was retried. */
function waitNotes(res: HttpResponse, notes: QuirkNote[]): void {
  const waits = res.waits;
  if (!waits || waits.length === 0) return;
  const total = (ws: WaitNotice[]): string => formatDuration(ws.reduce((n, w) => n + w.ms, 0));
  const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
  const asked = waits.filter((w) => w.reason === 'rate-limited' || w.reason === 'unavailable');
  const retried = waits.filter((w) => w.reason === 'retry');
  if (asked.length > 0) {
    const statuses = [...new Set(asked.map((w) => w.status))].join('/');
    addNote(notes, {
      code: 'SERVER_ASKED_TO_WAIT',
      message: `The server answered ${statuses} ${times(asked.length)} (${asked.some((w) => w.serverAsked) ? 'Retry-After' : 'no Retry-After, so Taxiway backed off'}); Taxiway waited ${total(asked)} in all before this answer.`,
      where: res.url,
    });
  }
  if (retried.length > 0) {
    const causes = [...new Set(retried.map((w) => w.cause ?? 'transient failure'))].join('; ');
    addNote(notes, {
      code: 'RETRIED',
      message: `The request failed ${times(retried.length)} (${causes}) and was tried again after ${total(retried)}; this answer came on attempt ${waits.length + 1}.`,
      where: res.url,
    });
  }
}
