/**
 * The TAXII 2.1/2.0 client: every operation of both versions (TAXII 2.1 §4–§5, 2.0 §4–§5), one model for results.
 *
 * Version: forced by `ConnectionOptions.taxiiVersion`, else detected per API root (from its `versions`, TAXII 2.1 §4.2.1:
 * GET the root with the 2.1 Accept, fall back to 2.0 on 406/404/415 or a 2.0 answer) and pinned
 * for that root. Discovery tries `/taxii2/` then `/taxii/`. Every answer is checked against its
 * resource schema (unknown properties kept); oddities become quirk notes on the result.
 */
import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/errors';
import {
  checkFilters,
  filtersToQuery,
  type FilterEndpoint,
  type TaxiiFilters,
} from '../../../shared/taxii/filters';
import {
  API_ROOT_VERSION_VALUES,
  MEDIA_TYPES,
  taxiiVersionOf,
  type TaxiiVersion,
} from '../../../shared/taxii/media-types';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import type { WalkEndpoint } from '../../../shared/taxii/checkpoint';
import {
  isLocalFilterKey,
  localPredicate,
  type ItemKind,
  type LocalFilterKey,
} from '../../../shared/taxii/local-filters';
import { manifestEntriesToRecords, normaliseStatus } from '../../../shared/taxii/normalise';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import { formatDuration, type WaitNotice } from '../../../shared/taxii/waits';
import type { Page } from '../../../shared/taxii/page';
import {
  apiRootSchema,
  bundleSchema,
  collectionSchema,
  collectionsSchema,
  discoverySchema,
  envelopeSchema,
  manifest20Schema,
  manifest21Schema,
  statusWireSchema,
  versionsSchema,
  type ApiRoot,
  type Collection,
  type Discovery,
  type ManifestRecord,
  type Status,
  type StixObject,
} from '../../../shared/taxii/resources';
import { isTimestamp } from '../../../shared/taxii/timestamps';
import { parseResource } from '../../../shared/taxii/validate';
import { objectVersion } from '../../../shared/stix/common';
import { HttpEngine, type EngineInternals, type HttpResponse } from './http';
import type { ConnectionOptions } from './options';
import {
  settlePage,
  walkPages,
  type FetchedPage,
  type PageFetcher,
  type WalkOptions,
} from './paging';
import { cachedWalk, type CacheIdentity, type PageCache } from '../page-cache';
import { checkStatus, readTaxiiJson, type Expectation } from './responses';
import { apiRootOf, childUrl, normaliseUrl, resolveApiRoot, withQuery } from './urls';

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

/** What discovery found. `apiRoots` are absolute, checked and end in `/`. */
export interface DiscoveryInfo {
  discovery: Discovery;
  apiRoots: string[];
  default?: string;
}

/** The page size the iterators ask for when the filters name none (servers cap it anyway). */
export const DEFAULT_PAGE_SIZE = 1000;

/** Options of the page iterators. */
export interface PageWalkOptions extends WalkOptions {
  timeoutMs?: number;
  onWait?: (notice: WaitNotice) => void;
  /**
   * With a page cache (`useCache`): 'use' (default) serves stored pages and continues a walk
   * left unfinished; 'refresh' drops what is stored for this query and fetches afresh; 'off'
   * neither reads nor writes the cache.
   */
  cache?: 'use' | 'refresh' | 'off';
}

/** What the client learned a server refuses, per API root, so it is not asked again. */
interface Learned {
  /** Largest `limit` the server accepted after refusing a larger one. */
  maxLimit?: number;
  /** Filters the server answered 400 to (applied on the client instead where possible). */
  refused: Set<LocalFilterKey | `match:${string}`>;
}

/** The message and the server's own words of an error, for spotting what a 400 complains about. */
function errorText(err: AppError): string {
  const t = err.wire.taxii;
  return [err.message, t?.title, t?.description].filter(Boolean).join(' ');
}

/** Which sent filter a 400's text names (e.g. "match[spec_version] is not supported"). */
function refusedFilter(
  text: string,
  filters: TaxiiFilters,
): LocalFilterKey | `match:${string}` | undefined {
  const named = (field: string): boolean =>
    new RegExp(`match\\[${field}\\]|\\b${field}\\b`, 'i').test(text);
  if (filters.specVersion && named('spec_version')) return 'specVersion';
  if (filters.type && /match\[type\]/i.test(text)) return 'type';
  if (filters.id && /match\[id\]/i.test(text)) return 'id';
  for (const field of Object.keys(filters.match ?? {}))
    if (text.includes(`match[${field}]`)) return `match:${field}`;
  return undefined;
}

/** `filters` without the ones in `refused`. */
function withoutRefused(filters: TaxiiFilters, refused: Learned['refused']): TaxiiFilters {
  if (refused.size === 0) return filters;
  const out: TaxiiFilters = { ...filters };
  for (const r of refused) {
    if (r.startsWith('match:')) {
      const field = r.slice('match:'.length);
      if (out.match && field in out.match) {
        const { [field]: _gone, ...rest } = out.match;
        out.match = rest;
        if (Object.keys(rest).length === 0) delete out.match;
      }
    } else delete out[r as LocalFilterKey];
  }
  return out;
}

const FILTER_NAMES: Record<LocalFilterKey, string> = {
  id: 'match[id]',
  type: 'match[type]',
  specVersion: 'match[spec_version]',
};

type RangeForm = 'equals' | 'space';

const ACCEPT: Record<TaxiiVersion, string> = {
  '2.1': MEDIA_TYPES.taxii21,
  '2.0': MEDIA_TYPES.taxii20,
};

