/**
 * Reading one answer, as a table: each error status with its code, words and hint; the server's
 * TAXII error resource quoted; Retry-After in seconds and as a date; web pages, TAXII 1 and other
 * non-JSON answers told apart; too-deep and broken JSON refused with where it broke; and each odd
 * Content-Type noted. (errors.test.ts and tolerance.test.ts drive the same paths through the test
 * server; these pin the details those cannot reach cheaply.)
 */
import { describe, expect, it } from 'vitest';
import { AppError, isAppError, type WireError } from '../../../shared/errors';
import type { QuirkNote } from '../../../shared/taxii/notes';
import type { HttpResponse } from './http';
import { MAX_JSON_DEPTH } from './json-depth';
import {
  checkStatus,
  parseErrorBody,
  readTaxiiJson,
  retryAfterSeconds,
  type Expectation,
} from './responses';

const URL_ = 'https://taxii.example/api1/collections/c1/objects/';
const TAXII21 = 'application/taxii+json;version=2.1';

function res(
  status: number,
  body: string,
  headers: Record<string, string> = {},
  url = URL_,
  requestUrl = url,
): HttpResponse {
  return { status, headers, body: Buffer.from(body, 'utf8'), url, requestUrl };
}

const exp21: Expectation = { resource: 'envelope', version: '2.1', accept: TAXII21 };
const exp20: Expectation = {
  resource: 'bundle',
  version: '2.0',
  accept: 'application/vnd.oasis.taxii+json; version=2.0',
};

/** The wire error `fn` throws. */
function thrown(fn: () => unknown): WireError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.wire;
    throw e;
  }
  throw new Error('expected an AppError');
}

const statusOf = (r: HttpResponse, e: Expectation = exp21): WireError =>
  thrown(() => checkStatus(r, e));

