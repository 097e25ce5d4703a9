/**
 * A collection's object pages for an export or the CLI's `--all`, under the view's freshness
 * rule: cached pages are handed out only once the server has answered for them (the live
 * continuation of an unfinished cached walk, or `added_after` the last date added they hold for
 * a finished one, digest §6.2/§6.3); when the server cannot be asked, the walk fails with the
 * reason instead of serving the cache. Cached pages wait in memory for that answer, up to a
 * bound; past it, the pages are fetched afresh.
 */
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { Page } from '../../../shared/taxii/page';
import type { StixObject } from '../../../shared/taxii/resources';
import type { PageWalkOptions, TaxiiClient } from '../taxii';
import { expired, later } from './freshness';

/** Options of `freshObjectPages`. */
export interface FreshPagesOptions extends PageWalkOptions {
  /** Cached pages older than this are refetched (0: never used). */
  cacheLifetimeMs: number;
  /** Cached items held while waiting for the server's answer (default 100,000). */
  maxHeldItems?: number;
}

/** Every page of the collection's objects, never an unchecked cached one; see the file comment. */
export async function* freshObjectPages(
  client: TaxiiClient,
  collectionUrl: string,
  filters: TaxiiFilters,
  opts: FreshPagesOptions,
): AsyncGenerator<Page<StixObject>, void, undefined> {
  const { cacheLifetimeMs, maxHeldItems = 100_000, ...walkOpts } = opts;
  if (walkOpts.cache === 'off' || walkOpts.cache === 'refresh' || walkOpts.resume) {
    yield* client.objectPages(collectionUrl, filters, walkOpts);
    return;
  }
  const cache = cacheLifetimeMs > 0 ? 'use' : 'refresh';
  const held: Page<StixObject>[] = [];
  let heldItems = 0;
  let high: string | undefined;
  let sawCache = false;
  const keep = walkOpts.checkpoints === true;
  const walk = client.objectPages(collectionUrl, filters, {
    ...walkOpts,
    cache,
    checkpoints: true,
  });
  const out = (p: Page<StixObject>): Page<StixObject> => {
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
      yield* client.objectPages(collectionUrl, filters, { ...walkOpts, cache: 'refresh' });
      return;
    }
    sawCache = true;
    high = later(later(high, page.dateAddedLast), page.checkpoint?.lastDateAdded);
    held.push(page);
    heldItems += page.items.length;
    if (heldItems > maxHeldItems) {
      await walk.return(undefined);
      yield* client.objectPages(collectionUrl, filters, { ...walkOpts, cache: 'refresh' });
      return;
    }
  }
  if (held.length === 0) return;
  const since = later(high, filters.addedAfter);
  if (since === undefined) {
    // Nothing to ask "what is new since" with: fetch afresh.
    yield* client.objectPages(collectionUrl, filters, { ...walkOpts, cache: 'refresh' });
    return;
  }
  // Ask first (this throws when the server cannot be reached), then hand out what was held.
  const tail = client.objectPages(
    collectionUrl,
    { ...filters, addedAfter: since },
    { ...walkOpts, cache: 'off' },
  );
  const first = await tail.next();
  for (const h of held) yield out(h);
  if (first.done) return;
  yield out(first.value);
  for await (const page of tail) yield out(page);
}