function objectKey(o: StixObject): string {
  return `${o.id}|${objectVersion(o) ?? ''}`;
}

function recordKey(r: ManifestRecord): string {
  return `${r.id}|${r.version ?? ''}`;
}

/** Parses `items a-b/N`, `items a-b/*`, `items *\/N`, `items *\/*` (also tolerating `=`). */
export function parseContentRange(
  value: string | undefined,
): { first?: number; last?: number; total?: number } | undefined {
  if (!value) return undefined;
  const m = /^\s*items[\s=]+(?:(\d+)-(\d+)|\*)\s*\/\s*(\d+|\*)\s*$/i.exec(value);
  if (!m) return undefined;
  return {
    ...(m[1] !== undefined ? { first: Number(m[1]), last: Number(m[2]) } : {}),
    ...(m[3] !== '*' ? { total: Number(m[3]) } : {}),
  };
}

/** A TAXII client for one connection. Create one per server/profile; `close()` it when done. */
export class TaxiiClient {
  /** The request engine (exposed for callers that need raw exchanges, e.g. a conformance probe). */
  readonly http: HttpEngine;
  private readonly forced: TaxiiVersion | undefined;
  private readonly roots = new Map<
    string,
    { version: TaxiiVersion; apiRoot?: ApiRoot; rangeForm?: RangeForm }
  >();
  private readonly options: ConnectionOptions;
  /** Per API root: what the server refused (limits, filters). */
  private readonly refusals = new Map<string, Learned>();
  /** Per API root: its collections, once listed (undefined: could not be listed). */
  private readonly collectionLists = new Map<string, Collection[] | undefined>();
  /** Collection URL with an alias → URL with the id (null: not an alias). */
  private readonly aliases = new Map<string, { href: string; note: QuirkNote } | null>();
  private cache: PageCache | undefined;
  private connectionKey: string | undefined;

  constructor(options: ConnectionOptions = {}, internals: EngineInternals = {}) {
    this.options = options;
    this.http = new HttpEngine(options, internals);
    this.forced =
      options.taxiiVersion === '2.0' || options.taxiiVersion === '2.1'
        ? options.taxiiVersion
        : undefined;
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.http.close();
  }

  // ------------------------------------------------------------------ plumbing

  private async get(
    url: string,
    exp: Expectation,
    opts: CallOptions,
    notes: QuirkNote[],
    extraHeaders: Record<string, string> = {},
  ): Promise<{ res: HttpResponse; data: unknown }> {
    const res = await this.http.request(url, {
      headers: { accept: exp.accept, ...extraHeaders },
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      ...(opts.onWait ? { onWait: opts.onWait } : {}),
    });
    return { res, data: this.read(res, exp, notes, url) };
  }

  /** Status, Content-Type and JSON of an answer (./responses.ts), camelCase keys renamed, waits noted. */
  private read(res: HttpResponse, exp: Expectation, notes: QuirkNote[], url: string): unknown {
    waitNotes(res, notes);
    const data = readTaxiiJson(
      res,
      { ...exp, sentCredentials: this.http.sendsCredentialsTo(url) },
      notes,
    );
    return snakeCaseTaxiiKeys(data, exp.resource, notes, res.url);
  }

  /** The version for the API root of `url`: forced, cached, or detected now. */
  async versionFor(url: string | URL, opts: CallOptions = {}): Promise<TaxiiVersion> {
    if (this.forced) return this.forced;
    const root = apiRootOf(url);
    const known = this.roots.get(root);
    if (known) return known.version;
    return (await this.apiRoot(root, opts)).version;
  }

  /** Records the version of an API root (e.g. from discovery or a saved profile), so no probe is needed. */
  setRootVersion(apiRootUrl: string, version: TaxiiVersion): void {
    const root = apiRootOf(normaliseUrl(apiRootUrl, 'API root URL'));
    const known = this.roots.get(root);
    this.roots.set(root, { ...known, version });
  }

  private dateHeaders(
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

  // ------------------------------------------------------------------ discovery and API roots

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
  async discover(
    url: string,
    opts: CallOptions & { version?: TaxiiVersion } = {},
  ): Promise<TaxiiResult<DiscoveryInfo>> {
    const given = normaliseUrl(url, 'discovery URL');
    const misplaced = nonDiscoveryUrl(given, this.http.safe(given));
    if (misplaced) throw misplaced;
    const forced = opts.version ?? this.forced;
    const candidates = discoveryCandidates(given);
    const tries = forced ? candidates.filter((c) => c.version === forced) : candidates;
    let firstError: AppError | undefined;
    let otherFailed: { url: string; status?: number } | undefined;
    for (const candidate of tries) {
      const notes: QuirkNote[] = [];
      try {
        const { res, data } = await this.get(
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
          return this.apiRootAsDiscovery(res.url, data, version, notes);
        }
        const discovery = parseResource(discoverySchema, data, {
          resource: 'discovery resource',
          url: res.url,
        });
        if (forced && !opts.version && this.forced) {
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
          return this.probeRelativeRoot(raw, resolved, base, version, notes, opts);
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
              message: `The default API root ${this.http.safe(def)} is not among api_roots (the spec requires it to be).`,
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
        for (const root of apiRoots) if (!this.roots.has(root)) this.roots.set(root, { version });
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
            url: this.http.safe(candidate.url),
            ...(err.wire.status !== undefined ? { status: err.wire.status } : {}),
          };
        }
      }
    }
    if (forced && firstError && ['NOT_FOUND', 'NOT_ACCEPTABLE'].includes(firstError.code)) {
      const other: TaxiiVersion = forced === '2.1' ? '2.0' : '2.1';
      const speaks = await this.answersAs(
        candidates.filter((c) => c.version === other),
        opts,
      );
      if (speaks) {
        throw new AppError({
          code: 'NOT_ACCEPTABLE',
          message: `This server speaks only TAXII ${other} (its discovery answered at ${speaks}), but the connection is set to TAXII ${forced}.`,
          hint: `Set the connection's TAXII version to ${other}, or to automatic.`,
          where: this.http.safe(given),
          ...(firstError.wire.status !== undefined ? { status: firstError.wire.status } : {}),
          details: { kind: 'other-version', serverVersion: other, discoveryUrl: speaks },
        });
      }
    }
    throw firstError ?? new AppError({ code: 'INTERNAL', message: 'No discovery URL was tried.' });
  }

