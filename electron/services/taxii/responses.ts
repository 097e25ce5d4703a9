/**
 * Reading a TAXII answer: HTTP status → typed AppError (with the server's TAXII error resource,
 * when it sent one), Content-Type checked leniently (with a quirk note when it is off), body
 * parsed as JSON with a line/column on failure, and HTML recognised as what it usually is: a
 * login page or a proxy's page, not a TAXII server.
 */
import {
  AppError,
  type ErrorCode,
  type TaxiiErrorResource,
  type WireError,
} from '../../../shared/errors';
import {
  hasVersionParam,
  mediaKind,
  parseMediaType,
  taxiiVersionOf,
  type TaxiiVersion,
} from '../../../shared/taxii/media-types';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import { errorResourceSchema } from '../../../shared/taxii/resources';
import { parseJsonText } from '../../../shared/stix/json-text';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth';
import type { HttpResponse } from './http';

/** What the caller expected from this exchange. */
export interface Expectation {
  /** Resource name for messages: "discovery resource", "envelope"… */
  resource: string;
  /** The TAXII version asked for. */
  version: TaxiiVersion;
  /** The Accept header sent (for explaining 406). */
  accept: string;
  /** The Content-Type sent with a POST (for explaining 415). */
  contentType?: string;
  /** Statuses that count as success (default 200). */
  ok?: number[];
  /** Whether credentials went with the request (for explaining 401). */
  sentCredentials?: boolean;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/i.test(text);
}

function looksLikeLogin(text: string): boolean {
  return /<form|type=["']?password|log\s*in|sign\s*in|single sign-on|sso/i.test(text);
}

function looksLikeTaxii1(res: HttpResponse, text: string): boolean {
  return (
    'x-taxii-content-type' in res.headers || /taxii_1|taxii-1|urn:taxii\.mitre\.org/i.test(text)
  );
}

/** The NOT_TAXII error for an HTML (or XML, or text) answer where TAXII JSON was expected. */
function notTaxii(res: HttpResponse, text: string, exp: Expectation): AppError {
  const where = res.url;
  const redirected = res.url !== res.requestUrl ? ` (after a redirect to ${res.url})` : '';
  if (looksLikeTaxii1(res, text)) {
    return new AppError({
      code: 'NOT_TAXII',
      message: `This address answers like a TAXII 1.x server${redirected}; Taxiway speaks TAXII 2.0 and 2.1.`,
      hint: 'Ask the operator for the server’s TAXII 2 address (usually ending in /taxii2/).',
      where,
      status: res.status,
      details: { kind: 'taxii1' },
    });
  }
  if (looksLikeHtml(text) || mediaKind(res.headers['content-type']) === 'html') {
    const login = looksLikeLogin(text);
    return new AppError({
      code: 'NOT_TAXII',
      message: login
        ? `The server answered with a web page that looks like a login page${redirected}, not with TAXII data.`
        : `The server answered with a web page${redirected}, not with TAXII data (expected a ${exp.resource}).`,
      hint: login
        ? 'A single sign-on portal or a proxy is in front of the TAXII server. Use credentials the TAXII API accepts (often a token or API key), or ask the operator for the API address.'
        : 'A proxy, a captive portal or a web site is answering instead of the TAXII server. Check the address (TAXII discovery usually ends in /taxii2/).',
      where,
      status: res.status,
      details: { kind: login ? 'login-page' : 'html' },
    });
  }
  return new AppError({
    code: 'NOT_TAXII',
    message: `The server answered with ${res.headers['content-type'] ?? 'no Content-Type'} content that is not JSON; expected a TAXII ${exp.resource}.`,
    hint: 'Check that the address points at a TAXII 2 server (discovery usually ends in /taxii2/).',
    where,
    status: res.status,
    details: { kind: mediaKind(res.headers['content-type']) },
  });
}

/** Parses a TAXII error resource from an error answer, when it is JSON with a `title`. */
export function parseErrorBody(res: HttpResponse): TaxiiErrorResource | undefined {
  const kind = mediaKind(res.headers['content-type']);
  if (kind !== 'taxii' && kind !== 'json' && kind !== 'stix') return undefined;
  if (jsonDepth(res.body) > MAX_JSON_DEPTH) return undefined;
  const parsed = parseJsonText(res.body.toString('utf8'));
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const raw = { ...(parsed.value as Record<string, unknown>) };
  if (typeof raw.http_status === 'number') raw.http_status = String(raw.http_status);
  const result = errorResourceSchema.safeParse(raw);
  return result.success ? (result.data as TaxiiErrorResource) : undefined;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); undefined when absent or junk. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - now) / 1000));
}

