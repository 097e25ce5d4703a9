/**
 * TAXII media types and the server side of content negotiation (digest §4): type/subtype compared
 * case-insensitively, whitespace and quoted parameter values allowed, unknown parameters ignored.
 */

/** Content-Type of every 2.1 response. */
export const TAXII21 = 'application/taxii+json;version=2.1';
/** STIX 2.1 media type, used only as a value inside resources. */
export const STIX21 = 'application/stix+json;version=2.1';
/** STIX 2.0 media type as a value inside 2.1 resources. */
export const STIX20_VALUE = 'application/stix+json;version=2.0';
/** Content-Type of 2.0 TAXII resources. */
export const TAXII20 = 'application/vnd.oasis.taxii+json; version=2.0';
/** Content-Type of 2.0 objects responses and POST bodies. */
export const STIX20 = 'application/vnd.oasis.stix+json; version=2.0';

/** One parsed media range. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

/** Parses an Accept or Content-Type header into media ranges; garbage yields an empty list. */
export function parseMediaRanges(header: string | undefined): MediaRange[] {
  if (!header) return [];
  const out: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    const [head, ...rest] = splitOutsideQuotes(part, ';');
    const type = (head ?? '').trim().toLowerCase();
    if (!type.includes('/')) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      params[name] = value;
    }
    out.push({ type, params });
  }
  return out;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' && s[i - 1] !== '\\') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

/** The negotiation families the server speaks. */
export type MediaFamily = 'taxii21' | 'taxii20' | 'stix20';

const FAMILY_TYPES: Record<MediaFamily, { types: string[]; versions: string[] }> = {
  // Appendix B: application/vnd.oasis.taxii+json is a deprecated alias; with version=2.1 it means 2.1.
  taxii21: {
    types: ['application/taxii+json', 'application/vnd.oasis.taxii+json'],
    versions: ['2.1'],
  },
  taxii20: { types: ['application/vnd.oasis.taxii+json'], versions: ['2.0'] },
  stix20: { types: ['application/vnd.oasis.stix+json'], versions: ['2.0'] },
};

/** True when one range of `header` names the family, with no version or an allowed one. */
export function matchesFamily(header: string | undefined, families: MediaFamily[]): boolean {
  for (const range of parseMediaRanges(header)) {
    if (range.params.q !== undefined && Number(range.params.q) === 0) continue;
    for (const family of families) {
      const spec = FAMILY_TYPES[family];
      if (!spec.types.includes(range.type)) continue;
      const version = range.params.version;
      // A bare application/vnd.oasis.taxii+json is ambiguous; the family list decides who accepts it.
      if (version === undefined || spec.versions.includes(version)) return true;
    }
  }
  return false;
}