  /** The first candidate that answers with the version it was asked in, quietly (for explaining errors). */
  private async answersAs(
    candidates: { url: URL; version: TaxiiVersion }[],
    opts: CallOptions,
  ): Promise<string | undefined> {
    for (const c of candidates) {
      try {
        const { res } = await this.get(
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
  private apiRootAsDiscovery(
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
    this.roots.set(root, { ...this.roots.get(root), version, apiRoot });
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
  private async probeRelativeRoot(
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
        const { data } = await this.get(
          candidate,
          { resource: 'API root resource', version, accept: ACCEPT[version] },
          opts,
          [],
        );
        if (!looksLikeApiRoot(snakeCaseTaxiiKeys(data, 'API root resource', []))) continue;
        if (candidate !== fromServerRoot) {
          addNote(notes, {
            code: 'API_ROOT_PROBED',
            message: `The API root ${JSON.stringify(raw)} answers at ${this.http.safe(candidate)} (relative to the discovery URL), not at ${this.http.safe(fromServerRoot)}.`,
            where: this.http.safe(discoveryUrl),
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
  async apiRoot(url: string, opts: CallOptions = {}): Promise<TaxiiResult<ApiRoot>> {
    const root = normaliseUrl(url, 'API root URL');
    const known = this.roots.get(root.href);
    const order: TaxiiVersion[] = this.forced
      ? [this.forced]
      : known
        ? [known.version, known.version === '2.1' ? '2.0' : '2.1']
        : ['2.1', '2.0'];
    let firstError: AppError | undefined;
    for (const version of order) {
      const notes: QuirkNote[] = [];
      try {
        const { res, data } = await this.get(
          root.href,
          { resource: 'API root resource', version, accept: ACCEPT[version] },
          opts,
          notes,
        );
        const apiRoot = parseResource(apiRootSchema, data, {
          resource: 'API root resource',
          url: res.url,
        });
        const bare = apiRoot.versions.filter((x) => /^\s*2\.[01]\s*$/.test(x));
        if (bare.length > 0) {
          addNote(notes, {
            code: 'VERSIONS_BARE',
            message: `The API root lists its versions as ${bare.map((x) => JSON.stringify(x)).join(', ')} instead of media types (${bare.map((x) => JSON.stringify(API_ROOT_VERSION_VALUES[x.trim() as TaxiiVersion])).join(', ')}); read as such.`,
            where: res.url,
          });
        }
        let detected = version;
        if (!this.forced) {
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
        this.roots.set(root.href, { ...this.roots.get(root.href), version: detected, apiRoot });
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
    throw (
      firstError ?? new AppError({ code: 'INTERNAL', message: 'No API root request was made.' })
    );
  }

  /** The API root's `max_content_length`, from cache or by asking. */
  async maxContentLength(apiRootUrl: string, opts: CallOptions = {}): Promise<number> {
    const root = apiRootOf(normaliseUrl(apiRootUrl, 'API root URL'));
    const cached = this.roots.get(root)?.apiRoot;
    if (cached) return cached.max_content_length;
    return (await this.apiRoot(root, opts)).value.max_content_length;
  }

  // ------------------------------------------------------------------ collections

  /** Every collection of an API root (2.0: all Range pages gathered). */
  async collections(
    apiRootUrl: string,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<Collection[]>> {
    const root = normaliseUrl(apiRootUrl, 'API root URL');
    const version = await this.versionFor(root, opts);
    const url = childUrl(root, 'collections');
    if (version === '2.1') {
      const notes: QuirkNote[] = [];
      const { res, data } = await this.get(
        url.href,
        { resource: 'collections resource', version, accept: ACCEPT[version] },
        opts,
        notes,
      );
      const value = parseResource(collectionsSchema, data, {
        resource: 'collections resource',
        url: res.url,
      });
      return { value: value.collections ?? [], version, url: res.url, notes };
    }
    const all: Collection[] = [];
    const notes: QuirkNote[] = [];
    const fetchPage = (filters: TaxiiFilters, signal: AbortSignal): Promise<Page<Collection>> =>
      this.rangePage(
        url,
        '',
        filters,
        { ...opts, signal },
        'collections resource',
        ACCEPT['2.0'],
        (data, at) =>
          parseResource(collectionsSchema, data, { resource: 'collections resource', url: at })
            .collections ?? [],
      );
    for await (const page of walkPages(fetchPage, { limit: 100 }, (c) => c.id, {
      signal: opts.signal,
      prefetch: false,
    })) {
      all.push(...page.items);
      for (const n of page.notes) addNote(notes, n);
    }
    return { value: all, version, url: url.href, notes };
  }

  /** One collection's information (an alias in the URL is resolved to the id, with a note). */
  async collection(
    collectionUrl: string,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<Collection>> {
    const given = normaliseUrl(collectionUrl, 'collection URL');
    const version = await this.versionFor(given, opts);
    const { url, notes } =
      version === '2.1' ? await this.resolveCollection(given, opts) : { url: given, notes: [] };
    const { res, data } = await this.get(
      url.href,
      { resource: 'collection resource', version, accept: ACCEPT[version] },
      opts,
      notes,
    );
    return {
      value: parseResource(collectionSchema, data, {
        resource: 'collection resource',
        url: res.url,
      }),
      version,
      url: res.url,
      notes,
    };
  }

  // ------------------------------------------------------------------ pages

  /**
   * One 2.0 Range page: `Range: items=a-b` (retried once as `items a-b`, remembered per root),
   * 206 + Content-Range, 200 = everything, 416 = past the end. `filters.next` is the start index.
   */
  private async rangePage<T>(
    url: URL,
    query: string,
    filters: TaxiiFilters,
    opts: CallOptions,
    resource: string,
    accept: string,
    itemsOf: (data: unknown, url: string) => T[],
  ): Promise<Page<T>> {
    const rootKey = apiRootOf(url);
    const state = this.roots.get(rootKey);
    const start = filters.next !== undefined ? Number(filters.next) : 0;
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `next ${JSON.stringify(filters.next)} is not an item index (TAXII 2.0 pages by item ranges).`,
        hint: 'Pass the next value of the previous page unchanged.',
        where: 'next',
      });
    }
    const size = filters.limit ?? DEFAULT_PAGE_SIZE;
    const href = withQuery(url, query);
    const notes: QuirkNote[] = [];
    const exp: Expectation = { resource, version: '2.0', accept, ok: [200, 206] };
    const send = (form: RangeForm): Promise<HttpResponse> =>
      this.http.request(href, {
        headers: {
          accept,
          range: `items${form === 'equals' ? '=' : ' '}${start}-${start + size - 1}`,
        },
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        ...(opts.onWait ? { onWait: opts.onWait } : {}),
      });
    let form: RangeForm = state?.rangeForm ?? 'equals';
    let res = await send(form);
    if (
      res.status >= 400 &&
      ![401, 403, 404, 416, 429].includes(res.status) &&
      state?.rangeForm === undefined
    ) {
      // Some 2.0 servers only take the spec example's `items a-b` (taxii2-client PR #82).
      const retry = await send('space');
      if (retry.status < 400 || retry.status === 416) {
        form = 'space';
        res = retry;
        addNote(notes, {
          code: 'RANGE_SPACE_FORM',
          message:
            'The server rejected `Range: items=a-b` and accepted the spec example’s `items a-b`; using that from now on.',
          where: res.url,
        });
      }
    }
    if (res.status < 400 && state && state.rangeForm === undefined) state.rangeForm = form;
    if (res.status === 416) {
      return { items: [], more: false, notes, url: res.url };
    }
    const data = this.read(res, exp, notes, href);
    const items = itemsOf(data, res.url);
    const dates = this.dateHeaders(res, notes, res.url);
    const range = parseContentRange(res.headers['content-range']);
    if (res.status === 200 && !range) {
      if (items.length > size) {
        addNote(notes, {
          code: 'RANGE_IGNORED',
          message: `The server ignored the requested range and sent all ${items.length} items at once.`,
          where: res.url,
        });
      }
      return { items, more: false, ...dates, notes, url: res.url };
    }
    const first = range?.first ?? start;
    const last = range?.last ?? start + items.length - 1;
    const total = range?.total;
    const more =
      items.length > 0 && (total !== undefined ? last + 1 < total : items.length >= size);
    return {
      items,
      more,
      ...(more ? { next: String(last + 1) } : {}),
      ...dates,
      range: { first, last, ...(total !== undefined ? { total } : {}) },
      notes,
      url: res.url,
    };
  }

  /** One 2.1 page of `resource` at `url` with `filters`. */
  private async page21<T>(
    url: URL,
    filters: TaxiiFilters,
    opts: CallOptions,
    resource: string,
    itemsOf: (data: unknown, at: string) => { items: T[]; more?: boolean; next?: string | number },
  ): Promise<Page<T>> {
    const notes: QuirkNote[] = [];
    // Always an explicit limit: a server's default page size may be huge, or tiny (TAXII 2.1 §3.5).
    const sent = filters.limit === undefined ? { ...filters, limit: DEFAULT_PAGE_SIZE } : filters;
    const { res, data } = await this.get(
      withQuery(url, filtersToQuery(sent)),
      { resource, version: '2.1', accept: ACCEPT['2.1'] },
      opts,
      notes,
    );
    const body = itemsOf(data, res.url);
    const more = body.more === true;
    // `next` is opaque: a number is echoed back as the same digits (String(5) is "5").
    const next = body.next === undefined || body.next === '' ? undefined : String(body.next);
    if (typeof body.next === 'number') {
      addNote(notes, {
        code: 'NEXT_NUMBER',
        message: `The server's next is the JSON number ${body.next}, not a string as the spec says; it is sent back as ${next}.`,
        where: res.url,
      });
    }
    if (next !== undefined && !more) {
      addNote(notes, {
        code: 'NEXT_WITHOUT_MORE',
        message: 'The server sent a next token without more: true; there are no further pages.',
        where: res.url,
      });
    }
    if (sent.limit !== undefined && body.items.length > sent.limit) {
      addNote(notes, {
        code: 'LIMIT_EXCEEDED',
        message: `The server sent ${body.items.length} items although limit was ${sent.limit} (the spec forbids more); all were kept.`,
        where: res.url,
      });
    }
    return {
      items: body.items,
      more,
      ...(more && next !== undefined ? { next } : {}),
      ...this.dateHeaders(res, notes, res.url),
      notes,
      url: res.url,
    };
  }

  /** What the client learned the API root of `url` refuses. */
  private learned(url: URL | string): Learned {
    const root = apiRootOf(url);
    let l = this.refusals.get(root);
    if (!l) {
      l = { refused: new Set() };
      this.refusals.set(root, l);
    }
    return l;
  }

  /**
   * One 2.1 page, tolerant of what servers refuse: a 400 naming a filter
   * (`match[spec_version]`, say) → asked again without it, the items filtered here where that can
   * be judged per item; a 400 about `limit`, or any 400 to a request with a limit and no `next`
   * → the limit halved and tried again. What was learned is kept for the API root (so it is not
   * asked again) and noted on every page it affects. A 400 to a `next` is the walk's business.
   */
  private async tolerantPage21<T>(
    url: URL,
    filters: TaxiiFilters,
    opts: CallOptions,
    resource: string,
    kind: ItemKind,
    itemsOf: (data: unknown, at: string) => { items: T[]; more?: boolean; next?: string | number },
  ): Promise<FetchedPage<T>> {
    const learned = this.learned(url);
    const asked = filters.limit ?? DEFAULT_PAGE_SIZE;
    let blind = 0;
    for (;;) {
      const limit = Math.min(asked, learned.maxLimit ?? asked);
      const sent: TaxiiFilters = { ...withoutRefused(filters, learned.refused), limit };
      let page: FetchedPage<T>;
      try {
        page = await this.page21(url, sent, opts, resource, itemsOf);
      } catch (err) {
        if (!isAppError(err) || err.wire.status !== 400 || sent.next !== undefined) throw err;
        const text = errorText(err);
        const culprit = refusedFilter(text, sent);
        if (culprit) {
          learned.refused.add(culprit);
          continue;
        }
        const aboutLimit = /\blimit\b/i.test(text);
        if (limit > 1 && (aboutLimit || blind < MAX_BLIND_HALVINGS)) {
          const before = learned.maxLimit;
          learned.maxLimit = Math.max(1, Math.floor(limit / 2));
          if (!aboutLimit) {
            blind++;
            if (blind === MAX_BLIND_HALVINGS || learned.maxLimit === 1) {
              // Halving did not help: the 400 was about something else. Forget the guess.
              if (before === undefined) delete learned.maxLimit;
              else learned.maxLimit = before;
              throw err;
            }
          }
          continue;
        }
        throw err;
      }
      if (limit < asked) {
        addNote(page.notes, {
          code: 'LIMIT_REDUCED',
          message: `The server refused limit=${asked} (400); pages are asked with limit=${limit} instead.`,
          where: page.url,
        });
      }
      const dropped = [...learned.refused].filter((r) =>
        r.startsWith('match:')
          ? filters.match?.[r.slice('match:'.length)] !== undefined
          : filters[r as LocalFilterKey] !== undefined,
      );
      if (dropped.length > 0) {
        const local = dropped.filter(isLocalFilterKey);
        const keep = localPredicate(filters, local, kind) as ((item: T) => boolean) | undefined;
        const names = dropped
          .map((r) => (isLocalFilterKey(r) ? FILTER_NAMES[r] : `match[${r.slice(6)}]`))
          .join(', ');
        addNote(page.notes, {
          code: 'FILTER_REJECTED',
          message: keep
            ? `The server refused ${names} (400), so it was left out of the request and the items were filtered here instead.`
            : `The server refused ${names} (400), so it was left out of the request; these results are not filtered by it.`,
          where: page.url,
        });
        if (keep) page.keep = keep;
      }
      return page;
    }
  }

  /**
   * The collections of an API root, kept per client (for resolving aliases and checking ids).
   * Undefined when they cannot be listed (no permission, not TAXII 2.1…).
   */
  private async knownCollections(
    root: string,
    opts: CallOptions,
  ): Promise<Collection[] | undefined> {
    if (this.collectionLists.has(root)) return this.collectionLists.get(root);
    let list: Collection[] | undefined;
    try {
      list = (await this.collections(root, opts)).value;
    } catch (err) {
      if (isAppError(err, 'CANCELLED')) throw err;
      list = undefined;
    }
    this.collectionLists.set(root, list);
    return list;
  }

  /**
   * A collection URL whose id is not a UUID may hold an alias (§5.2.1: unique within the API root)
   * rather than the id: when the API root lists a collection with that alias, its id is used
   * (once per client and URL), with a note. Non-UUID ids themselves (MITRE's) are left alone.
   */
  private async resolveCollection(
    url: URL,
    opts: CallOptions,
  ): Promise<{ url: URL; notes: QuirkNote[] }> {
    const m = /^(.*\/collections\/)([^/]+)\/$/.exec(url.pathname);
    const segment = m ? decodeURIComponent(m[2] as string) : undefined;
    if (!m || segment === undefined || UUID_RE.test(segment)) return { url, notes: [] };
    const cached = this.aliases.get(url.href);
    if (cached) return { url: new URL(cached.href), notes: [cached.note] };
    if (cached === null) return { url, notes: [] };
    const list = await this.knownCollections(apiRootOf(url), opts);
    const hit =
      list && !list.some((c) => c.id === segment)
        ? list.find((c) => c.alias === segment)
        : undefined;
    if (!hit) {
      this.aliases.set(url.href, null);
      return { url, notes: [] };
    }
    const target = childUrl(new URL(m[1] as string, url), hit.id);
    const note: QuirkNote = {
      code: 'COLLECTION_ALIAS',
      message: `"${segment}" is the alias of collection ${hit.id} (“${hit.title}”); its id is used in requests.`,
      where: this.http.safe(url),
    };
    this.aliases.set(url.href, { href: target.href, note });
    return { url: target, notes: [note] };
  }

  private async prepare(
    url: string,
    what: string,
    endpoint: FilterEndpoint,
    filters: TaxiiFilters,
    opts: CallOptions,
  ): Promise<{ url: URL; version: TaxiiVersion; notes: QuirkNote[] }> {
    const given = normaliseUrl(url, what);
    const version = await this.versionFor(given, opts);
    checkFilters(filters, endpoint, version);
    const resolved =
      version === '2.1' ? await this.resolveCollection(given, opts) : { url: given, notes: [] };
    return { url: resolved.url, version, notes: resolved.notes };
  }

  private objectsFetcher(
    url: URL,
    version: TaxiiVersion,
    opts: CallOptions,
    extra: QuirkNote[],
  ): PageFetcher<StixObject> {
    const target = childUrl(url, 'objects');
    return withNotes(extra, (filters, signal) =>
      version === '2.1'
        ? this.tolerantPage21(
            target,
            filters,
            { ...opts, signal },
            'envelope',
            'object',
            (data, at) => {
              const env = parseResource(envelopeSchema, data, { resource: 'envelope', url: at });
              return { items: env.objects ?? [], more: env.more, next: env.next };
            },
          )
        : this.rangePage(
            target,
            filtersToQuery(filters, false),
            filters,
            { ...opts, signal },
            'bundle',
            MEDIA_TYPES.stix20,
            (data, at) =>
              parseResource(bundleSchema, data, { resource: 'STIX bundle', url: at }).objects ?? [],
          ),
    );
  }

  /** One page of a collection's objects (GET `…/objects/`) with any filters. */
  async objects(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'objects',
      filters,
      opts,
    );
    return settlePage(
      await this.objectsFetcher(url, version, opts, notes)(filters, signalOf(opts)),
    );
  }

  /**
   * Every page of a collection's objects, as they arrive (see ./paging.ts). Pages hold
   * `filters.limit` items at most (default 1000; servers may cap lower). With a page cache
   * (`useCache`), pages already fetched come from disk and a cancelled walk continues.
   */
  async *objectPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    const f = { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE };
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'objects',
      f,
      opts,
    );
    yield* this.walk('objects', url, version, f, objectKey, opts, (o) =>
      walkPages(this.objectsFetcher(url, version, opts, notes), f, objectKey, o, {
        endpoint: 'objects',
        url: this.http.safe(url),
      }),
    );
  }

  /** A walk, through the page cache when the client has one and the caller did not opt out. */
  private walk<T>(
    endpoint: WalkEndpoint,
    url: URL,
    version: TaxiiVersion,
    filters: TaxiiFilters,
    keyOf: (item: T) => string,
    opts: PageWalkOptions,
    live: (o: PageWalkOptions) => AsyncGenerator<Page<T>, void, undefined>,
  ): AsyncGenerator<Page<T>, void, undefined> {
    const cache = this.cache;
    if (!cache || opts.cache === 'off' || opts.resume) return live(opts);
    const scope = cache.scope(this.cacheIdentity(url));
    return cachedWalk(
      scope,
      { endpoint, url: this.http.safe(url), filters, version },
      (resume, maxPages) =>
        live({
          ...opts,
          checkpoints: true,
          ...(resume ? { resume } : {}),
          ...(maxPages !== undefined ? { maxPages } : {}),
        }),
      {
        refresh: opts.cache === 'refresh',
        keepCheckpoints: opts.checkpoints === true,
        keyOf,
        ...(opts.maxPages !== undefined ? { maxPages: opts.maxPages } : {}),
      },
    );
  }

  /** Who this connection is, for the page cache: origins, auth kind and user name, never a secret. */
  private cacheIdentity(url: URL): CacheIdentity {
    const auth = this.options.auth ?? { kind: 'none' as const };
    return {
      ...(this.connectionKey !== undefined ? { connection: this.connectionKey } : {}),
      origins: this.http.credentialOrigins.length ? this.http.credentialOrigins : [url.origin],
      auth: auth.kind,
      ...(auth.kind === 'basic' ? { user: auth.username } : {}),
      ...(auth.kind === 'header' ? { user: auth.name.toLowerCase() } : {}),
    };
  }

  /**
   * Drops this connection's cached pages of one collection (objects, manifest, object, versions).
   * Called after every write to it, so a reopened view never shows what was deleted or misses
   * what was added. Cache trouble never fails the write that triggered it.
   */
  async forgetCachedPages(collectionUrl: string): Promise<void> {
    const cache = this.cache;
    if (!cache) return;
    const url = normaliseUrl(collectionUrl, 'collection URL');
    await cache
      .scope(this.cacheIdentity(url))
      .invalidateUnder(this.http.safe(url))
      .catch(() => 0);
  }

  /**
   * Keeps fetched pages on disk (`PageCache` of ../page-cache), per connection and filters, so
   * reopening a collection costs no requests. `connectionKey` (a profile id) tells apart
   * connections to one server with different credentials; secrets never enter the cache.
   */
  useCache(cache: PageCache | undefined, connectionKey?: string): void {
    this.cache = cache;
    this.connectionKey = connectionKey;
  }

  private manifestFetcher(
    url: URL,
    version: TaxiiVersion,
    opts: CallOptions,
    extra: QuirkNote[] = [],
  ): PageFetcher<ManifestRecord> {
    const target = childUrl(url, 'manifest');
    return withNotes(extra, (filters, signal) =>
      version === '2.1'
        ? this.tolerantPage21(
            target,
            filters,
            { ...opts, signal },
            'manifest resource',
            'manifest-record',
            (data, at) => {
              const m = parseResource(manifest21Schema, data, {
                resource: 'manifest resource',
                url: at,
              });
              return { items: (m.objects ?? []) as ManifestRecord[], more: m.more, next: m.next };
            },
          )
        : this.rangePage(
            target,
            filtersToQuery(filters, false),
            filters,
            { ...opts, signal },
            'manifest resource',
            ACCEPT['2.0'],
            (data, at) =>
              manifestEntriesToRecords(
                parseResource(manifest20Schema, data, { resource: 'manifest resource', url: at })
                  .objects ?? [],
              ),
          ),
    );
  }

  /** One page of a collection's manifest: one record per object version (2.0 entries are expanded). */
  async manifest(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<ManifestRecord>> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'manifest',
      filters,
      opts,
    );
    return settlePage(
      await this.manifestFetcher(url, version, opts, notes)(filters, signalOf(opts)),
    );
  }

  /** Every page of a collection's manifest (through the page cache, like `objectPages`). */
  async *manifestPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<ManifestRecord>, void, undefined> {
    const f = { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE };
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'manifest',
      f,
      opts,
    );
    yield* this.walk('manifest', url, version, f, recordKey, opts, (o) =>
      walkPages(this.manifestFetcher(url, version, opts, notes), f, recordKey, o, {
        endpoint: 'manifest',
        url: this.http.safe(url),
      }),
    );
  }

  private objectFetcher(
    url: URL,
    objectId: string,
    version: TaxiiVersion,
    opts: CallOptions,
    extra: QuirkNote[],
  ): PageFetcher<StixObject> {
    const target = childUrl(url, 'objects', objectId);
    return withNotes(extra, async (filters, signal) => {
      if (version === '2.1') {
        return this.tolerantPage21(
          target,
          filters,
          { ...opts, signal },
          'envelope',
          'object',
          (data, at) => {
            const env = parseResource(envelopeSchema, data, { resource: 'envelope', url: at });
            return { items: env.objects ?? [], more: env.more, next: env.next };
          },
        );
      }
      const notes: QuirkNote[] = [];
      const { res, data } = await this.get(
        withQuery(target, filtersToQuery(filters, false)),
        { resource: 'STIX bundle', version: '2.0', accept: MEDIA_TYPES.stix20 },
        { ...opts, signal },
        notes,
      );
      const items =
        parseResource(bundleSchema, data, { resource: 'STIX bundle', url: res.url }).objects ?? [];
      return { items, more: false, ...this.dateHeaders(res, notes, res.url), notes, url: res.url };
    });
  }

  /** One object by id (GET `…/objects/{id}/`): the versions the filters select (default: latest). */
  async object(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'object',
      filters,
      opts,
    );
    return settlePage(
      await this.objectFetcher(
        url,
        requireId(objectId),
        version,
        opts,
        notes,
      )(filters, signalOf(opts)),
    );
  }

  /** Every page of one object's versions as selected by the filters (e.g. `version: ['all']`). */
  async *objectByIdPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'object',
      filters,
      opts,
    );
    const f =
      version === '2.1' ? { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE } : filters;
    const id = requireId(objectId);
    yield* walkPages(this.objectFetcher(url, id, version, opts, notes), f, objectKey, opts, {
      endpoint: 'object',
      url: this.http.safe(childUrl(url, 'objects', id)),
    });
  }

  private versionsFetcher(
    url: URL,
    objectId: string,
    version: TaxiiVersion,
    opts: CallOptions,
    extra: QuirkNote[],
  ): PageFetcher<string> {
    if (version === '2.1') {
      const target = childUrl(url, 'objects', objectId, 'versions');
      return withNotes(extra, (filters, signal) =>
        this.tolerantPage21(
          target,
          filters,
          { ...opts, signal },
          'versions resource',
          'version',
          (data, at) => {
            const v = parseResource(versionsSchema, data, {
              resource: 'versions resource',
              url: at,
            });
            return { items: v.versions ?? [], more: v.more, next: v.next };
          },
        ),
      );
    }
    // TAXII 2.0 has no versions endpoint: its manifest entries list them.
    return async (_filters, signal) => {
      const page = await this.manifestFetcher(
        url,
        '2.0',
        opts,
      )({ id: [objectId], version: ['all'] }, signal);
      const records = page.items.filter((r) => r.id === objectId);
      if (records.length === 0) {
        throw new AppError({
          code: 'NOT_FOUND',
          message: `The collection has no object ${objectId}.`,
          hint: 'Check the id; TAXII 2.0 servers list versions in the manifest, and this one lists none for it.',
          where: page.url,
          status: 404,
        });
      }
      const { keep: _keep, next: _next, range: _range, ...rest } = page;
      return {
        ...rest,
        items: records.flatMap((r) => (r.version ? [r.version] : [])),
        more: false,
      };
    };
  }

  /** One page of an object's versions (`modified` values). On 2.0, read from the manifest. */
  async versions(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<string>> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'versions',
      filters,
      opts,
    );
    return settlePage(
      await this.versionsFetcher(
        url,
        requireId(objectId),
        version,
        opts,
        notes,
      )(filters, signalOf(opts)),
    );
  }

  /** Every page of an object's versions. */
  async *versionPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<string>, void, undefined> {
    const { url, version, notes } = await this.prepare(
      collectionUrl,
      'collection URL',
      'versions',
      filters,
      opts,
    );
    const f =
      version === '2.1' ? { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE } : filters;
    const id = requireId(objectId);
    yield* walkPages(this.versionsFetcher(url, id, version, opts, notes), f, (v) => v, opts, {
      endpoint: 'versions',
      url: this.http.safe(childUrl(url, 'objects', id, 'versions')),
    });
  }

  // ------------------------------------------------------------------ writing

  /**
   * DELETE one object's versions (2.1 only). `filters.version` is required, never defaulted:
   * servers differ on what a bare DELETE removes (TAXII 2.1 §5.7).
   */
  async deleteObject(
    collectionUrl: string,
    objectId: string,
    filters: Pick<TaxiiFilters, 'version' | 'specVersion'>,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<null>> {
    // Before the filters are checked: on 2.0 any match[version] is "not allowed", which would
    // hide the real reason.
    const given = normaliseUrl(collectionUrl, 'collection URL');
    if ((await this.versionFor(given, opts)) === '2.0') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message:
          'TAXII 2.0 has no way to delete objects; this collection is on a TAXII 2.0 server.',
        hint: 'Deleting needs a TAXII 2.1 server.',
        where: this.http.safe(given),
      });
    }
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'delete',
      filters,
      opts,
    );
    if (!filters.version || filters.version.length === 0) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message:
          'Say which versions to delete (match[version]): all, first, last or exact versions.',
        hint: 'Servers differ on what a DELETE without it removes, so Taxiway always sends it.',
        where: 'match[version]',
      });
    }
    const target = childUrl(url, 'objects', requireId(objectId));
    const href = withQuery(
      target,
      filtersToQuery({ version: filters.version, specVersion: filters.specVersion }),
    );
    const res = await this.http.request(href, {
      method: 'DELETE',
      headers: { accept: ACCEPT['2.1'] },
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      ...(opts.onWait ? { onWait: opts.onWait } : {}),
    });
    checkStatus(res, {
      resource: 'answer',
      version,
      accept: ACCEPT['2.1'],
      sentCredentials: this.http.sendsCredentialsTo(href),
    });
    await this.forgetCachedPages(collectionUrl);
    return { value: null, version, url: res.url, notes: [] };
  }

  /**
   * POST one request body of objects to a collection: `body` is the exact JSON text (an envelope
   * for 2.1, a bundle for 2.0, see ./publish.ts) so its byte length is known before sending.
   * Returns the status the server created (202; 200 tolerated with a note).
   */
  async postObjects(
    collectionUrl: string,
    body: string,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<Status>> {
    const url = normaliseUrl(collectionUrl, 'collection URL');
    const version = await this.versionFor(url, opts);
    const target = childUrl(url, 'objects');
    const contentType = version === '2.1' ? MEDIA_TYPES.taxii21 : MEDIA_TYPES.stix20;
    const res = await this.http.request(target.href, {
      method: 'POST',
      headers: { accept: ACCEPT[version], 'content-type': contentType },
      body,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      ...(opts.onWait ? { onWait: opts.onWait } : {}),
    });
    const notes: QuirkNote[] = [];
    const exp: Expectation = {
      resource: 'status resource',
      version,
      accept: ACCEPT[version],
      contentType,
      ok: [202],
    };
    const data = this.read(res, exp, notes, target.href);
    await this.forgetCachedPages(collectionUrl);
    if (res.status !== 202) {
      addNote(notes, {
        code: 'POST_STATUS_200',
        message: `The server answered the upload with ${res.status} instead of 202 Accepted.`,
        where: res.url,
      });
    }
    const wire = parseResource(statusWireSchema, data, {
      resource: 'status resource',
      url: res.url,
    });
    return { value: normaliseStatus(wire, notes, res.url), version, url: res.url, notes };
  }

  /** A status resource (`{api-root}status/{id}/`); `apiRootUrl` may also be a collection URL. */
  async status(
    apiRootUrl: string,
    statusId: string,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<Status>> {
    const root = apiRootOf(normaliseUrl(apiRootUrl, 'API root URL'));
    const version = await this.versionFor(root, opts);
    const notes: QuirkNote[] = [];
    const url = childUrl(root, 'status', requireId(statusId, 'status id'));
    const { res, data } = await this.get(
      url.href,
      { resource: 'status resource', version, accept: ACCEPT[version] },
      opts,
      notes,
    );
    const wire = parseResource(statusWireSchema, data, {
      resource: 'status resource',
      url: res.url,
    });
    return { value: normaliseStatus(wire, notes, res.url), version, url: res.url, notes };
  }
}

/** Collection ids are UUIDs by the spec (identifier, §2); anything else may be an alias. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Blind halvings of `limit` tried for a 400 that does not say what it is about. */
const MAX_BLIND_HALVINGS = 6;

function signalOf(opts: CallOptions): AbortSignal {
  return opts.signal ?? new AbortController().signal;
}

/** A fetcher whose pages carry `extra` notes too (e.g. how the collection URL was resolved). */
function withNotes<T>(extra: QuirkNote[], fetcher: PageFetcher<T>): PageFetcher<T> {
  if (extra.length === 0) return fetcher;
  return async (filters, signal) => {
    const page = await fetcher(filters, signal);
    for (const n of extra) addNote(page.notes, n);
    return page;
  };
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

function requireId(id: string, what = 'object id'): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The ${what} is empty.`,
      hint: `Give the ${what}, e.g. indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f.`,
    });
  }
  return id.trim();
}

/** A fresh `bundle--<uuid>` id. */
export function newBundleId(): string {
  return `bundle--${randomUUID()}`;
}
