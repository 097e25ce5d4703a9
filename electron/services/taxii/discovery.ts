/**
 * Discovery and API roots (digest §4): where discovery is (`/taxii2/`, then `/taxii/`), what an
 * answer is when it is not a discovery resource, how relative API roots resolve, and which TAXII
 * version an API root speaks (digest §4.3: the 2.1 Accept first, 2.0 on 406/404/415 or a 2.0
 * answer), pinned per root for the client's later calls.
 */
import { AppError, isAppError } from '../../../shared/errors';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import {
  API_ROOT_VERSION_VALUES,
  taxiiVersionOf,
  type TaxiiVersion,
} from '../../../shared/taxii/media-types';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import {
  apiRootSchema,
  discoverySchema,
  type ApiRoot,
  type Discovery,
} from '../../../shared/taxii/resources';
import { parseResource } from '../../../shared/taxii/validate';
import { ACCEPT, type CallOptions, type Exchange, type TaxiiResult } from './exchange';
import type { RangeState } from './range-page';
import { apiRootOf, normaliseUrl, resolveApiRoot } from './urls';

/** What discovery found. `apiRoots` are absolute, checked and end in `/`. */
export interface DiscoveryInfo {
  discovery: Discovery;
  apiRoots: string[];
  default?: string;
}

/** What the client knows of one API root. */
export interface RootState extends RangeState {
  version: TaxiiVersion;
  apiRoot?: ApiRoot;
}

/** What discovery and version detection read and record. */
export interface RootsContext {
  ex: Exchange;
  /** The version the connection forces, if any. */
  forced: TaxiiVersion | undefined;
  /** Per API root URL: its version (and resource, range form) once known. */
  roots: Map<string, RootState>;
}

/**
 * Discovery. `url` may be a server address (`https://host`, tries `/taxii2/` then `/taxii/`),
 * a discovery URL, or a bare host name. The version comes from which endpoint answered (and its
 * Content-Type); `options.taxiiVersion` or `version` forces one.
 *
 * Recognised rather than misread: a collection, objects or status URL (INVALID_INPUT naming the
 * discovery and API root URLs to use instead), an API root URL (used as the only root, with a
 * note), a server that speaks only the other TAXII version (a note, or NOT_ACCEPTABLE saying so
 * when the version is forced). Relative API roots without a leading slash are probed.
 */
