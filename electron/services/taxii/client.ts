/**
 * The TAXII 2.1/2.0 client: every operation of both versions (digest §2), one model for results.
 *
 * Version: forced by `ConnectionOptions.taxiiVersion`, else detected per API root (digest §4.3:
 * GET the root with the 2.1 Accept, fall back to 2.0 on 406/404/415 or a 2.0 answer) and pinned
 * for that root. Discovery tries `/taxii2/` then `/taxii/` (./discovery.ts). Every answer is
 * checked against its resource schema (unknown properties kept); oddities become quirk notes on
 * the result. The paged endpoints of a collection are one table (./endpoints.ts) behind one page
 * and one walk; 2.1 pages are in ./page-21.ts, 2.0 ranges in ./range-page.ts.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  checkFilters,
  filtersToQuery,
  type FilterEndpoint,
  type TaxiiFilters,
} from '../../../shared/taxii/filters';
import { MEDIA_TYPES, type TaxiiVersion } from '../../../shared/taxii/media-types';
import type { WalkEndpoint } from '../../../shared/taxii/checkpoint';
import { normaliseStatus } from '../../../shared/taxii/normalise';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { WaitNotice } from '../../../shared/taxii/waits';
import type { Page } from '../../../shared/taxii/page';
import {
  collectionSchema,
  collectionsSchema,
  statusWireSchema,
  type ApiRoot,
  type Collection,
  type ManifestRecord,
  type Status,
  type StixObject,
} from '../../../shared/taxii/resources';
import { parseResource } from '../../../shared/taxii/validate';
import { CollectionAliases } from './collection-aliases';
import { cachedWalk, type CacheIdentity, type PageCache } from '../page-cache';
import {
  detectApiRoot,
  discover,
  type DiscoveryInfo,
  type RootState,
  type RootsContext,
} from './discovery';
import {
  ENDPOINTS,
  endpointUrl,
  fetcherFor,
  pagesOn,
  type Endpoint,
  type PageSource,
} from './endpoints';
import {
  ACCEPT,
  DEFAULT_PAGE_SIZE,
  Exchange,
  requestFor,
  type CallOptions,
  type TaxiiResult,
} from './exchange';
import { HttpEngine, type EngineInternals } from './http';
import type { ConnectionOptions } from './options';
import type { Learned } from './page-21';
import { settlePage, walkPages, type WalkOptions } from './paging';
import { rangePage } from './range-page';
import { checkStatus, type Expectation } from './responses';
import { apiRootOf, childUrl, normaliseUrl, withQuery } from './urls';

export { DEFAULT_PAGE_SIZE } from './exchange';
export type { CallOptions, TaxiiResult } from './exchange';
export type { DiscoveryInfo } from './discovery';
export { parseContentRange } from './range-page';

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

/** A TAXII client for one connection. Create one per server/profile; `close()` it when done. */
export class TaxiiClient {
  /** The request engine (exposed for callers that need raw exchanges, e.g. a conformance probe). */
  readonly http: HttpEngine;
  private readonly ex: Exchange;
  private readonly forced: TaxiiVersion | undefined;
  private readonly roots = new Map<string, RootState>();
  private readonly options: ConnectionOptions;
  /** Per API root: what the server refused (limits, filters). */
  private readonly refusals = new Map<string, Learned>();
  /** Collection aliases resolved to ids, from the API roots' collection lists. */
  private readonly aliases: CollectionAliases;
  /** What the endpoint fetchers use of this client. */
  private readonly source: PageSource;
  /** What discovery and version detection use of this client. */
  private readonly known: RootsContext;
  private cache: PageCache | undefined;
  private connectionKey: string | undefined;