/** True when the request carried a `next` token (its 400 is then most likely about the token). */
function sentNext(url: string): boolean {
  try {
    return new URL(url).searchParams.has('next');
  } catch {
    return false;
  }
}

function statusError(res: HttpResponse, exp: Expectation): AppError {
  const taxii = parseErrorBody(res);
  const status = res.status;
  const said = taxii
    ? ` The server said: “${taxii.title}${taxii.description ? `: ${taxii.description}` : ''}”.`
    : '';
  const base: Omit<WireError, 'code' | 'message'> = {
    where: res.url,
    status,
    ...(taxii ? { taxii } : {}),
  };
  const make = (
    code: ErrorCode,
    message: string,
    hint: string,
    extra: Partial<WireError> = {},
  ): AppError => new AppError({ ...base, code, message: `${message}${said}`, hint, ...extra });
  switch (status) {
    case 400:
      return make(
        'HTTP_STATUS',
        `The server rejected the request as malformed (400).`,
        sentNext(res.url)
          ? 'The next token may have expired or been used up (some servers, medallion among them, keep it only 30 s or for one use), or the filters differ from those it was issued with. Ask for the first page again with the same filters, or continue with added_after set to the last page’s X-TAXII-Date-Added-Last; a walk over every page recovers from this by itself.'
          : 'A filter value may be one this server does not accept; check the filters, or remove them one at a time.',
      );
    case 401: {
      const challenge = res.headers['www-authenticate'];
      const schemes = challenge
        ? ` (it offers: ${challenge.split(',')[0]?.trim().split(/\s+/)[0]})`
        : '';
      return make(
        'UNAUTHORIZED',
        exp.sentCredentials
          ? `The server did not accept the credentials (401)${schemes}.`
          : `The server wants you to log in (401)${schemes}.`,
        exp.sentCredentials
          ? 'Check the user name and password, token or API key saved for this connection.'
          : 'Add credentials (user and password, token or API key) to the connection.',
      );
    }
    case 403:
      return make(
        'FORBIDDEN',
        `The server says you may not do this (403).`,
        'Your account lacks permission (for example, the collection is not readable or writable for you). Ask the server operator for access.',
      );
    case 404:
      return make(
        'NOT_FOUND',
        `Not found (404): the server has nothing at this address, or hides it from you.`,
        'Check the address. TAXII servers also answer 404 to hide what you are not allowed to see, so check the credentials too.',
      );
    case 406:
      return make(
        'NOT_ACCEPTABLE',
        `The server cannot answer in ${exp.accept} (406): it does not speak TAXII ${exp.version} at this address.`,
        exp.version === '2.1'
          ? 'The server may speak only TAXII 2.0: try the connection with TAXII version 2.0.'
          : 'The server may speak only TAXII 2.1: try the connection with TAXII version 2.1.',
      );
    case 413:
      return make(
        'TOO_LARGE',
        `The server refused the upload as too large (413).`,
        'Send fewer objects per request; Taxiway splits uploads below the API root’s max_content_length when it knows it.',
      );
    case 415:
      return make(
        'UNSUPPORTED_MEDIA_TYPE',
        `The server does not accept uploads of type ${exp.contentType ?? 'this type'} (415).`,
        exp.version === '2.1'
          ? 'The server may expect TAXII 2.0 (a STIX bundle): try the connection with TAXII version 2.0.'
          : 'The server may expect TAXII 2.1 (an envelope): try the connection with TAXII version 2.1.',
      );
    case 416:
      return make(
        'HTTP_STATUS',
        `The server says the requested range of items is past the end (416).`,
        'Start from an earlier item.',
      );
    case 422:
      return make(
        'HTTP_STATUS',
        `The server could not process the content (422).`,
        'The server refused these objects as a whole (an unsupported STIX version, or properties it does not accept). Check them against what the collection’s media_types allow.',
      );
    case 429: {
      const wait = retryAfterSeconds(res.headers['retry-after']);
      return make(
        'RATE_LIMITED',
        `The server is rate-limiting requests (429)${wait !== undefined ? `; it asks to wait ${wait} s` : ''}.`,
        'Wait before trying again, and make fewer requests (larger pages).',
        {
          retryable: true,
          ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
        },
      );
    }
    default: {
      if (status >= 500) {
        const wait = retryAfterSeconds(res.headers['retry-after']);
        return make(
          'SERVER_ERROR',
          `The server failed to answer (${status}${status === 503 ? ', unavailable' : status === 502 || status === 504 ? ', gateway error' : ''}).`,
          'This is a problem on the server side; try again later, and tell its operator if it persists.',
          { retryable: true, ...(wait !== undefined ? { retryAfterSeconds: wait } : {}) },
        );
      }
      return make(
        'HTTP_STATUS',
        `The server answered with HTTP status ${status}.`,
        'Check the address and try again.',
      );
    }
  }
}

