/**
 * The on-disk page cache (plain Node): pages fetched per connection and query, so reopening a
 * collection costs no requests and an unfinished walk continues.
 *
 * ```ts
 * const cache = new PageCache({ dir: cacheDirOf(dataDir()), maxBytes: 256 * 1024 * 1024 });
 * client.useCache(cache, profile.id);                      // opt-out: don't call it, or cache: 'off'
 * for await (const page of client.objectPages(url, filters, { cache: 'use' })) …  // page.fromCache
 * for await (const page of client.objectPages(url, filters, { cache: 'refresh' })) …
 * ```
 */
export { PageCache, CacheScope, cacheDirOf, DEFAULT_CACHE_BYTES } from './page-cache';
export type { CacheIdentity, WalkKey, WalkMeta, StoredPage, PageCacheOptions } from './page-cache';
export { cachedWalk } from './cached-walk';
export type { CachedWalkOptions } from './cached-walk';