  constructor(options: ConnectionOptions = {}, internals: EngineInternals = {}) {
    this.options = options;
    this.http = new HttpEngine(options, internals);
    this.ex = new Exchange(this.http);
    this.forced =
      options.taxiiVersion === '2.0' || options.taxiiVersion === '2.1'
        ? options.taxiiVersion
        : undefined;
    this.aliases = new CollectionAliases(this.http, async (root, opts) => {
      return (await this.collections(root, opts)).value;
    });
    this.known = { ex: this.ex, forced: this.forced, roots: this.roots };
    this.source = {
      ex: this.ex,
      learned: (url) => this.learned(url),
      rangeState: (url) => this.roots.get(apiRootOf(url)),
    };
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.http.close();
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
  discover(
    url: string,
    opts: CallOptions & { version?: TaxiiVersion } = {},
  ): Promise<TaxiiResult<DiscoveryInfo>> {
    return discover(this.known, url, opts);
  }

  /**
   * API root information. Also detects and pins the root's TAXII version: 2.1 Accept first, then
   * 2.0 on 406, 404, 415 or a non-TAXII answer; `versions` confirms (2.1 preferred when both).
   */
  apiRoot(url: string, opts: CallOptions = {}): Promise<TaxiiResult<ApiRoot>> {
    return detectApiRoot(this.known, url, opts);
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
      const { res, value } = await this.ex.resource(
        url.href,
        collectionsSchema,
        'collections resource',
        version,
        opts,
        notes,
      );
      return { value: value.collections ?? [], version, url: res.url, notes };
    }
    const all: Collection[] = [];
    const notes: QuirkNote[] = [];
    const fetchPage = (filters: TaxiiFilters, signal: AbortSignal): Promise<Page<Collection>> =>
      rangePage(
        this.ex,
        this.roots.get(apiRootOf(url)),
        {
          url,
          query: '',
          filters,
          resource: 'collections resource',
          accept: ACCEPT['2.0'],
          itemsOf: (data, at) =>
            parseResource(collectionsSchema, data, { resource: 'collections resource', url: at })
              .collections ?? [],
        },
        { ...opts, signal },
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
      version === '2.1' ? await this.aliases.resolve(given, opts) : { url: given, notes: [] };
    const { res, value } = await this.ex.resource(
      url.href,
      collectionSchema,
      'collection resource',
      version,
      opts,
      notes,
    );
    return { value, version, url: res.url, notes };
  }

  // ------------------------------------------------------------------ pages

  /** One page of a collection's objects (GET `…/objects/`) with any filters. */
  objects(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    return this.page(ENDPOINTS.objects, collectionUrl, undefined, filters, opts);
  }

  /**
   * Every page of a collection's objects, as they arrive (see ./paging.ts). Pages hold
   * `filters.limit` items at most (default 1000; servers may cap lower). With a page cache
   * (`useCache`), pages already fetched come from disk and a cancelled walk continues.
   */
  objectPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    return this.pages(ENDPOINTS.objects, collectionUrl, undefined, filters, opts);
  }

