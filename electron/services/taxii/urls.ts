/**
 * TAXII URL rules (TAXII 2.1 §3.1, §8.2.1): every path ends in `/` before the query,
 * ids are opaque path segments (percent-encoded), API roots from discovery are resolved against
 * the discovery URL and checked.
 */
import { AppError } from '../../../shared/errors';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import { safeUrl } from './redact';

/** Parses a URL the user gave (a bare host gets https://), drops query and fragment, adds the trailing slash. */
export function normaliseUrl(input: string, what = 'address'): URL {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    // The text is not echoed: a mistyped URL may still hold credentials.
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The ${what} is not a valid URL.`,
      hint: 'Give a full address such as https://taxii.example.com/taxii2/.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The ${what} uses ${url.protocol}; TAXII runs over https:// (http:// for local testing).`,
      where: safeUrl(url),
    });
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** `base` (ending in `/`) plus percent-encoded path segments, each followed by `/`. */
export function childUrl(base: URL | string, ...segments: string[]): URL {
  const url = new URL(String(base));
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.pathname += segments.map((s) => `${encodeURIComponent(s)}/`).join('');
  return url;
}

/** `url` with `query` (already encoded) appended. */
export function withQuery(url: URL, query: string): string {
  return query ? `${url.href}?${query}` : url.href;
}

/**
 * The API root a URL belongs to: the part before `collections/` or `status/`; the URL itself
 * when it has neither (it is then an API root URL).
 */
export function apiRootOf(url: URL | string): string {
  const u = new URL(String(url));
  u.search = '';
  u.hash = '';
  const m = /^(.*\/)(?:collections|status)\/(?:[^/]+\/(?:.*)?)?$/.exec(u.pathname);
  if (m?.[1]) u.pathname = m[1];
  else if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/**
 * Resolves the `api_roots` (and `default`) of a discovery resource against the discovery URL
 * (§11): absolute http(s) URLs and relative paths starting with exactly one `/` are valid;
 * `//host`, `../x` and URLs with a query are refused (noted, left out). A relative path without
 * a leading slash is read as if it had one (a common server mistake), with a note.
 */
export function resolveApiRoot(
  raw: string,
  discoveryUrl: URL,
  notes: QuirkNote[],
): string | undefined {
  const where = `${safeUrl(discoveryUrl)} api_roots`;
  const refuse = (why: string): undefined => {
    addNote(notes, {
      code: 'API_ROOT_INVALID',
      message: `Discovery lists the API root ${JSON.stringify(raw)}, which is not allowed (${why}); it was left out.`,
      where,
    });
    return undefined;
  };
  if (raw.startsWith('//')) return refuse('a network-path reference starting with //');
  if (raw.startsWith('../') || raw.startsWith('./'))
    return refuse('a relative path with dot segments');
  if (raw.includes('?')) return refuse('it contains a query');
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    try {
      url = new URL(raw);
    } catch {
      return refuse('not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return refuse(`scheme ${url.protocol}`);
    if (url.protocol === 'http:' && discoveryUrl.protocol === 'https:') {
      addNote(notes, {
        code: 'API_ROOT_INSECURE',
        message: `Discovery (over HTTPS) lists the API root ${safeUrl(url)} over plain HTTP.`,
        where,
      });
    }
  } else if (raw.startsWith('/')) {
    url = new URL(raw, discoveryUrl);
  } else {
    addNote(notes, {
      code: 'API_ROOT_RELATIVE_NO_SLASH',
      message: `Discovery lists the API root ${JSON.stringify(raw)} without a leading slash; read as /${raw}.`,
      where,
    });
    url = new URL(`/${raw}`, discoveryUrl);
  }
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