export async function discover(
  ctx: RootsContext,
  url: string,
  opts: CallOptions & { version?: TaxiiVersion } = {},
): Promise<TaxiiResult<DiscoveryInfo>> {
  const given = normaliseUrl(url, 'discovery URL');
  const misplaced = nonDiscoveryUrl(given, ctx.ex.http.safe(given));
  if (misplaced) throw misplaced;
  const forced = opts.version ?? ctx.forced;
  const candidates = discoveryCandidates(given);
  const tries = forced ? candidates.filter((c) => c.version === forced) : candidates;
  let firstError: AppError | undefined;
  let otherFailed: { url: string; status?: number } | undefined;
  for (const candidate of tries) {
    const notes: QuirkNote[] = [];
    try {
      const { res, data } = await ctx.ex.get(
        candidate.url.href,
        {
          resource: 'discovery resource',
          version: candidate.version,
          accept: ACCEPT[candidate.version],
        },
        opts,
        notes,
      );
      let version = candidate.version;
      const labelled = taxiiVersionOf(res.headers['content-type']);
      if (!forced && labelled && labelled !== version) version = labelled;
      if (otherFailed && !forced) {
        addNote(notes, {
          code: 'ONLY_OTHER_VERSION',
          message: `No TAXII ${version === '2.1' ? '2.0' : '2.1'} discovery answered at ${otherFailed.url}${otherFailed.status ? ` (${otherFailed.status})` : ''}; this server speaks TAXII ${version} here.`,
          where: res.url,
        });
      }
      if (looksLikeApiRoot(data)) {
        return apiRootAsDiscovery(ctx, res.url, data, version, notes);
      }
      const discovery = parseResource(discoverySchema, data, {
        resource: 'discovery resource',
        url: res.url,
      });
      if (forced && !opts.version && ctx.forced) {
        addNote(notes, {
          code: 'VERSION_OVERRIDDEN',
          message: `TAXII ${forced} was forced by the connection settings.`,
          where: res.url,
        });
      }
      const base = new URL(res.url);
      const apiRoots: string[] = [];
      const resolve = async (raw: string): Promise<string | undefined> => {
        const resolved = resolveApiRoot(raw, base, notes);
        if (!resolved || /^[a-z][a-z0-9+.-]*:|^\//i.test(raw)) return resolved;
        return probeRelativeRoot(ctx, raw, resolved, base, version, notes, opts);
      };
      for (const raw of discovery.api_roots ?? []) {
        const resolved = await resolve(raw);
        if (resolved && !apiRoots.includes(resolved)) apiRoots.push(resolved);
      }
      let def: string | undefined;
      if (discovery.default !== undefined) {
        def = await resolve(discovery.default);
        if (def && !apiRoots.includes(def)) {
          addNote(notes, {
            code: 'DEFAULT_NOT_LISTED',
            message: `The default API root ${ctx.ex.http.safe(def)} is not among api_roots (the spec requires it to be).`,
            where: res.url,
          });
        }
      }
      const nested = apiRoots.filter(
        (r) =>
          base.pathname !== '/' &&
          new URL(r).origin === base.origin &&
          new URL(r).pathname.startsWith(base.pathname),
      );
      if (nested.length > 0) {
        addNote(notes, {
          code: 'API_ROOT_NESTED',
          message: `API roots are nested under the discovery path ${base.pathname} (${nested.map((r) => new URL(r).pathname).join(', ')}); that works, but the discovery URL itself is not an API root.`,
          where: res.url,
        });
      }
      for (const root of apiRoots) if (!ctx.roots.has(root)) ctx.roots.set(root, { version });
      return {
        value: { discovery, apiRoots, ...(def ? { default: def } : {}) },
        version,
        url: res.url,
        notes,
      };
    } catch (err) {
      if (!isAppError(err)) throw err;
      firstError ??= err;
      // Only "not here / not this version" moves on to the next candidate; anything else
      // (auth, network, TLS, timeout, cancel) would fail the same way there.
      if (
        ![
          'NOT_FOUND',
          'NOT_ACCEPTABLE',
          'UNSUPPORTED_MEDIA_TYPE',
          'NOT_TAXII',
          'INVALID_RESPONSE',
          'HTTP_STATUS',
        ].includes(err.code)
      )
        throw err;
      if (err.code === 'NOT_FOUND' || err.code === 'NOT_ACCEPTABLE') {
        otherFailed ??= {
          url: ctx.ex.http.safe(candidate.url),
          ...(err.wire.status !== undefined ? { status: err.wire.status } : {}),
        };
      }
    }
  }
  if (forced && firstError && ['NOT_FOUND', 'NOT_ACCEPTABLE'].includes(firstError.code)) {
    const other: TaxiiVersion = forced === '2.1' ? '2.0' : '2.1';
    const speaks = await answersAs(
      ctx,
      candidates.filter((c) => c.version === other),
      opts,
    );
    if (speaks) {
      throw new AppError({
        code: 'NOT_ACCEPTABLE',
        message: `This server speaks only TAXII ${other} (its discovery answered at ${speaks}), but the connection is set to TAXII ${forced}.`,
        hint: `Set the connection's TAXII version to ${other}, or to automatic.`,
        where: ctx.ex.http.safe(given),
        ...(firstError.wire.status !== undefined ? { status: firstError.wire.status } : {}),
        details: { kind: 'other-version', serverVersion: other, discoveryUrl: speaks },
      });
    }
  }
  throw firstError ?? new AppError({ code: 'INTERNAL', message: 'No discovery URL was tried.' });
}

/** The first candidate that answers with the version it was asked in, quietly (for explaining errors). */
async function answersAs(
  ctx: RootsContext,
  candidates: { url: URL; version: TaxiiVersion }[],
  opts: CallOptions,
): Promise<string | undefined> {
  for (const c of candidates) {
    try {
      const { res } = await ctx.ex.get(
        c.url.href,
        { resource: 'discovery resource', version: c.version, accept: ACCEPT[c.version] },
        opts,
        [],
      );
      const labelled = taxiiVersionOf(res.headers['content-type']);
      if (!labelled || labelled === c.version) return res.url;
    } catch {
      // Not this one either.
    }
  }
  return undefined;
}

/** A "discovery" URL that answered with an API root: used as the only root, with a note. */
function apiRootAsDiscovery(
  ctx: RootsContext,
  at: string,
  data: unknown,
  version: TaxiiVersion,
  notes: QuirkNote[],
): TaxiiResult<DiscoveryInfo> {
  const apiRoot = parseResource(apiRootSchema, data, { resource: 'API root resource', url: at });
  const root = apiRootOf(at);
  const discoveryUrl = new URL(version === '2.1' ? '/taxii2/' : '/taxii/', at).href;
  addNote(notes, {
    code: 'DISCOVERY_IS_API_ROOT',
    message: `${at} is an API root (“${apiRoot.title}”), not a discovery endpoint; it is used as the only API root. The server's discovery URL is usually ${discoveryUrl}.`,
    where: at,
  });
  ctx.roots.set(root, { ...ctx.roots.get(root), version, apiRoot });
  return {
    value: {
      discovery: { title: apiRoot.title, api_roots: [root] },
      apiRoots: [root],
      default: root,
    },
    version,
    url: at,
    notes,
  };
}

/**
 * A relative API root without its leading slash ("api1/") is ambiguous: from the server root
 * (what its author usually meant) or relative to the discovery URL (what URL resolution says).
 * When the two differ, the one that answers as an API root wins.
 */
async function probeRelativeRoot(
  ctx: RootsContext,
  raw: string,
  fromServerRoot: string,
  discoveryUrl: URL,
  version: TaxiiVersion,
  notes: QuirkNote[],
  opts: CallOptions,
): Promise<string> {
  const relative = new URL(raw, discoveryUrl);
  if (!relative.pathname.endsWith('/')) relative.pathname += '/';
  if (relative.href === fromServerRoot) return fromServerRoot;
  for (const candidate of [fromServerRoot, relative.href]) {
    try {
      const { data } = await ctx.ex.get(
        candidate,
        { resource: 'API root resource', version, accept: ACCEPT[version] },
        opts,
        [],
      );
      if (!looksLikeApiRoot(snakeCaseTaxiiKeys(data, 'API root resource', []))) continue;
      if (candidate !== fromServerRoot) {
        addNote(notes, {
          code: 'API_ROOT_PROBED',
          message: `The API root ${JSON.stringify(raw)} answers at ${ctx.ex.http.safe(candidate)} (relative to the discovery URL), not at ${ctx.ex.http.safe(fromServerRoot)}.`,
          where: ctx.ex.http.safe(discoveryUrl),
        });
      }
      return candidate;
    } catch (err) {
      if (!isAppError(err) || err.code === 'CANCELLED') throw err;
    }
  }
  return fromServerRoot;
}

/**
 * API root information. Also detects and pins the root's TAXII version: 2.1 Accept first, then
 * 2.0 on 406, 404, 415 or a non-TAXII answer; `versions` confirms (2.1 preferred when both).
 */
export async function detectApiRoot(
  ctx: RootsContext,
  url: string,
  opts: CallOptions = {},
): Promise<TaxiiResult<ApiRoot>> {
  const root = normaliseUrl(url, 'API root URL');
  const known = ctx.roots.get(root.href);
  const order: TaxiiVersion[] = ctx.forced
    ? [ctx.forced]
    : known
      ? [known.version, known.version === '2.1' ? '2.0' : '2.1']
      : ['2.1', '2.0'];
  let firstError: AppError | undefined;
  for (const version of order) {
    const notes: QuirkNote[] = [];
    try {
      const { res, value: apiRoot } = await ctx.ex.resource(
        root.href,
        apiRootSchema,
        'API root resource',
        version,
        opts,
        notes,
      );
      const bare = apiRoot.versions.filter((x) => /^\s*2\.[01]\s*$/.test(x));
      if (bare.length > 0) {
        addNote(notes, {
          code: 'VERSIONS_BARE',
          message: `The API root lists its versions as ${bare.map((x) => JSON.stringify(x)).join(', ')} instead of media types (${bare.map((x) => JSON.stringify(API_ROOT_VERSION_VALUES[x.trim() as TaxiiVersion])).join(', ')}); read as such.`,
          where: res.url,
        });
      }
      let detected = version;
      if (!ctx.forced) {
        const claims = (v: TaxiiVersion): boolean =>
          apiRoot.versions.some(
            (x) =>
              x.replace(/\s+/g, '') === API_ROOT_VERSION_VALUES[v] ||
              taxiiVersionOf(x) === v ||
              x.trim() === v,
          );
        if (claims('2.1') && version === '2.1') detected = '2.1';
        else if (claims('2.0') && !claims('2.1')) detected = '2.0';
        else if (taxiiVersionOf(res.headers['content-type']) === '2.0') detected = '2.0';
      }
      ctx.roots.set(root.href, { ...ctx.roots.get(root.href), version: detected, apiRoot });
      return { value: apiRoot, version: detected, url: res.url, notes };
    } catch (err) {
      if (!isAppError(err)) throw err;
      firstError ??= err;
      if (
        !['NOT_FOUND', 'NOT_ACCEPTABLE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_TAXII'].includes(err.code)
      )
        throw err;
    }
  }
  throw firstError ?? new AppError({ code: 'INTERNAL', message: 'No API root request was made.' });
}

/** Where discovery may be for `given`: the 2.1 and 2.0 paths for a server address, else `given` in both versions. */
function discoveryCandidates(given: URL): { url: URL; version: TaxiiVersion }[] {
  if (given.pathname === '/') {
    return [
      { url: new URL('/taxii2/', given), version: '2.1' },
      { url: new URL('/taxii/', given), version: '2.0' },
    ];
  }
  const first: TaxiiVersion = /\/taxii\/$/.test(given.pathname) ? '2.0' : '2.1';
  const second: TaxiiVersion = first === '2.1' ? '2.0' : '2.1';
  return [
    { url: given, version: first },
    { url: given, version: second },
  ];
}

/**
 * The error for a URL that is plainly not a discovery URL (a collection, its objects or
 * manifest, a status), naming the discovery and API root URLs to use; undefined otherwise.
 */
function nonDiscoveryUrl(url: URL, shown: string): AppError | undefined {
  const m =
    /^(.*?\/)(collections\/(?:([^/]+)\/(?:(objects|manifest)\/(?:.*)?)?)?|status\/[^/]+\/)$/.exec(
      url.pathname,
    );
  if (!m) return undefined;
  const what = m[4]
    ? `${m[4]} URL of a collection`
    : m[3]
      ? 'collection URL'
      : m[2]?.startsWith('status')
        ? 'status URL'
        : 'collections URL';
  const apiRootUrl = new URL(m[1] as string, url).href;
  const discoveryUrl = new URL('/taxii2/', url).href;
  const collectionUrl = m[3] ? new URL(`${m[1]}collections/${m[3]}/`, url).href : undefined;
  return new AppError({
    code: 'INVALID_INPUT',
    message: `${shown} is a TAXII ${what}, not a discovery URL.`,
    hint: `Use the server's discovery URL, usually ${discoveryUrl}, or the API root ${apiRootUrl} directly${collectionUrl ? `; the collection itself is ${collectionUrl}` : ''}.`,
    where: shown,
    details: {
      kind: 'not-discovery-url',
      discoveryUrl,
      apiRootUrl,
      ...(collectionUrl ? { collectionUrl } : {}),
    },
  });
}

/** True for JSON shaped like an API root (versions + max_content_length) rather than discovery. */
function looksLikeApiRoot(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const o = data as Record<string, unknown>;
  return Array.isArray(o.versions) && 'max_content_length' in o && !('api_roots' in o);
}