  /** One page of a collection's manifest: one record per object version (2.0 entries are expanded). */
  manifest(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<ManifestRecord>> {
    return this.page(ENDPOINTS.manifest, collectionUrl, undefined, filters, opts);
  }

  /** Every page of a collection's manifest (through the page cache, like `objectPages`). */
  manifestPages(
    collectionUrl: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<ManifestRecord>, void, undefined> {
    return this.pages(ENDPOINTS.manifest, collectionUrl, undefined, filters, opts);
  }

  /** One object by id (GET `…/objects/{id}/`): the versions the filters select (default: latest). */
  object(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<StixObject>> {
    return this.page(ENDPOINTS.object, collectionUrl, objectId, filters, opts);
  }

  /** Every page of one object's versions as selected by the filters (e.g. `version: ['all']`). */
  objectByIdPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<StixObject>, void, undefined> {
    return this.pages(ENDPOINTS.object, collectionUrl, objectId, filters, opts);
  }

  /** One page of an object's versions (`modified` values). On 2.0, read from the manifest. */
  versions(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: CallOptions = {},
  ): Promise<Page<string>> {
    return this.page(ENDPOINTS.versions, collectionUrl, objectId, filters, opts);
  }

  /** Every page of an object's versions. */
  versionPages(
    collectionUrl: string,
    objectId: string,
    filters: TaxiiFilters = {},
    opts: PageWalkOptions = {},
  ): AsyncGenerator<Page<string>, void, undefined> {
    return this.pages(ENDPOINTS.versions, collectionUrl, objectId, filters, opts);
  }

  /** One page of `ep` (`objectId` for the per-object endpoints), items the server could not filter dropped. */
  private async page<T>(
    ep: Endpoint<T>,
    collectionUrl: string,
    objectId: string | undefined,
    filters: TaxiiFilters,
    opts: CallOptions,
  ): Promise<Page<T>> {
    const { url, version, notes } = await this.prepare(collectionUrl, ep.name, filters, opts);
    const id = objectId === undefined ? '' : requireId(objectId);
    const fetch = fetcherFor(this.source, ep, url, id, version, opts, notes);
    return settlePage(await fetch(filters, signalOf(opts)));
  }

  /**
   * Every page of `ep`, as they arrive (./paging.ts); where it pages, with an explicit `limit`
   * (default 1000). Whole-collection walks go through the page cache (`walk`).
   */
  private async *pages<T>(
    ep: Endpoint<T>,
    collectionUrl: string,
    objectId: string | undefined,
    filters: TaxiiFilters,
    opts: PageWalkOptions,
  ): AsyncGenerator<Page<T>, void, undefined> {
    const { url, version, notes } = await this.prepare(collectionUrl, ep.name, filters, opts);
    const f = pagesOn(ep, version)
      ? { ...filters, limit: filters.limit ?? DEFAULT_PAGE_SIZE }
      : filters;
    const id = objectId === undefined ? '' : requireId(objectId);
    const fetch = fetcherFor(this.source, ep, url, id, version, opts, notes);
    const named = this.http.safe(ep.cached ? url : endpointUrl(ep, url, id));
    const live = (o: PageWalkOptions): AsyncGenerator<Page<T>, void, undefined> =>
      walkPages(fetch, f, ep.keyOf, o, { endpoint: ep.name, url: named });
    yield* ep.cached ? this.walk(ep.name, url, version, f, ep.keyOf, opts, live) : live(opts);
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

  /** The collection URL checked (alias resolved), its version, and `filters` checked for `endpoint`. */
  private async prepare(
    url: string,
    endpoint: FilterEndpoint,
    filters: TaxiiFilters,
    opts: CallOptions,
  ): Promise<{ url: URL; version: TaxiiVersion; notes: QuirkNote[] }> {
    const given = normaliseUrl(url, 'collection URL');
    const version = await this.versionFor(given, opts);
    checkFilters(filters, endpoint, version);
    const resolved =
      version === '2.1' ? await this.aliases.resolve(given, opts) : { url: given, notes: [] };
    return { url: resolved.url, version, notes: resolved.notes };
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
    const { url, version } = await this.prepare(collectionUrl, 'delete', filters, opts);
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
    const res = await this.http.request(
      href,
      requestFor(opts, { method: 'DELETE', headers: { accept: ACCEPT['2.1'] } }),
    );
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
    const res = await this.http.request(
      target.href,
      requestFor(opts, {
        method: 'POST',
        headers: { accept: ACCEPT[version], 'content-type': contentType },
        body,
      }),
    );
    const notes: QuirkNote[] = [];
    const exp: Expectation = {
      resource: 'status resource',
      version,
      accept: ACCEPT[version],
      contentType,
      ok: [202],
    };
    const data = this.ex.read(res, exp, notes, target.href);
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
    const { res, value: wire } = await this.ex.resource(
      url.href,
      statusWireSchema,
      'status resource',
      version,
      opts,
      notes,
    );
    return { value: normaliseStatus(wire, notes, res.url), version, url: res.url, notes };
  }
}

function signalOf(opts: CallOptions): AbortSignal {
  return opts.signal ?? new AbortController().signal;
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
