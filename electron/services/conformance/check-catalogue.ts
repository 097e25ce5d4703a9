/**
 * Every check of the probe by its id: how strongly the specification asks for it, the clause, and
 * what is checked in plain words. The checks then say only whether it held and what they saw
 * (`ProbeContext.judge(id, ok, observed)`). A `checked` that names what was asked about (a URL, a
 * type) is a function of it. Where one line id is judged in different ways (an API root that hides
 * itself is a MAY; one that answers something else breaks a MUST), the variants are keyed
 * `id#variant` and reported under `id`.
 */
import type { CheckLevel } from '../../../shared/taxii/conformance';

/** One check: level, clause and what is checked (given what the check is about, when it names it). */
export interface CheckSpec {
  level: CheckLevel;
  clause: string;
  checked: string | ((about: string) => string);
}

const must = (clause: string, checked: CheckSpec['checked']): CheckSpec => ({
  level: 'MUST',
  clause,
  checked,
});
const should = (clause: string, checked: CheckSpec['checked']): CheckSpec => ({
  level: 'SHOULD',
  clause,
  checked,
});
const may = (clause: string, checked: CheckSpec['checked']): CheckSpec => ({
  level: 'MAY',
  clause,
  checked,
});

/** The media type every answer carries (§3.1: every response, errors included). */
const mediaType = (what: string): CheckSpec =>
  must(
    'TAXII 2.1 §3.1, §1.6.8',
    `the Content-Type of ${what} is application/taxii+json;version=2.1`,
  );

/** The date headers of a 2xx with items (§3.2). */
const dateHeaders = must(
  'TAXII 2.1 §3.2',
  'X-TAXII-Date-Added-First and -Last are timestamps (the first and last item’s date_added)',
);

/** The shape of a paged answer (§3.7, §3). */
const pagedShape = (checked: string): CheckSpec => must('TAXII 2.1 §3.7, §3', checked);

