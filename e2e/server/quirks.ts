/**
 * Quirk modes: one switch each, making the server behave like a real one that bends the
 * specification (issue 8), so the client's tolerance and the conformance probe can be tested.
 */

/** Every quirk, with the one line the conformance probe prints for it. */
export const QUIRKS = {
  'expiring-next':
    '`next` tokens are server-side sessions that expire (after quirkOptions.nextTtlMs or nextUses uses) and must be replayed with identical filters',
  'session-next':
    '`next` is one server-side session id, the same on every page of a walk while the pages move on (medallion); it expires after quirkOptions.nextTtlMs',
  'numeric-next': '`next` is a JSON number (an offset), not a string',
  'page-number-next': '`next` is a page number string ("2", "3", …)',
  'more-without-next':
    '`more: true` without any `next`; clients must continue with added_after from X-TAXII-Date-Added-Last',
  'repeating-page':
    'after quirkOptions.repeatAfterPages pages, `next` points back at the page just served (a paging loop)',
  'html-login': 'every TAXII endpoint answers 200 with an HTML login page',
  'camel-case':
    'TAXII resources use camelCase keys (maxContentLength, canRead, canWrite, mediaTypes, apiRoots) instead of snake_case',
  'unversioned-content-type':
    'responses carry Content-Type application/json instead of application/taxii+json;version=2.1',
  'relative-roots-no-slash':
    'discovery lists API roots as relative URLs without a leading slash ("api1/")',
  'nested-roots': 'API roots are nested under the discovery path (/taxii2/api1/)',
  'versions-bare': 'API root `versions` lists "2.1" instead of the media type',
  'post-200': 'POST objects answers 200 instead of 202',
  'reject-spec-version': 'any request with match[spec_version] gets 400',
  'rate-limit':
    'after quirkOptions.rateLimitBudget requests, answers 429 with Retry-After (quirkOptions.retryAfterSeconds) until the window passes',
  'silent-drop': 'accepts connections on TAXII endpoints and never answers',
  'cross-origin-redirect':
    'every TAXII request is redirected (307) to the second origin, which serves it',
  taxii1: 'answers like a TAXII 1.x server (XML, X-TAXII-Content-Type headers)',
  'taxii20-only':
    'speaks only TAXII 2.0: 2.1 discovery and roots answer 404, 2.1 Accept headers 406',
  'limit-rejected': 'limit above quirkOptions.maxLimit is rejected with 400 instead of capped',
  'non-uuid-ids':
    "collection ids are not UUIDs (x-taxiway-collection--seed), like MITRE's public server; the UUIDs still work",
  'hide-forbidden': 'answers 404 instead of 401 and 403, hiding what exists (allowed by §2.3)',
  'cross-origin-root': 'discovery lists the secure API root on the second origin (another port)',
  'empty-lists':
    'empty results carry empty lists ({"more": false, "objects": []}) instead of omitting the key',
  'bad-date-headers':
    'X-TAXII-Date-Added-First/-Last hold JavaScript date strings ("Thu Feb 20 2020 …"), or "undefined" on empty pages',
  'ignore-limit': 'limit is ignored; pages are always the server page size',
  'quiet-statuses':
    'status successes carry no message, so an exact duplicate looks like any other success',
  'versioned-accept-only':
    'Accept: application/taxii+json without a version gets 406 instead of the latest version (medallion)',
} as const;

/** Name of one quirk mode. */
export type QuirkName = keyof typeof QUIRKS;

/** Every quirk name, in a stable order. */
export const QUIRK_NAMES = Object.keys(QUIRKS) as QuirkName[];

/** Parameters of the quirks that need numbers. */
export interface QuirkOptions {
  /** expiring-next, session-next: token lifetime in ms (default 30 000, like medallion). */
  nextTtlMs?: number;
  /** expiring-next, session-next: uses allowed per token (default unlimited). */
  nextUses?: number;
  /** repeating-page: pages served normally before the loop starts (default 1). */
  repeatAfterPages?: number;
  /** rate-limit: requests allowed per window (default 10). */
  rateLimitBudget?: number;
  /** rate-limit: window length in ms (default 10 000). */
  rateLimitWindowMs?: number;
  /** rate-limit: Retry-After seconds announced (default: until the window ends, at least 1). */
  retryAfterSeconds?: number;
  /** limit-rejected: largest limit accepted (default 50). */
  maxLimit?: number;
}

/** Throws for a name that is not a quirk. */
export function assertQuirkNames(names: readonly string[]): asserts names is QuirkName[] {
  for (const n of names) {
    if (!(n in QUIRKS)) throw new Error(`unknown quirk "${n}"; known: ${QUIRK_NAMES.join(', ')}`);
  }
}
