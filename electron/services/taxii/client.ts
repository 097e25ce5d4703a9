/**
 * The TAXII 2.1/2.0 client: every operation of both versions (digest §2), one model for results.
 *
 * Version: forced by `ConnectionOptions.taxiiVersion`, else detected per API root (digest §4.3:
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
import { manifestEntriesToRecords, normaliseStatus } from '../../../shared/taxii/normalise';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
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
import { walkPages, type WalkOptions } from './paging';
import { safeUrl } from './redact';
import { checkStatus, readTaxiiJson, type Expectation } from './responses';
import { apiRootOf, childUrl, normaliseUrl, resolveApiRoot, withQuery } from './urls';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this call's requests, ms. */
  timeoutMs?: number;
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
}

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

  constructor(options: ConnectionOptions = {}, internals: EngineInternals = {}) {
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
    });
    const data = readTaxiiJson(
      res,
      { ...exp, sentCredentials: this.http.sendsCredentialsTo(url) },
      notes,
    );
    return { res, data };
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
   */
  async discover(
    url: string,
    opts: CallOptions & { version?: TaxiiVersion } = {},
  ): Promise<TaxiiResult<DiscoveryInfo>> {
    const given = normaliseUrl(url, 'discovery URL');
    const forced = opts.version ?? this.forced;
    const candidates: { url: URL; version: TaxiiVersion }[] = [];
    if (given.pathname === '/') {
      candidates.push(
        { url: new URL('/taxii2/', given), version: '2.1' },
        { url: new URL('/taxii/', given), version: '2.0' },
      );
    } else {
      const first: TaxiiVersion = /\/taxii\/$/.test(given.pathname) ? '2.0' : '2.1';
      const second: TaxiiVersion = first === '2.1' ? '2.0' : '2.1';
      candidates.push({ url: given, version: first }, { url: given, version: second });
    }
    const tries = forced ? candidates.filter((c) => c.version === forced) : candidates;
    let firstError: AppError | undefined;
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
        const discovery = parseResource(discoverySchema, data, {
          resource: 'discovery resource',
          url: res.url,
        });
        let version = candidate.version;
        const labelled = taxiiVersionOf(res.headers['content-type']);
        if (!forced && labelled && labelled !== version) version = labelled;
        if (forced && !opts.version && this.forced) {
          addNote(notes, {
            code: 'VERSION_OVERRIDDEN',
            message: `TAXII ${forced} was forced by the connection settings.`,
            where: res.url,
          });
        }
        const base = new URL(res.url);
        const apiRoots: string[] = [];
        for (const raw of discovery.api_roots ?? []) {
          const resolved = resolveApiRoot(raw, base, notes);
          if (resolved && !apiRoots.includes(resolved)) apiRoots.push(resolved);
        }
        let def: string | undefined;
        if (discovery.default !== undefined) {
          def = resolveApiRoot(discovery.default, base, notes);
          if (def && !apiRoots.includes(def)) {
            addNote(notes, {
              code: 'DEFAULT_NOT_LISTED',
              message: `The default API root ${safeUrl(def)} is not among api_roots (the spec requires it to be).`,
              where: res.url,
            });
          }
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
      }
    }
    throw firstError ?? new AppError({ code: 'INTERNAL', message: 'No discovery URL was tried.' });
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
        let detected = version;
        if (!this.forced) {
          const claims = (v: TaxiiVersion): boolean =>
            apiRoot.versions.some(
              (x) =>
                x.replace(/\s+/g, '') === API_ROOT_VERSION_VALUES[v] || taxiiVersionOf(x) === v,
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

  /** One collection's information. */
  async collection(
    collectionUrl: string,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<Collection>> {
    const url = normaliseUrl(collectionUrl, 'collection URL');
    const version = await this.versionFor(url, opts);
    const notes: QuirkNote[] = [];
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
    const data = readTaxiiJson(
      res,
      { ...exp, sentCredentials: this.http.sendsCredentialsTo(href) },
      notes,
    );
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
    const { res, data } = await this.get(
      withQuery(url, filtersToQuery(filters)),
      { resource, version: '2.1', accept: ACCEPT['2.1'] },
      opts,
      notes,
    );
    const body = itemsOf(data, res.url);
    const more = body.more === true;
    const next = body.next === undefined || body.next === '' ? undefined : String(body.next);
    if (next !== undefined && !more) {
      addNote(notes, {
        code: 'NEXT_WITHOUT_MORE',
        message: 'The server sent a next token without more: true; there are no further pages.',
        where: res.url,
      });
    }
    if (filters.limit !== undefined && body.items.length > filters.limit) {
      addNote(notes, {
        code: 'LIMIT_EXCEEDED',
        message: `The server sent ${body.items.length} items although limit was ${filters.limit} (the spec forbids more); all were kept.`,
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

  private async prepare(
    url: string,
    what: string,
    endpoint: FilterEndpoint,
    filters: TaxiiFilters,
    opts: CallOptions,
  ): Promise<{ url: URL; version: TaxiiVersion }> {
    const u = normaliseUrl(url, what);
    const version = await this.versionFor(u, opts);
    checkFilters(filters, endpoint, version);
    return { url: u, version };
  }

  private objectsFetcher(
    url: URL,
    version: TaxiiVersion,
    opts: CallOptions,
  ): (f: TaxiiFilters, s: AbortSignal) => Promise<Page<StixObject>> {
    const target = childUrl(url, 'objects');
    return (filters, signal) =>
      version === '2.1'
        ? this.page21(target, filters, { ...opts, signal }, 'envelope', (data, at) => {
            const env = parseResource(envelopeSchema, data, { resource: 'envelope', url: at });
            return { items: env.objects ?? [], more: env.more, next: env.next };
          })
        : this.rangePage(
            target,
            filtersToQuery(filters, false),
            filters,
            { ...opts, signal },
            'bundle',
            MEDIA_TYPES.stix20,
            (data, at) =>
              parseResource(bundleSchema, data, { resource: 'STIX bundle', url: at }).objects ?? [],
          );
  }

  /** One page of a collection's objects (GET `…/objects/`) with any filters. */
  async objects(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'objects',
      filters,
      opts,
    );
    return this.objectsFetcher(
      url,
      version,
      opts,
    )(filters, opts.signal ?? new AbortController().signal);
  }

  /**
   * Every page of a collection's objects, as they arrive (see ./paging.ts). Pages hold
   * `filters.limit` items at most (default 1000; servers may cap lower).
   */
  async *objectPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    const f = { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE };
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'objects',
      f,
      opts,
    );
    yield* walkPages(this.objectsFetcher(url, version, opts), f, objectKey, opts);
  }

  private manifestFetcher(
    url: URL,
    version: TaxiiVersion,
    opts: CallOptions,
  ): (f: TaxiiFilters, s: AbortSignal) => Promise<Page<ManifestRecord>> {
    const target = childUrl(url, 'manifest');
    return (filters, signal) =>
      version === '2.1'
        ? this.page21(target, filters, { ...opts, signal }, 'manifest resource', (data, at) => {
            const m = parseResource(manifest21Schema, data, {
              resource: 'manifest resource',
              url: at,
            });
            return { items: (m.objects ?? []) as ManifestRecord[], more: m.more, next: m.next };
          })
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
          );
  }

  /** One page of a collection's manifest: one record per object version (2.0 entries are expanded). */
  async manifest(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<ManifestRecord>> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'manifest',
      filters,
      opts,
    );
    return this.manifestFetcher(
      url,
      version,
      opts,
    )(filters, opts.signal ?? new AbortController().signal);
  }

  /** Every page of a collection's manifest. */
  async *manifestPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<ManifestRecord>, void, undefined> {
    const f = { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE };
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'manifest',
      f,
      opts,
    );
    yield* walkPages(this.manifestFetcher(url, version, opts), f, recordKey, opts);
  }

  private objectFetcher(
    url: URL,
    objectId: string,
    version: TaxiiVersion,
    opts: CallOptions,
  ): (f: TaxiiFilters, s: AbortSignal) => Promise<Page<StixObject>> {
    const target = childUrl(url, 'objects', objectId);
    return async (filters, signal) => {
      if (version === '2.1') {
        return this.page21(target, filters, { ...opts, signal }, 'envelope', (data, at) => {
          const env = parseResource(envelopeSchema, data, { resource: 'envelope', url: at });
          return { items: env.objects ?? [], more: env.more, next: env.next };
        });
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
    };
  }

  /** One object by id (GET `…/objects/{id}/`): the versions the filters select (default: latest). */
  async object(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'object',
      filters,
      opts,
    );
    return this.objectFetcher(
      url,
      requireId(objectId),
      version,
      opts,
    )(filters, opts.signal ?? new AbortController().signal);
  }

  /** Every page of one object's versions as selected by the filters (e.g. `version: ['all']`). */
  async *objectByIdPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'object',
      filters,
      opts,
    );
    const f =
      version === '2.1' ? { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE } : filters;
    yield* walkPages(
      this.objectFetcher(url, requireId(objectId), version, opts),
      f,
      objectKey,
      opts,
    );
  }

  private versionsFetcher(
    url: URL,
    objectId: string,
    version: TaxiiVersion,
    opts: CallOptions,
  ): (f: TaxiiFilters, s: AbortSignal) => Promise<Page<string>> {
    if (version === '2.1') {
      const target = childUrl(url, 'objects', objectId, 'versions');
      return (filters, signal) =>
        this.page21(target, filters, { ...opts, signal }, 'versions resource', (data, at) => {
          const v = parseResource(versionsSchema, data, { resource: 'versions resource', url: at });
          return { items: v.versions ?? [], more: v.more, next: v.next };
        });
    }
    // TAXII 2.0 has no versions endpoint: its manifest entry lists them (digest §14 item 13).
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
      return {
        ...page,
        items: records.flatMap((r) => (r.version ? [r.version] : [])),
        more: false,
        next: undefined,
        range: undefined,
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
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'versions',
      filters,
      opts,
    );
    return this.versionsFetcher(
      url,
      requireId(objectId),
      version,
      opts,
    )(filters, opts.signal ?? new AbortController().signal);
  }

  /** Every page of an object's versions. */
  async *versionPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<string>, void, undefined> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'versions',
      filters,
      opts,
    );
    const f =
      version === '2.1' ? { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE } : filters;
    yield* walkPages(
      this.versionsFetcher(url, requireId(objectId), version, opts),
      f,
      (v) => v,
      opts,
    );
  }

  // ------------------------------------------------------------------ writing

  /**
   * DELETE one object's versions (2.1 only). `filters.version` is required, never defaulted:
   * servers differ on what a bare DELETE removes (digest §8).
   */
  async deleteObject(
    collectionUrl: string,
    objectId: string,
    filters: Pick<TaxiiFilters, 'version' | 'specVersion'>,
    opts: CallOptions = {},
  ): Promise<TaxiiResult<null>> {
    const { url, version } = await this.prepare(
      collectionUrl,
      'collection URL',
      'delete',
      filters,
      opts,
    );
    if (version === '2.0') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'TAXII 2.0 has no way to delete objects.',
        hint: 'Deleting needs a TAXII 2.1 server.',
        where: safeUrl(url),
      });
    }
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
    });
    checkStatus(res, {
      resource: 'answer',
      version,
      accept: ACCEPT['2.1'],
      sentCredentials: this.http.sendsCredentialsTo(href),
    });
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
    });
    const notes: QuirkNote[] = [];
    const exp: Expectation = {
      resource: 'status resource',
      version,
      accept: ACCEPT[version],
      contentType,
      ok: [202],
      sentCredentials: this.http.sendsCredentialsTo(target.href),
    };
    const data = readTaxiiJson(res, exp, notes);
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