/**
 * Throws the typed AppError for an error status (any non-2xx that is not a redirect the engine
 * already followed). Used for answers whose body is not read, e.g. DELETE.
 */
export function checkStatus(res: HttpResponse, exp: Expectation): void {
  if (res.status < 200 || res.status >= 300) throw statusError(res, exp);
}

/**
 * Checks status and Content-Type and parses the JSON body. Odd-but-usable Content-Types (no
 * version parameter, plain application/json, a wrong label on valid JSON) become notes; HTML,
 * XML and other non-JSON answers become NOT_TAXII; broken JSON becomes INVALID_RESPONSE with
 * line and column.
 */
export function readTaxiiJson(res: HttpResponse, exp: Expectation, notes: QuirkNote[]): unknown {
  if (!(exp.ok ?? [200]).includes(res.status)) {
    if (res.status >= 200 && res.status < 300) {
      // e.g. 200 where 202 was expected: usable; the caller notes it if it matters.
    } else throw statusError(res, exp);
  }
  const contentType = res.headers['content-type'];
  const kind = mediaKind(contentType);
  const text = res.body.toString('utf8');
  const trimmedStart = text.trimStart().charAt(0);
  const isJsonish = trimmedStart === '{' || trimmedStart === '[';
  if (!isJsonish && kind !== 'taxii' && kind !== 'json' && kind !== 'stix')
    throw notTaxii(res, text, exp);
  if (!isJsonish && (looksLikeHtml(text) || kind === 'html')) throw notTaxii(res, text, exp);
  const depth = jsonDepth(res.body);
  if (depth > MAX_JSON_DEPTH) {
    throw new AppError({
      code: 'INVALID_RESPONSE',
      message: `The server's ${exp.resource} nests ${depth} levels deep; Taxiway reads at most ${MAX_JSON_DEPTH} (real TAXII and STIX nest about ten), so it was not read.`,
      hint: 'The server is broken or hostile. Tell its operator; nothing of this answer was used.',
      where: res.url,
      status: res.status,
      details: { depth, maxDepth: MAX_JSON_DEPTH },
    });
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    if (looksLikeHtml(text)) throw notTaxii(res, text, exp);
    const { line, column, offset, message } = parsed.problem;
    throw new AppError({
      code: 'INVALID_RESPONSE',
      message: `The server's ${exp.resource} is not valid JSON: ${message} at line ${line}, column ${column} (byte ${offset} of ${res.body.byteLength}).`,
      hint: 'The answer may have been cut off or garbled on the way, or the server has a bug. Try again; if it persists, tell the server operator.',
      where: res.url,
      status: res.status,
      details: { line, column, offset },
    });
  }
  if (kind === 'taxii' || kind === 'stix') {
    const got = taxiiVersionOf(contentType);
    if (!hasVersionParam(contentType)) {
      addNote(notes, {
        code: 'CONTENT_TYPE_NO_VERSION',
        message: `The server's Content-Type (${contentType}) has no version parameter; TAXII requires one. Read as TAXII ${exp.version}.`,
        where: res.url,
      });
    } else if (got !== exp.version) {
      addNote(notes, {
        code: 'CONTENT_TYPE_OTHER_VERSION',
        message: `Asked for TAXII ${exp.version}, the server labelled its answer ${contentType}.`,
        where: res.url,
      });
    }
  } else if (kind === 'json') {
    addNote(notes, {
      code: 'CONTENT_TYPE_PLAIN_JSON',
      message: `The server labelled its answer ${parseMediaType(contentType)?.type ?? contentType} instead of the TAXII media type; the content was valid TAXII JSON, so it was used.`,
      where: res.url,
    });
  } else {
    addNote(notes, {
      code: 'CONTENT_TYPE_WRONG',
      message: `The server labelled its answer ${contentType ?? '(no Content-Type)'}, but it was TAXII JSON, so it was used.`,
      where: res.url,
    });
  }
  return parsed.value;
}