describe('error statuses', () => {
  it('passes every 2xx and refuses 1xx and 3xx', () => {
    for (const s of [200, 201, 202, 204, 299])
      expect(() => checkStatus(res(s, ''), exp21)).not.toThrow();
    expect(statusOf(res(199, '')).code).toBe('HTTP_STATUS');
    expect(statusOf(res(300, '')).message).toBe('The server answered with HTTP status 300.');
  });

  it('400: the next token when one was sent, the filters otherwise', () => {
    const withNext = statusOf(res(400, '', {}, `${URL_}?next=abc&limit=5`));
    expect(withNext).toMatchObject({
      code: 'HTTP_STATUS',
      status: 400,
      where: `${URL_}?next=abc&limit=5`,
    });
    expect(withNext.message).toBe('The server rejected the request as malformed (400).');
    expect(withNext.hint).toMatch(/^The next token may have expired/);
    const plain = statusOf(res(400, '', {}, `${URL_}?limit=5`));
    expect(plain.hint).toMatch(/^A filter value may be one this server does not accept/);
    // An unparseable URL cannot have carried a token.
    expect(statusOf(res(400, '', {}, 'not a url')).hint).toMatch(/^A filter value/);
  });

  it('401: log in, or the credentials were refused, naming the first scheme offered', () => {
    const challenge = { 'www-authenticate': '  Bearer realm="x", Basic realm="y"' };
    const anon = statusOf(res(401, '', challenge));
    expect(anon.code).toBe('UNAUTHORIZED');
    expect(anon.message).toBe('The server wants you to log in (401) (it offers: Bearer).');
    expect(anon.hint).toMatch(/^Add credentials/);
    const refused = statusOf(res(401, ''), { ...exp21, sentCredentials: true });
    expect(refused.message).toBe('The server did not accept the credentials (401).');
    expect(refused.hint).toMatch(/^Check the user name and password/);
  });

  it('403, 404, 413, 416 and 422 each say what they mean', () => {
    expect(statusOf(res(403, ''))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'The server says you may not do this (403).',
      hint: expect.stringMatching(/^Your account lacks permission/),
    });
    expect(statusOf(res(404, ''))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^Not found \(404\)/),
      hint: expect.stringMatching(/also answer 404 to hide/),
    });
    expect(statusOf(res(413, ''))).toMatchObject({
      code: 'TOO_LARGE',
      message: 'The server refused the upload as too large (413).',
      hint: expect.stringMatching(/^Send fewer objects/),
    });
    expect(statusOf(res(416, ''))).toMatchObject({
      code: 'HTTP_STATUS',
      message: expect.stringMatching(/past the end \(416\)/),
      hint: 'Start from an earlier item.',
    });
    expect(statusOf(res(422, ''))).toMatchObject({
      code: 'HTTP_STATUS',
      message: 'The server could not process the content (422).',
      hint: expect.stringMatching(/refused these objects as a whole/),
    });
  });

  it('406 and 415 suggest the other TAXII version', () => {
    const n21 = statusOf(res(406, ''));
    expect(n21.code).toBe('NOT_ACCEPTABLE');
    expect(n21.message).toBe(
      `The server cannot answer in ${TAXII21} (406): it does not speak TAXII 2.1 at this address.`,
    );
    expect(n21.hint).toMatch(/speak only TAXII 2\.0/);
    expect(statusOf(res(406, ''), exp20).hint).toMatch(/speak only TAXII 2\.1/);
    const u21 = statusOf(res(415, ''), { ...exp21, contentType: TAXII21 });
    expect(u21.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(u21.message).toBe(`The server does not accept uploads of type ${TAXII21} (415).`);
    expect(u21.hint).toMatch(/expect TAXII 2\.0 \(a STIX bundle\)/);
    const u20 = statusOf(res(415, ''), exp20);
    expect(u20.message).toBe('The server does not accept uploads of type this type (415).');
    expect(u20.hint).toMatch(/expect TAXII 2\.1 \(an envelope\)/);
  });

  it('429 and 5xx are retryable, with the wait the server asked for', () => {
    const limited = statusOf(res(429, '', { 'retry-after': '7' }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 7 });
    expect(limited.message).toBe(
      'The server is rate-limiting requests (429); it asks to wait 7 s.',
    );
    expect(limited.hint).toMatch(/^Wait before trying again/);
    const bare = statusOf(res(429, ''));
    expect(bare.message).toBe('The server is rate-limiting requests (429).');
    expect('retryAfterSeconds' in bare).toBe(false);

    const s500 = statusOf(res(500, ''));
    expect(s500).toMatchObject({ code: 'SERVER_ERROR', retryable: true, status: 500 });
    expect(s500.message).toBe('The server failed to answer (500).');
    expect(s500.hint).toMatch(/^This is a problem on the server side/);
    expect('retryAfterSeconds' in s500).toBe(false);
    expect(statusOf(res(503, '', { 'retry-after': '3' }))).toMatchObject({
      message: 'The server failed to answer (503, unavailable).',
      retryAfterSeconds: 3,
    });
    expect(statusOf(res(502, '')).message).toBe(
      'The server failed to answer (502, gateway error).',
    );
    expect(statusOf(res(504, '')).message).toBe(
      'The server failed to answer (504, gateway error).',
    );
    const teapot = statusOf(res(418, ''));
    expect(teapot).toMatchObject({ code: 'HTTP_STATUS', hint: 'Check the address and try again.' });
    expect('retryable' in teapot).toBe(false);
  });

  it('quotes the server’s TAXII error resource, with or without a description', () => {
    const body = JSON.stringify({
      title: 'No such collection',
      description: 'c9 is gone',
      http_status: 404,
    });
    const e = statusOf(res(404, body, { 'content-type': TAXII21 }));
    expect(e.message).toMatch(/ The server said: “No such collection: c9 is gone”\.$/);
    expect(e.taxii).toMatchObject({ title: 'No such collection', http_status: '404' });
    const titleOnly = statusOf(
      res(403, JSON.stringify({ title: 'Nope' }), { 'content-type': 'application/json' }),
    );
    expect(titleOnly.message).toBe(
      'The server says you may not do this (403). The server said: “Nope”.',
    );
    expect('taxii' in statusOf(res(403, ''))).toBe(false);
  });
});