const CHECKS = {
  // Transport and discovery (§1.6.6, §4.1).
  'transport.https': should(
    'TAXII 2.1 §1.6.6, §8.2',
    'the server is reached over HTTPS (TAXII servers MUST accept HTTPS)',
  ),
  'discovery.get': must('TAXII 2.1 §4.1', (url) => `GET ${url} answers 200 with JSON`),
  'discovery.get#taxii': must(
    'TAXII 2.1 §4.1, §3.1',
    (url) => `GET ${url} answers 200 with a TAXII 2.1 discovery resource`,
  ),
  'discovery.media-type': mediaType('the discovery resource'),
  'discovery.keys': must(
    'TAXII 2.1 §2, §4.1.1',
    'discovery properties use the spec’s snake_case names',
  ),
  'discovery.shape': must(
    'TAXII 2.1 §4.1.1, §3',
    'title is a string; api_roots, when present, is a non-empty list of strings',
  ),
  'discovery.api-roots': must(
    'TAXII 2.1 §4.1.1',
    'each API root is an absolute URL or a relative one starting with exactly one "/", without a query',
  ),
  'discovery.api-roots-https': must('TAXII 2.1 §4.1.1, §1.6.6', 'absolute API root URLs use https'),
  'urls.trailing-slash': should(
    'TAXII 2.1 §3.1',
    'API root URLs end in "/" (every request path MUST end in "/")',
  ),
  'discovery.default': must('TAXII 2.1 §4.1.1', 'default is one of api_roots'),
  'discovery.root-origins': may(
    'TAXII 2.1 §4.1.1, §1.6.9',
    'API roots on the discovery server’s own origin (roots elsewhere get no credentials saved for this server)',
  ),
  'discovery.root-paths': may(
    'TAXII 2.1 §4.1, §8.2.1',
    'API roots are not nested under the discovery path (clients confuse the two)',
  ),

  // Content negotiation (§1.6.8, §3.1).
  'negotiation.406': should(
    'TAXII 2.1 §1.6.8.2, §3.1',
    'a request whose Accept names no TAXII media type gets 406 Not Acceptable',
  ),
  'negotiation.error-media-type': mediaType('an error answer'),
  'negotiation.bare-type': must(
    'TAXII 2.1 §1.6.8, §3.1',
    'Accept: application/taxii+json (no version: the latest the server speaks) is not refused',
  ),
  'urls.missing-slash': should(
    'TAXII 2.1 §3.1',
    'a request path without its trailing "/" gets a TAXII answer (redirect, 404 or the resource), not a server error or a web page',
  ),

  // API roots (§4.2).
  'api-root.auth-challenge': must(
    'TAXII 2.1 §1.6.9, §8.2.2',
    (url) => `${url} asks for credentials with 401 and a WWW-Authenticate challenge`,
  ),
  'api-root.error-media-type': mediaType('a 401 answer'),
  'api-root.get': must('TAXII 2.1 §4.2', (url) => `GET ${url} answers 200`),
  'api-root.get#hidden': may(
    'TAXII 2.1 §4.2, §2.3',
    (url) => `GET ${url} (listed in discovery) answers 200`,
  ),
  'api-root.get#resource': must(
    'TAXII 2.1 §4.2',
    (url) => `GET ${url} answers 200 with an API root resource`,
  ),
  'api-root.media-type': mediaType('the API root resource'),
  'api-root.keys': must(
    'TAXII 2.1 §2, §4.2.1',
    'API root properties use the spec’s snake_case names',
  ),
  'api-root.versions': must(
    'TAXII 2.1 §4.2.1',
    'versions lists "application/taxii+json;version=2.1"',
  ),
  'api-root.max-content-length': must(
    'TAXII 2.1 §4.2.1',
    'max_content_length is a positive integer',
  ),
  'api-root.title': must('TAXII 2.1 §4.2.1', 'title is a string'),

  // Collections (§5.1, §5.2).
  'collections.get': must('TAXII 2.1 §5.1', (url) => `GET ${url} answers 200`),
  'collections.media-type': mediaType('the collections resource'),
  'collections.keys': must(
    'TAXII 2.1 §2, §5.2.1',
    'collection properties use the spec’s snake_case names',
  ),
  'collections.fields': must(
    'TAXII 2.1 §5.2.1',
    'every collection has id, title, can_read and can_write of the right types (media_types a non-empty list when present)',
  ),
  'collections.ids': must(
    'TAXII 2.1 §5.2.1, §2',
    'collection ids are identifiers (RFC 4122 version 4 UUIDs)',
  ),
  'errors.not-found': must('TAXII 2.1 §5.2', 'an unknown collection id gets 404'),
  'errors.media-type': mediaType('a 404 answer'),
  'permissions.read-denied': must(
    'TAXII 2.1 §2.3, §5.4',
    'GET objects of a collection with can_read false answers 403 or 404',
  ),
  'collection.get': must(
    'TAXII 2.1 §5.2',
    (id) => `GET the collection ${id} answers 200 with the collection as listed`,
  ),

  // Objects and manifest (§5.3, §5.4), limit (§3.4), order (§3.3), timestamps (§2).
  'objects.get': must('TAXII 2.1 §5.4', 'GET objects answers 200 with an envelope'),
  'objects.media-type': mediaType('the envelope'),
  'objects.envelope': pagedShape("the envelope has the envelope's shape"),
  'objects.date-headers': dateHeaders,
  'filters.limit': must('TAXII 2.1 §3.4', 'limit=1 returns at most one object'),
  'filters.limit-large': should(
    'TAXII 2.1 §3.4',
    'a large limit (1000) is capped to the server’s own page size, not refused',
  ),
  'filters.malformed': must('TAXII 2.1 §3.4', 'a malformed query parameter (limit=0) gets 400'),
  'manifest.get': must('TAXII 2.1 §5.3', 'GET manifest answers 200'),
  'manifest.media-type': mediaType('the manifest'),
  'manifest.shape': pagedShape("the manifest has the resource's shape"),
  'manifest.records': must(
    'TAXII 2.1 §5.3.1',
    'every manifest record has id, date_added (a timestamp) and version',
  ),
  'manifest.order': must('TAXII 2.1 §3.3', 'records come in ascending date_added'),
  'manifest.date-headers': dateHeaders,
  'timestamps.precision': should(
    'TAXII 2.1 §2 (timestamp)',
    'date_added has microsecond precision (six fractional digits)',
  ),

  // Paging (§3.5, §3.7).
  'paging.next': may('TAXII 2.1 §3.5', 'a page that says more: true also gives next'),
  'paging.added-after': must(
    'TAXII 2.1 §3.4, §3.5',
    'continuing with added_after = X-TAXII-Date-Added-Last gives the following items',
  ),
  'paging.next-type': must('TAXII 2.1 §3.7', 'next is a non-empty string'),
  'paging.next-opaque': should(
    'TAXII 2.1 §3.5, Appendix B',
    'next is an opaque token bound to the query, not a bare page number or offset',
  ),
  'paging.follow': must(
    'TAXII 2.1 §3.5',
    'following next with the same filters gives the following pages, each new',
  ),
  'paging.next-lifetime': should(
    'TAXII 2.1 §3.5',
    (seconds) => `a next token still works ${seconds} s after it was given (with the same filters)`,
  ),

  // Filters (§3.4, §3.4.1), the object and versions endpoints (§5.6, §5.8).
  'filters.type': must(
    'TAXII 2.1 §3.4.1',
    (type) => `match[type]=${type} returns only (and some) objects of that type`,
  ),
  'filters.id': must('TAXII 2.1 §3.4.1', (id) => `match[id]=${id} returns only that object`),
  'filters.added-after': must(
    'TAXII 2.1 §3.4',
    (pivot) => `added_after=${pivot} returns only records added strictly later`,
  ),
  'filters.spec-version': must(
    'TAXII 2.1 §3.4.1',
    'match[spec_version]=2.1 is accepted and returns only STIX 2.1 objects',
  ),
  'filters.combined': must(
    'TAXII 2.1 §3.4.1',
    (types) => `match[type]=${types} with match[version]=all: values ORed, fields ANDed`,
  ),
  'filters.version': must(
    'TAXII 2.1 §3.4.1, §5.6',
    (object) =>
      `match[version] first, last, all, an exact value, and the default (last) on ${object}`,
  ),
  'object.get': must(
    'TAXII 2.1 §5.6',
    'GET an object by id returns an envelope of that object only',
  ),
  'object.media-type': mediaType('an object’s envelope'),
  'object.date-headers': dateHeaders,
  'versions.get': must('TAXII 2.1 §5.8', 'GET …/versions/ lists every version of the object'),
  'versions.media-type': mediaType('the versions resource'),
  'versions.date-headers': dateHeaders,
  'object.not-found': must('TAXII 2.1 §5.6', 'an unknown object id gets 404'),

  // Writing (§5.5, §4.3, §5.7).
  'write.collection': may(
    'TAXII 2.1 §5.2.1',
    (id) => `the collection ${id} is writable (can_write true) for these credentials`,
  ),
  'write.post': must('TAXII 2.1 §5.5', 'POST objects answers 202 Accepted with a status resource'),
  'write.post-media-type': mediaType('the POST answer'),
  'write.status-shape': must(
    'TAXII 2.1 §4.3.1',
    'the status has id, status (complete or pending) and the four counts',
  ),
  'write.status-get': must('TAXII 2.1 §4.3', 'GET the status answers 200 with the status resource'),
  'write.status-media-type': mediaType('the status resource'),
  'write.read-back': should(
    'TAXII 2.1 §5.5, §5.6',
    'the object written can be read back once its status is complete',
  ),
  'write.too-large': must('TAXII 2.1 §5.5, §4.2.1', (body) => `a POST of ${body} gets 413`),
  'write.delete': must('TAXII 2.1 §5.7', 'DELETE the object answers 200'),
  'write.delete-media-type': mediaType('the DELETE answer'),
  'write.deleted': must('TAXII 2.1 §5.7', 'the deleted object then answers 404'),

  // Rate limits (RFC 6585 §4, RFC 9110 §10.2.3).
  'rate-limit': should(
    'RFC 6585 §4, RFC 9110 §10.2.3',
    'the server answers without rate-limiting a short check, or says when to come back',
  ),
} satisfies Record<string, CheckSpec>;

/** The id of a check in the catalogue (`id#variant` for a variant of one line). */
export type CheckId = keyof typeof CHECKS;

/** The id of a media-type check (they share one judgement, `checkMediaType`). */
export type MediaTypeCheckId = Extract<CheckId, `${string}media-type`>;

/** The report line id of a catalogue key (`api-root.get#hidden` → `api-root.get`). */
export function lineId(id: CheckId): string {
  return id.split('#')[0] as string;
}

/** The catalogue entry of `id`, with `checked` in words (about `about`, where it names it). */
export function checkSpec(
  id: CheckId,
  about = '',
): { level: CheckLevel; clause: string; checked: string } {
  const spec: CheckSpec = CHECKS[id];
  return {
    level: spec.level,
    clause: spec.clause,
    checked: typeof spec.checked === 'function' ? spec.checked(about) : spec.checked,
  };
}
