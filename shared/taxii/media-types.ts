/**
 * TAXII and STIX media types (TAXII 2.1 §1.6.8, §3.1; TAXII 2.0 §1.5): canonical strings to send, and lenient parsing of what
 * servers send (type/subtype case-insensitive, optional whitespace around `;`, quoted parameter
 * values, unknown parameters such as `charset` or `q` ignored). Whole strings are never compared.
 */

/** The TAXII versions Taxiway speaks. */
export type TaxiiVersion = '2.0' | '2.1';

/** Canonical media types Taxiway sends. 2.1 in the no-space form, 2.0 as its spec and servers write it. */
export const MEDIA_TYPES = {
  /** Accept and Content-Type of every TAXII 2.1 endpoint. */
  taxii21: 'application/taxii+json;version=2.1',
  /** STIX 2.1, only ever a value inside resources (`media_types`, `media_type`). */
  stix21: 'application/stix+json;version=2.1',
  /** Accept and Content-Type of TAXII 2.0 resources. */
  taxii20: 'application/vnd.oasis.taxii+json; version=2.0',
  /** Accept of 2.0 GET objects / object, Content-Type of 2.0 POST bodies (a STIX bundle). */
  stix20: 'application/vnd.oasis.stix+json; version=2.0',
} as const;

/** The `versions` value an API root lists to claim each TAXII version (TAXII 2.1 §4.2.1, TAXII 2.0 §4.2.1). */
export const API_ROOT_VERSION_VALUES: Record<TaxiiVersion, string> = {
  '2.1': MEDIA_TYPES.taxii21,
  '2.0': 'taxii-2.0',
};

/** One parsed media type or media range. `type` is `type/subtype`, lower case. */
export interface MediaType {
  type: string;
  /** Parameter names lower case, values unquoted. */
  params: Record<string, string>;
}

/** What a Content-Type turned out to be, as far as TAXII cares. */
export type MediaKind = 'taxii' | 'stix' | 'json' | 'html' | 'xml' | 'text' | 'other' | 'none';

/** Parses one media type (`a/b; x=y`); undefined when it is not `type/subtype`. */
export function parseMediaType(value: string | undefined | null): MediaType | undefined {
  return value ? parseMediaRanges(value)[0] : undefined;
}

/** Parses an Accept-style list of media ranges; unparseable entries are skipped. */
export function parseMediaRanges(header: string): MediaType[] {
  const out: MediaType[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    const [head, ...rest] = splitOutsideQuotes(part, ';');
    const type = (head ?? '').trim().toLowerCase();
    if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      if (name) params[name] = value;
    }
    out.push({ type, params });
  }
  return out;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

const TAXII_TYPES = new Set(['application/taxii+json', 'application/vnd.oasis.taxii+json']);
const STIX_TYPES = new Set(['application/stix+json', 'application/vnd.oasis.stix+json']);

/** Sorts a Content-Type into the families a TAXII client reacts to differently. */
export function mediaKind(value: string | undefined | null): MediaKind {
  const media = parseMediaType(value);
  if (!media) return 'none';
  const t = media.type;
  if (TAXII_TYPES.has(t)) return 'taxii';
  if (STIX_TYPES.has(t)) return 'stix';
  if (t === 'application/json' || t.endsWith('+json')) return 'json';
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t.endsWith('/xml') || t.endsWith('+xml')) return 'xml';
  if (t.startsWith('text/')) return 'text';
  return 'other';
}

/**
 * The TAXII version a Content-Type names: from its `version` parameter, else from the type itself
 * (`application/taxii+json` is 2.1, the `vnd.oasis` types without version are 2.0). Undefined when
 * it is not a TAXII or STIX type or names another version.
 */
export function taxiiVersionOf(value: string | undefined | null): TaxiiVersion | undefined {
  const media = parseMediaType(value);
  if (!media) return undefined;
  const kind = mediaKind(value);
  if (kind !== 'taxii' && kind !== 'stix') return undefined;
  const v = media.params.version;
  if (v === '2.1' || v === '2.0') return v;
  if (v !== undefined) return undefined;
  return media.type.startsWith('application/vnd.oasis.') ? '2.0' : '2.1';
}

/**
 * True when `value` names the same type as `expected` and does not contradict its `version`
 * (a missing version is tolerated; callers that care note it). `vnd.oasis.taxii+json;version=2.1`
 * matches 2.1: Appendix B keeps it as a deprecated alias.
 */
export function sameMediaType(value: string | undefined | null, expected: string): boolean {
  const got = parseMediaType(value);
  const want = parseMediaType(expected);
  if (!got || !want) return false;
  const family = (t: string): string =>
    TAXII_TYPES.has(t) ? 'taxii' : STIX_TYPES.has(t) ? 'stix' : t;
  if (family(got.type) !== family(want.type)) return false;
  if (got.params.version === undefined) return true;
  return got.params.version === (want.params.version ?? taxiiVersionOf(expected));
}

/** True when `value` carries a `version` parameter (2.1 responses MUST, §3.1). */
export function hasVersionParam(value: string | undefined | null): boolean {
  return parseMediaType(value)?.params.version !== undefined;
}
