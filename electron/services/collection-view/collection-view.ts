/**
 * One collection view: walks a collection's objects pages and manifest pages with the client's
 * safe paging (echoed `next`, the `added_after` fallback, tolerance, retries, request budget,
 * the page cache), keeps every object version as a compact row, joins the date added from the
 * manifest, and keeps the full objects where they can be paged back. The walk goes as far as it
 * is asked (a first page, more, all), and stops on cancel by aborting the request in flight.
 *
 * Freshness (./freshness.ts): cached pages (free) are read on, then the server is asked what is
 * new: a walk left unfinished continues live; a finished one is followed by `added_after` the
 * last date added it holds. Only a server answer makes the view `checked`.
 */
import { randomBytes } from 'node:crypto';
import type { ViewFreshnessT, ViewStateT } from '../../../shared/contract/views';
import { AppError, isAppError } from '../../../shared/errors';
import type { WalkCheckpoint } from '../../../shared/taxii/checkpoint';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { QuirkNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import type { ManifestRecord, StixObject } from '../../../shared/taxii/resources';
import type { WaitNotice } from '../../../shared/taxii/waits';
import { apiRootOf, type PageWalkOptions, type TaxiiClient } from '../taxii';
import { CHECKING, checked, expired, later, live, reasonOf, unchecked } from './freshness';
import { tooLarge, type ViewLimits } from './limits';
import { ObjectStore } from './object-store';
import { RowIndex, timeKey } from './row-index';
import { searchText, TextIndex } from './text-index';

/** What a view walks. */
export interface ViewSource {
  client: TaxiiClient;
  collectionUrl: string;
  /** The view's filters (no `limit`, `next`). */
  filters: TaxiiFilters;
  /** Page size asked of the server (the connection's setting). */
  pageSize: number;
  /** Cached pages older than this are refetched, not checked (0: never use them). */
  cacheLifetimeMs: number;
  onWait?: (notice: WaitNotice) => void;
  /** The connection's TAXII version when its profile names one (for reading the cache offline). */
  taxiiVersion?: '2.0' | '2.1';
}

type Walk<T> = AsyncGenerator<Page<T>, void, undefined>;

/** Error codes that mean the server could not be reached at all. */
const OFFLINE = new Set(['NETWORK', 'DNS', 'TIMEOUT', 'PROXY', 'TLS']);

/** Pages asked for in all: a number, or every page. */
type Want = number;

/** One view; see the file comment. */
export class CollectionView {
  readonly id = `view-${randomBytes(12).toString('base64url')}`;
  readonly text: TextIndex;
  readonly store: ObjectStore;
  /** Bumps when rows are added, dates joined, or the rows replaced (a refresh). */
  revision = 0;
  lastUsed = Date.now();
  #index = new RowIndex();

  /** A stop that needs the person: cancelled, or failed past a bound or with nothing to show. */
  #stopped: 'cancelled' | 'failed' | undefined;
  #pages = 0;
  #liveRows = 0;
  #walkStarted = Date.now();
  #walkMs = 0;
  #manifestRecords = 0;
  #manifestDone = false;
  #objectsDone = false;
  #freshness: ViewFreshnessT = live();
  #serverConfirmed = false;
  #error: AppError | undefined;
  readonly #notes = new Map<string, QuirkNote>();
  #version: '2.0' | '2.1' | undefined;

  #controller = new AbortController();
  #objects: Walk<StixObject> | undefined;
  #manifest: Walk<ManifestRecord> | undefined;
  /** Filters of the current walks (the tail of a cached walk adds `added_after`). */
  #objectsFilters: TaxiiFilters;
  #manifestFilters: TaxiiFilters;
  #objectsCheckpoint: WalkCheckpoint | undefined;
  #manifestCheckpoint: WalkCheckpoint | undefined;
  #want: Want = 1;
  #pumping: Promise<void> | undefined;
  #manifestPumping: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  /** When the cached pages shown were stored (undefined: fetched live). */
  #cachedAt: string | undefined;
  /** The server has not yet said what is new since the cached pages. */
  #checking = false;
  #lastFromCache = false;
  /** The last objects page ended its walk (no `more`, or nowhere to continue): read the end now. */
  #lastEnded = false;
  #manifestFromCache = false;
  /** Walking what was added after the cached pages (`added_after`). */
  #inTail = false;
  #tailPages = 0;
  #tailAdded = 0;
  #manifestTail = false;
  /** The latest date added seen on objects pages (X-TAXII-Date-Added-Last) and in the manifest. */
  #objectsHigh: string | undefined;
  #manifestHigh: string | undefined;
  #firstPage = deferred();
  #settled = deferred();
  #closed = false;
  /** The server could not be reached before any page: cached pages were tried without it. */
  #triedOffline = false;

  constructor(
    readonly source: ViewSource,
    private readonly limits: ViewLimits,
    spillDir: string,
    private readonly changed: (view: CollectionView) => void,
  ) {
    this.text = new TextIndex(limits.textBytes);
    this.store = new ObjectStore(spillDir, limits.memoryBytes);
    this.#objectsFilters = { ...source.filters, limit: source.pageSize };
    this.#manifestFilters = { ...source.filters, limit: source.pageSize };
  }

  /** The rows. */
  get index(): RowIndex {
    return this.#index;
  }

  /**
   * Starts the walk: the first page (or everything with `all`), through the page cache unless
   * `refresh`. Resolves once the first page is in and, for cached pages, once the server said what
   * is new or `settleMs` passed (the state then says the check is under way).
   */
  async start(opts: { refresh?: boolean; all?: boolean; settleMs: number }): Promise<void> {
    this.#want = opts.all ? Number.POSITIVE_INFINITY : 1;
    this.#begin(opts.refresh ? 'refresh' : 'use');
    await this.#opened(opts.settleMs);
  }

  /** Walks on: `pages` more pages, or to the end. Nothing to do past a bound. */
  more(pages: number | 'all'): void {
    if (this.#error && isAppError(this.#error, 'TOO_LARGE')) return;
    this.#want = pages === 'all' ? Number.POSITIVE_INFINITY : this.#pages + pages;
    this.#stopped = undefined;
    if ((!this.#objectsDone && !this.#objects) || (!this.#manifestDone && !this.#manifest))
      this.#resume();
    else this.#run();
  }

  /** Stops the walk and aborts the request in flight; the rows loaded stay. */
  cancel(): void {
    if (this.#objectsDone && this.#manifestDone) return;
    this.#stopped = 'cancelled';
    this.#abort();
    this.#changed();
  }

  /** Drops every row and fetches afresh, bypassing the page cache. */
  async refresh(settleMs: number): Promise<void> {
    const all = this.#want === Number.POSITIVE_INFINITY;
    this.#restart('refresh');
    this.#want = all ? Number.POSITIVE_INFINITY : 1;
    await this.#opened(settleMs);
  }

  /** Frees everything; the view cannot be used again. */
  close(): void {
    this.#closed = true;
    this.#abort();
    this.store.close();
    this.text.clear();
  }

  /**
   * The error that stopped the walk before it had any row to show (the first page failed), if
   * any: opening such a view fails with it rather than handing back an empty, failed view.
   */
  get failedFirst(): AppError | undefined {
    return this.#stopped === 'failed' && this.#index.size === 0 && this.#pages === 0
      ? this.#error
      : undefined;
  }

  /** True once the view was closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Where the view stands. */
  state(): ViewStateT {
    const running = this.#pumping !== undefined || this.#manifestPumping !== undefined;
    const elapsed = this.#walkMs + (running ? Date.now() - this.#walkStarted : 0);
    const phase: ViewStateT['phase'] =
      this.#stopped ??
      (this.#objectsDone ? 'complete' : this.#pumping !== undefined ? 'loading' : 'partial');
    return {
      phase,
      objects: this.#index.size,
      pages: this.#pages,
      bytes: this.store.bytes,
      ratePerSecond: elapsed > 0 ? Math.round((this.#liveRows * 1000) / elapsed) : 0,
      manifestRecords: this.#manifestRecords,
      manifestComplete: this.#manifestDone,
      datesPending: this.#index.datesPending,
      freshness: this.#freshness,
      serverConfirmed: this.#serverConfirmed,
      ...(this.#error ? { error: wireOf(this.#error) } : {}),
      pageSize: this.source.pageSize,
      limits: { objects: this.limits.objects, bytes: this.limits.bytes },
      notes: [...this.#notes.values()],
      ...(this.#version ? { taxiiVersion: this.#version } : {}),
    };
  }

  // ------------------------------------------------------------------------------- walking

  async #opened(settleMs: number): Promise<void> {
    await this.#firstPage.promise;
    if (this.#checking) await Promise.race([this.#settled.promise, delay(settleMs)]);
  }

  /** Drops the rows and starts over (a refresh, or cached pages too old or not checkable). */
  #restart(cache: 'refresh'): void {
    this.#abort();
    this.store.close();
    this.text.clear();
    this.#index = new RowIndex();
    this.#stopped = undefined;
    this.#pages = 0;
    this.#liveRows = 0;
    this.#walkMs = 0;
    this.#manifestRecords = 0;
    this.#manifestDone = false;
    this.#objectsDone = false;
    this.#serverConfirmed = false;
    this.#error = undefined;
    this.#notes.clear();
    this.#objectsCheckpoint = undefined;
    this.#manifestCheckpoint = undefined;
    this.#objectsFilters = { ...this.source.filters, limit: this.source.pageSize };
    this.#manifestFilters = { ...this.source.filters, limit: this.source.pageSize };
    this.#cachedAt = undefined;
    this.#checking = false;
    this.#lastFromCache = false;
    this.#lastEnded = false;
    this.#manifestFromCache = false;
    this.#inTail = false;
    this.#tailPages = 0;
    this.#tailAdded = 0;
    this.#manifestTail = false;
    this.#objectsHigh = undefined;
    this.#manifestHigh = undefined;
    this.#freshness = live();
    this.#firstPage = deferred();
    this.#settled = deferred();
    this.revision++;
    this.#begin(cache);
  }

  #options(cache: PageWalkOptions['cache'], resume?: WalkCheckpoint): PageWalkOptions {
    return {
      signal: this.#controller.signal,
      checkpoints: true,
      cache,
      ...(resume ? { resume } : {}),
      ...(this.source.onWait ? { onWait: this.source.onWait } : {}),
    };
  }

  #begin(cache: 'use' | 'refresh'): void {
    const c = this.source.client;
    const url = this.source.collectionUrl;
    // A lifetime of 0 means cached pages are never shown: every open fetches afresh.
    const use = this.source.cacheLifetimeMs > 0 ? cache : 'refresh';
    this.#controller = new AbortController();
    this.#objects = c.objectPages(url, this.#objectsFilters, this.#options(use));
    this.#manifest = c.manifestPages(url, this.#manifestFilters, this.#options(use));
    this.#walkStarted = Date.now();
    this.#run();
  }

  /** Continues after a cancel or a failure, from the last checkpoints (no page fetched twice). */
  #resume(): void {
    const c = this.source.client;
    const url = this.source.collectionUrl;
    this.#abort();
    this.#controller = new AbortController();
    this.#error = undefined;
    if (!this.#objectsDone) {
      this.#objects = c.objectPages(
        url,
        this.#objectsFilters,
        this.#options('off', this.#objectsCheckpoint),
      );
      this.#lastFromCache = false;
    }
    if (!this.#manifestDone) {
      this.#manifest = c.manifestPages(
        url,
        this.#manifestFilters,
        this.#options('off', this.#manifestCheckpoint),
      );
    }
    this.#run();
  }

  #run(): void {
    if (this.#closed) return;
    if (!this.#pumping && !this.#manifestPumping) this.#walkStarted = Date.now();
    if (!this.#pumping && this.#objects && !this.#objectsDone) {
      this.#pumping = this.#pumpObjects().finally(() => {
        this.#pumping = undefined;
        this.#stoppedPumping();
      });
    }
    this.#runManifest();
    this.#poke();
  }

  /**
   * Walks the manifest once the objects' first page is in (or their walk ended): the first rows
   * come first, and the two walks do not queue for the same request budget or Retry-After at
   * once (each queued request would announce its own, ever shorter, wait).
   */
  #runManifest(): void {
    if (this.#closed || this.#manifestPumping || !this.#manifest || this.#manifestDone) return;
    if (this.#pages === 0 && !this.#objectsDone) return;
    this.#manifestPumping = this.#pumpManifest().finally(() => {
      this.#manifestPumping = undefined;
      this.#stoppedPumping();
    });
  }

  #stoppedPumping(): void {
    this.#poke();
    if (this.#pumping === undefined) {
      this.#firstPage.resolve();
      if (!this.#checking) this.#settled.resolve();
    }
    if (this.#pumping === undefined && this.#manifestPumping === undefined)
      this.#walkMs += Date.now() - this.#walkStarted;
    this.#changed();
  }

  /** True when the objects walk should fetch its next page. */
  #wantsPage(): boolean {
    if (this.#pages < this.#want) return true;
    // The walk's end costs no request: take it now, so a collection that fits in the pages
    // asked for is complete at once rather than on the next "load more".
    if (this.#lastEnded) return true;
    // Cached pages cost nothing: read on to the first live page (the check), or to the end.
    if (this.#lastFromCache) return true;
    return this.#inTail && this.#tailPages === 0;
  }

  async #pumpObjects(): Promise<void> {
    for (;;) {
      const walk = this.#objects;
      if (!walk || this.#closed || this.#objectsDone || !this.#wantsPage()) return;
      let step: IteratorResult<Page<StixObject>, void>;
      try {
        step = await walk.next();
      } catch (error) {
        if (this.#objects !== walk || this.#failed(error)) continue;
        return;
      }
      if (this.#objects !== walk) continue;
      try {
        if (step.done) {
          if (this.#afterObjects()) continue;
          this.#objectsDone = true;
          this.#runManifest();
          this.#changed();
          return;
        }
        const page = step.value;
        if (page.fromCache !== undefined && this.#pages === 0) {
          if (expired(page.fromCache, this.source.cacheLifetimeMs)) {
            // Too old to be worth checking: fetch afresh (the manifest too).
            this.#restart('refresh');
            continue;
          }
          this.#cachedAt = page.fromCache;
          this.#checking = true;
          this.#freshness = unchecked(page.fromCache, CHECKING);
        }
        this.#lastFromCache = page.fromCache !== undefined;
        this.#lastEnded = !page.more || page.checkpoint?.done === true;
        if (page.fromCache === undefined) this.#answered(page.items.length);
        this.#ingest(page);
        // A live last page: the open answers once the walk's end is read (just below, free).
        if (!this.#lastEnded || page.fromCache !== undefined) this.#firstPage.resolve();
      } catch (error) {
        if (this.#failed(error)) continue;
        return;
      }
    }
  }

  /** The server answered a live page of `items` objects. */
  #answered(items: number): void {
    this.#serverConfirmed = true;
    if (this.#inTail) {
      this.#tailPages++;
      this.#tailAdded += items;
    }
    if (this.#cachedAt !== undefined) {
      this.#freshness = checked(this.#cachedAt, this.#tailAdded);
      if (this.#checking) {
        this.#checking = false;
        this.#settled.resolve();
      }
    } else if (this.#pages === 0) {
      this.#freshness = live();
    }
  }

  /**
   * The objects walk ended. For a walk served whole from the cache, starts asking the server what
   * was added since (true); otherwise the walk is over.
   */
  #afterObjects(): boolean {
    if (this.#inTail) {
      if (this.#tailPages === 0) this.#answered(0);
      return false;
    }
    if (this.#cachedAt === undefined || !this.#lastFromCache) return false;
    const since = later(
      later(this.#objectsHigh, this.#objectsCheckpoint?.lastDateAdded),
      this.source.filters.addedAfter,
    );
    if (since === undefined) {
      // Nothing to ask "what is new since" with (no date headers, or no objects): fetch afresh.
      this.#restart('refresh');
      return true;
    }
    this.#inTail = true;
    this.#objectsFilters = { ...this.#objectsFilters, addedAfter: since };
    this.#objects = this.source.client.objectPages(
      this.source.collectionUrl,
      this.#objectsFilters,
      this.#options('off'),
    );
    this.#lastFromCache = false;
    return true;
  }

  async #pumpManifest(): Promise<void> {
    for (;;) {
      const walk = this.#manifest;
      if (!walk || this.#closed || this.#manifestDone) return;
      // Keep within a page of the objects (both walks go in date-added order), so records
      // waiting for their object stay few; run to the end once the objects are all in.
      if (!this.#objectsDone && this.#manifestRecords >= this.#index.size + this.source.pageSize) {
        if (!this.#pumping) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      let step: IteratorResult<Page<ManifestRecord>, void>;
      try {
        step = await walk.next();
      } catch (error) {
        if (this.#manifest !== walk || this.#failed(error)) continue;
        return;
      }
      if (this.#manifest !== walk) continue;
      if (step.done) {
        if (this.#cachedAt !== undefined && !this.#manifestTail && this.#manifestFromCache) {
          // A manifest served from the cache: ask what was added since, as for the objects.
          const since = later(this.#manifestHigh, this.source.filters.addedAfter);
          if (since !== undefined) {
            this.#manifestTail = true;
            this.#manifestFilters = { ...this.#manifestFilters, addedAfter: since };
            this.#manifest = this.source.client.manifestPages(
              this.source.collectionUrl,
              this.#manifestFilters,
              this.#options('off'),
            );
            continue;
          }
        }
        this.#manifestDone = true;
        this.#changed();
        return;
      }
      const page = step.value;
      this.#manifestFromCache = page.fromCache !== undefined;
      if (page.checkpoint) this.#manifestCheckpoint = page.checkpoint;
      let joined = 0;
      // The page's latest date added, compared as numbers (a full timestamp parse per record
      // cost more than the join itself); one careful comparison per page.
      let high: string | undefined;
      let highKey = Number.NEGATIVE_INFINITY;
      for (const record of page.items) {
        this.#manifestRecords++;
        if (record.date_added === undefined) continue;
        const d = record.date_added;
        const key = d.charCodeAt(d.length - 1) === 90 /* Z */ ? timeKey(d) : Number.NaN;
        if (Number.isNaN(key)) this.#manifestHigh = later(this.#manifestHigh, record.date_added);
        else if (key > highKey) {
          highKey = key;
          high = record.date_added;
        }
        if (this.#index.joinDate(record.id, record.version, record.date_added) >= 0) joined++;
      }
      this.#manifestHigh = later(this.#manifestHigh, high);
      this.#note(page.notes);
      if (joined > 0) this.revision++;
      this.#changed();
    }
  }

  #ingest(page: Page<StixObject>): void {
    if (this.#index.size + page.items.length > this.limits.objects) {
      throw tooLarge('object versions', this.limits.objects.toLocaleString('en'));
    }
    const texts: string[] = new Array<string>(page.items.length);
    let bytes = 0;
    for (let i = 0; i < page.items.length; i++) {
      const json = JSON.stringify(page.items[i]);
      texts[i] = json;
      bytes += json.length;
    }
    if (this.store.bytes + bytes > this.limits.bytes) {
      throw tooLarge('bytes of objects', `${Math.round(this.limits.bytes / 1024 ** 2)} MiB`);
    }
    for (const o of page.items) {
      const row = this.#index.add(o);
      if (!this.text.add(row, searchText(o, this.limits.textPerObject))) {
        throw tooLarge(
          'bytes of text to find in',
          `${Math.round(this.limits.textBytes / 1024 ** 2)} MiB`,
        );
      }
    }
    this.store.addAll(texts);
    this.#pages++;
    if (page.fromCache === undefined) this.#liveRows += page.items.length;
    if (page.checkpoint) this.#objectsCheckpoint = page.checkpoint;
    this.#objectsHigh = later(this.#objectsHigh, page.dateAddedLast);
    if (page.range) this.#version = '2.0';
    this.#note(page.notes);
    if (page.items.length > 0) this.revision++;
    this.#runManifest();
    this.#changed();
    this.#poke();
  }

  #note(notes: readonly QuirkNote[]): void {
    for (const n of notes) {
      if (this.#notes.size >= 50) return;
      const key = `${n.code}|${n.message}`;
      if (!this.#notes.has(key)) this.#notes.set(key, n);
    }
  }

  /** Handles a failed walk; true when the walk was started again (the pump goes on). */
  #failed(error: unknown): boolean {
    if (this.#closed) return false;
    const e = isAppError(error)
      ? error
      : new AppError({ code: 'INTERNAL', message: reasonOf(error), where: 'view' });
    this.#abort();
    if (
      OFFLINE.has(e.wire.code) &&
      this.#index.size === 0 &&
      this.#pages === 0 &&
      !this.#triedOffline &&
      this.source.cacheLifetimeMs > 0
    ) {
      // Offline before the client learned the server's TAXII version (a fresh start): read the
      // cached pages under the profile's version (else 2.1); the check then fails with the reason.
      this.#triedOffline = true;
      this.source.client.setRootVersion(
        apiRootOf(this.source.collectionUrl),
        this.source.taxiiVersion ?? '2.1',
      );
      this.#begin('use');
      return true;
    }
    if (e.wire.code === 'CANCELLED') {
      this.#stopped = 'cancelled';
    } else {
      this.#error = e;
      if (this.#cachedAt !== undefined && !this.#serverConfirmed) {
        // The cached pages stay, said to be unchecked, with the reason.
        this.#freshness = unchecked(this.#cachedAt, reasonOf(e));
        this.#checking = false;
        if (this.#inTail) this.#objectsDone = true;
      }
      if (isAppError(e, 'TOO_LARGE') || this.#index.size === 0 || this.#serverConfirmed)
        this.#stopped = 'failed';
    }
    this.#firstPage.resolve();
    this.#settled.resolve();
    this.#changed();
    return false;
  }

  #abort(): void {
    this.#controller.abort(new Error('cancelled'));
    const o = this.#objects;
    const m = this.#manifest;
    this.#objects = undefined;
    this.#manifest = undefined;
    void o?.return(undefined).catch(() => {});
    void m?.return(undefined).catch(() => {});
    this.#poke();
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #changed(): void {
    this.lastUsed = Date.now();
    if (!this.#closed) this.changed(this);
  }
}

function wireOf(e: AppError): NonNullable<ViewStateT['error']> {
  const w = e.wire;
  return {
    code: w.code,
    message: w.message,
    ...(w.hint !== undefined ? { hint: w.hint } : {}),
    ...(w.where !== undefined ? { where: w.where } : {}),
    ...(w.status !== undefined ? { status: w.status } : {}),
    // The server's own error resource (TAXII 2.1 §3.6.1): its title and description explain it.
    ...(w.taxii !== undefined ? { taxii: w.taxii } : {}),
    ...(w.retryable !== undefined ? { retryable: w.retryable } : {}),
    ...(w.retryAfterSeconds !== undefined ? { retryAfterSeconds: w.retryAfterSeconds } : {}),
  };
}

function deferred(): { resolve: () => void; promise: Promise<void> } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { resolve, promise };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
