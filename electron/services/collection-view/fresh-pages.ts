/**
 * A collection's object (or manifest) pages for an export or the CLI's `--all`, under the view's freshness
 * rule: cached pages are handed out only once the server has answered for them (the live
 * continuation of an unfinished cached walk, or `added_after` the last date added they hold for
 * a finished one, digest §6.2/§6.3); when the server cannot be asked, the walk fails with the
 * reason instead of serving the cache. Cached pages wait in memory for that answer, up to a
 * bound; past it, the pages are fetched afresh.
 */
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { Page } from '../../../shared/taxii/page';
import type { ManifestRecord, StixObject } from '../../../shared/taxii/resources';
import type { PageWalkOptions, TaxiiClient } from '../taxii';
import { expired, later } from './freshness';

/** Options of `freshObjectPages`. */
export interface FreshPagesOptions extends PageWalkOptions {
  /** Cached pages older than this are refetched (0: never used). */
  cacheLifetimeMs: number;
  /** Cached items held while waiting for the server's answer (default 100,000). */
  maxHeldItems?: number;
}

/** A page walk of one endpoint of a collection under `filters`. */
type Walker<T> = (
  filters: TaxiiFilters,
  opts: PageWalkOptions,
) => AsyncGenerator<Page<T>, void, undefined>;

/** Every page of the collection's objects, never an unchecked cached one; see the file comment. */
export function freshObjectPages(
  client: TaxiiClient,
  collectionUrl: string,
  filters: TaxiiFilters,
  opts: FreshPagesOptions,
): AsyncGenerator<Page<StixObject>, void, undefined> {
  return freshPages((f, o) => client.objectPages(collectionUrl, f, o), filters, opts);
}

/** Every page of the collection's manifest, under the same rule. */
export function freshManifestPages(
  client: TaxiiClient,
  collectionUrl: string,
  filters: TaxiiFilters,
  opts: FreshPagesOptions,
): AsyncGenerator<Page<ManifestRecord>, void, undefined> {
  return freshPages(
    (f, o) => client.manifestPages(collectionUrl, f, o),
    filters,
    opts,
    (r) => r.date_added,
  );
}

/** The walk of `pagesOf` under the freshness rule; `dateOf` reads an item's date added, if any. */
async function* freshPages<T>(
  pagesOf: Walker<T>,
  filters: TaxiiFilters,
  opts: FreshPagesOptions,
  dateOf?: (item: T) => string | undefined,
): AsyncGenerator<Page<T>, void, undefined> {
  const { cacheLifetimeMs, maxHeldItems = 100_000, ...walkOpts } = opts;
  if (walkOpts.cache === 'off' || walkOpts.cache === 'refresh' || walkOpts.resume) {
    yield* pagesOf(filters, walkOpts);
    return;
  }
  const cache = cacheLifetimeMs > 0 ? 'use' : 'refresh';
  const held: Page<T>[] = [];
  let heldItems = 0;
  let high: string | undefined;
  let sawCache = false;
  const keep = walkOpts.checkpoints === true;
  const walk = pagesOf(filters, {
    ...walkOpts,
    cache,
    checkpoints: true,
  });
  const out = (p: Page<T>): Page<T> => {
    if (keep || p.checkpoint === undefined) return p;
    const { checkpoint: _c, ...rest } = p;
    return rest;
  };
  for await (const page of walk) {
    if (page.fromCache === undefined) {
      // The server answered: what was held is as current as this walk.
      for (const h of held) yield out(h);
      held.length = 0;
      yield out(page);
      continue;
    }
    if (!sawCache && expired(page.fromCache, cacheLifetimeMs)) {
      await walk.return(undefined);
      yield* pagesOf(filters, { ...walkOpts, cache: 'refresh' });
      return;
    }
    sawCache = true;
    high = later(later(high, page.dateAddedLast), page.checkpoint?.lastDateAdded);
    if (dateOf) for (const item of page.items) high = later(high, dateOf(item));
    held.push(page);
    heldItems += page.items.length;
    if (heldItems > maxHeldItems) {
      await walk.return(undefined);
      yield* pagesOf(filters, { ...walkOpts, cache: 'refresh' });
      return;
    }
  }
  if (held.length === 0) return;
  const since = later(high, filters.addedAfter);
  if (since === undefined) {
    // Nothing to ask "what is new since" with: fetch afresh.
    yield* pagesOf(filters, { ...walkOpts, cache: 'refresh' });
    return;
  }
  // Ask first (this throws when the server cannot be reached), then hand out what was held.
  const tail = pagesOf({ ...filters, addedAfter: since }, { ...walkOpts, cache: 'off' });
  const first = await tail.next();
  for (const h of held) yield out(h);
  if (first.done) return;
  yield out(first.value);
  for await (const page of tail) yield out(page);
}