describe('the TAXII error resource', () => {
  const json = (body: unknown, type = TAXII21): HttpResponse =>
    res(500, JSON.stringify(body), { 'content-type': type });

  it('is read from TAXII, STIX and plain JSON answers that carry a title', () => {
    expect(parseErrorBody(json({ title: 'only' }))).toEqual({ title: 'only' });
    expect(parseErrorBody(json({ title: 'a' }))?.title).toBe('a');
    expect(parseErrorBody(json({ title: 'b' }, 'application/stix+json;version=2.1'))?.title).toBe(
      'b',
    );
    expect(parseErrorBody(json({ title: 'c' }, 'application/json'))?.title).toBe('c');
    expect(parseErrorBody(json({ title: 'd', http_status: '500' }))?.http_status).toBe('500');
  });

  it('is not read from other types, broken or non-object JSON, a body without a title, or one nested too deep', () => {
    expect(parseErrorBody(json({ title: 'a' }, 'text/plain'))).toBeUndefined();
    expect(parseErrorBody(res(500, '{"title":', { 'content-type': TAXII21 }))).toBeUndefined();
    expect(parseErrorBody(json('title'))).toBeUndefined();
    expect(parseErrorBody(json(null))).toBeUndefined();
    expect(parseErrorBody(json({ description: 'no title' }))).toBeUndefined();
    const deep = `${'['.repeat(MAX_JSON_DEPTH)}{"title":"x"}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseErrorBody(res(500, deep, { 'content-type': TAXII21 }))).toBeUndefined();
    const deepObject = `{"title":"x","details":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(parseErrorBody(res(500, deepObject, { 'content-type': TAXII21 }))).toBeUndefined();
    // Nested objects fit the resource's schema: only the depth refuses them.
    const deepRecord = `{"title":"x","details":${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}}`;
    expect(parseErrorBody(res(500, deepRecord, { 'content-type': TAXII21 }))).toBeUndefined();
    const atLimit = `{"title":"x","details":{"a":${'['.repeat(MAX_JSON_DEPTH - 2)}${']'.repeat(MAX_JSON_DEPTH - 2)}}}`;
    expect(parseErrorBody(res(500, atLimit, { 'content-type': TAXII21 }))?.title).toBe('x');
  });
});

describe('Retry-After', () => {
  it('reads whole seconds, an HTTP date from now (rounded up, never negative), and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('', now)).toBeUndefined();
    expect(retryAfterSeconds(' 12 ', now)).toBe(12);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:09 GMT', now - 500)).toBe(10);
    expect(retryAfterSeconds('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds('1.5', now)).not.toBe(1.5);
    expect(retryAfterSeconds('12a', now)).not.toBe(12);
    expect(retryAfterSeconds('a12', now)).not.toBe(12);
  });
});

describe('reading a TAXII answer', () => {
  const read = (
    r: HttpResponse,
    e: Expectation = exp21,
  ): { value: unknown; notes: QuirkNote[] } => {
    const notes: QuirkNote[] = [];
    return { value: readTaxiiJson(r, e, notes), notes };
  };
  const readErr = (r: HttpResponse, e: Expectation = exp21): WireError =>
    thrown(() => readTaxiiJson(r, e, []));

  it('takes a well-labelled answer as it is, without notes', () => {
    expect(read(res(200, '{"a":1}', { 'content-type': TAXII21 }))).toEqual({
      value: { a: 1 },
      notes: [],
    });
    expect(
      read(
        res(200, '[1]', { 'content-type': 'application/vnd.oasis.taxii+json; version=2.0' }),
        exp20,
      ),
    ).toEqual({ value: [1], notes: [] });
  });

  it('uses another 2xx than the one expected, and refuses an error status with its typed error', () => {
    expect(
      read(res(200, '{}', { 'content-type': TAXII21 }), { ...exp21, ok: [202] }).value,
    ).toEqual({});
    expect(readErr(res(404, '{}', { 'content-type': TAXII21 })).code).toBe('NOT_FOUND');
    expect(read(res(202, '{}', { 'content-type': TAXII21 })).value).toEqual({});
    expect(readErr(res(300, '{}', { 'content-type': TAXII21 }), { ...exp21, ok: [202] }).code).toBe(
      'HTTP_STATUS',
    );
    expect(readErr(res(199, '{}', { 'content-type': TAXII21 }), { ...exp21, ok: [202] }).code).toBe(
      'HTTP_STATUS',
    );
  });

  it('notes a TAXII type without a version, or with another version', () => {
    const none = read(res(200, '{}', { 'content-type': 'application/taxii+json' })).notes;
    expect(none).toEqual([
      {
        code: 'CONTENT_TYPE_NO_VERSION',
        message:
          "The server's Content-Type (application/taxii+json) has no version parameter; TAXII requires one. Read as TAXII 2.1.",
        where: URL_,
      },
    ]);
    const other = read(
      res(200, '{}', { 'content-type': 'application/taxii+json;version=2.0' }),
    ).notes;
    expect(other).toEqual([
      {
        code: 'CONTENT_TYPE_OTHER_VERSION',
        message:
          'Asked for TAXII 2.1, the server labelled its answer application/taxii+json;version=2.0.',
        where: URL_,
      },
    ]);
    expect(
      read(res(200, '{}', { 'content-type': 'application/stix+json;version=2.1' })).notes,
    ).toEqual([]);
  });

  it('notes plain JSON and a wrong label on valid JSON, and uses the content', () => {
    const plain = read(res(200, '{"x":1}', { 'content-type': 'application/json; charset=utf-8' }));
    expect(plain.value).toEqual({ x: 1 });
    expect(plain.notes).toEqual([
      {
        code: 'CONTENT_TYPE_PLAIN_JSON',
        message:
          'The server labelled its answer application/json instead of the TAXII media type; the content was valid TAXII JSON, so it was used.',
        where: URL_,
      },
    ]);
    const wrong = read(res(200, '  {"x":1}', { 'content-type': 'text/html' }));
    expect(wrong.value).toEqual({ x: 1 });
    expect(wrong.notes).toEqual([
      {
        code: 'CONTENT_TYPE_WRONG',
        message: 'The server labelled its answer text/html, but it was TAXII JSON, so it was used.',
        where: URL_,
      },
    ]);
    expect(read(res(200, '[]')).notes[0]?.message).toBe(
      'The server labelled its answer (no Content-Type), but it was TAXII JSON, so it was used.',
    );
  });

  it('calls a login page a login page, and says where a redirect led', () => {
    const e = readErr(
      res(
        200,
        '<!DOCTYPE html><form><input type="password"></form>',
        {},
        'https://sso.example/login',
        URL_,
      ),
    );
    expect(e).toMatchObject({
      code: 'NOT_TAXII',
      where: 'https://sso.example/login',
      status: 200,
      details: { kind: 'login-page' },
    });
    expect(e.message).toBe(
      'The server answered with a web page that looks like a login page (after a redirect to https://sso.example/login), not with TAXII data.',
    );
    expect(e.hint).toMatch(/^A single sign-on portal or a proxy/);
  });

  it('tells any other web page from a login page, by its text or its label', () => {
    const e = readErr(res(200, '<html><body>It works!</body></html>'));
    expect(e.details).toEqual({ kind: 'html' });
    expect(e.message).toBe(
      'The server answered with a web page, not with TAXII data (expected a envelope).',
    );
    expect(e.hint).toMatch(/^A proxy, a captive portal or a web site/);
    expect(readErr(res(200, 'It works!', { 'content-type': 'text/html' })).details).toEqual({
      kind: 'html',
    });
    for (const page of ['  <html>', '<HEAD>', '<body>', '<?xml version="1.0"?>\n<html>']) {
      expect(readErr(res(200, page, { 'content-type': 'text/plain' })).details, page).toEqual({
        kind: 'html',
      });
    }
    for (const words of [
      'Please log in',
      'Sign in',
      'Single Sign-On',
      'SSO portal',
      "type='password'",
    ]) {
      expect(readErr(res(200, `<html>${words}</html>`)).details, words).toEqual({
        kind: 'login-page',
      });
    }
  });

  it('recognises a TAXII 1 server by its header or its words', () => {
    const byHeader = readErr(
      res(200, '<x/>', { 'x-taxii-content-type': 'urn:taxii.mitre.org:message:xml:1.1' }),
    );
    expect(byHeader).toMatchObject({ code: 'NOT_TAXII', details: { kind: 'taxii1' } });
    expect(byHeader.message).toBe(
      'This address answers like a TAXII 1.x server; Taxiway speaks TAXII 2.0 and 2.1.',
    );
    expect(byHeader.hint).toMatch(/TAXII 2 address/);
    for (const words of ['TAXII_1', 'taxii-1', 'URN:TAXII.MITRE.ORG'])
      expect(
        readErr(res(200, `<x>${words}</x>`, { 'content-type': 'application/xml' })).details,
      ).toEqual({
        kind: 'taxii1',
      });
  });

  it('names the Content-Type of other non-JSON answers', () => {
    const e = readErr(res(200, 'hello', { 'content-type': 'text/plain' }));
    expect(e).toMatchObject({
      code: 'NOT_TAXII',
      where: URL_,
      status: 200,
      details: { kind: 'text' },
    });
    expect(e.message).toBe(
      'The server answered with text/plain content that is not JSON; expected a TAXII envelope.',
    );
    expect(e.hint).toMatch(/^Check that the address points at a TAXII 2 server/);
    expect(readErr(res(200, 'hello')).message).toMatch(
      /^The server answered with no Content-Type content/,
    );
  });

  it('reads a body that is not JSON under a JSON label as broken JSON, not as another kind of answer', () => {
    for (const type of [TAXII21, 'application/json', 'application/stix+json;version=2.1'])
      expect(readErr(res(200, 'oops', { 'content-type': type })).code, type).toBe(
        'INVALID_RESPONSE',
      );
  });

  it('looks for a web page’s tags only at the start, and knows an XML prolog before one', () => {
    const mid = readErr(res(200, 'hello <html>', { 'content-type': 'text/plain' }));
    expect(mid.details).toEqual({ kind: 'text' });
    expect(
      readErr(res(200, '<?xml version="1.0"?><html>', { 'content-type': 'text/plain' })).details,
    ).toEqual({
      kind: 'html',
    });
    for (const words of ['<input type=password>', 'Login', 'Signin'])
      expect(readErr(res(200, `<html>${words}</html>`)).details, words).toEqual({
        kind: 'login-page',
      });
    expect(readErr(res(200, 'It works!', { 'content-type': 'text/html' })).message).toBe(
      'The server answered with a web page, not with TAXII data (expected a envelope).',
    );
  });

  it('refuses JSON-labelled HTML as a web page, not as broken JSON', () => {
    expect(readErr(res(200, '<html>oops</html>', { 'content-type': TAXII21 })).code).toBe(
      'NOT_TAXII',
    );
  });

  it('refuses an answer nested deeper than it reads, saying how deep', () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    const e = readErr(res(200, deep, { 'content-type': TAXII21 }));
    expect(e).toMatchObject({
      code: 'INVALID_RESPONSE',
      where: URL_,
      status: 200,
      details: { depth: MAX_JSON_DEPTH + 1, maxDepth: MAX_JSON_DEPTH },
    });
    expect(e.message).toBe(
      `The server's envelope nests ${MAX_JSON_DEPTH + 1} levels deep; Taxiway reads at most ${MAX_JSON_DEPTH} (real TAXII and STIX nest about ten), so it was not read.`,
    );
    expect(e.hint).toMatch(/^The server is broken or hostile/);
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(Array.isArray(read(res(200, atLimit, { 'content-type': TAXII21 })).value)).toBe(true);
  });

  it('says where broken JSON broke', () => {
    const e = readErr(res(200, '{\n  "a": 1,\n  oops\n}', { 'content-type': TAXII21 }));
    expect(e.code).toBe('INVALID_RESPONSE');
    expect(e).toMatchObject({ where: URL_, status: 200, details: { line: 3, column: 3 } });
    expect(e.message).toMatch(
      /^The server's envelope is not valid JSON: .+ at line 3, column 3 \(byte \d+ of 20\)\.$/,
    );
    expect(e.hint).toMatch(/^The answer may have been cut off/);
  });

  it('is an AppError a caller can branch on', () => {
    let err: unknown;
    try {
      readTaxiiJson(res(500, ''), exp21, []);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'SERVER_ERROR')).toBe(true);
  });
});
