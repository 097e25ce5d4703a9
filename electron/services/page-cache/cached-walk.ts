/**
 * A page walk through the cache: the stored pages of the query first (no request), then, if the
 * stored walk did not reach the end, the live walk resumed from the last stored checkpoint, each
 * new page stored as it passes. `refresh` drops what was stored first. Cache trouble (a full disk,
 * a corrupt file) never fails the walk: the rest is simply fetched.
 */
import type { WalkCheckpoint } from '../../../shared/taxii/checkpoint';
import type { Page } from '../../../shared/taxii/page';
import type { CacheScope, WalkKey, WalkMeta } from './page-cache';

/** Options of `cachedWalk`. */
export interface CachedWalkOptions<T> {
  /** Drop the stored pages of this query and fetch afresh. */
  refresh?: boolean;
  /** Hand out the pages' checkpoints (they are always stored). */
  keepCheckpoints?: boolean;
  /** Unused here; kept so callers can pass one options object. */
  keyOf?: (item: T) => string;
  /** Hand out at most this many pages, stored or fetched (the walk stays resumable). */
  maxPages?: number;
}

/** How often (in pages written) the size limit is checked during a long walk… */
const LIMIT_EVERY_PAGES = 64;
/** …and in bytes written, whichever comes first: big pages reach the limit in fewer pages. */
const LIMIT_EVERY_BYTES = 16 * 1024 * 1024;

function strip<T>(page: Page<T>, keep: boolean): Page<T> {
  if (keep || page.checkpoint === undefined) return page;
  const { checkpoint: _c, ...rest } = page;
  return rest;
}

/**
 * Walks `key` through `scope`; `live(resume)` starts the network walk (with checkpoints on) from
 * a checkpoint, or from the start when it gets none.
 */
export async function* cachedWalk<T>(
  scope: CacheScope,
  key: WalkKey,
  live: (
    resume: WalkCheckpoint | undefined,
    maxPages?: number,
  ) => AsyncGenerator<Page<T>, void, undefined>,
  options: CachedWalkOptions<T> = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const keep = options.keepCheckpoints === true;
  let writable = true;
  const attempt = async <R>(fn: () => Promise<R>): Promise<R | undefined> => {
    try {
      return await fn();
    } catch {
      writable = false;
      return undefined;
    }
  };
  if (options.refresh) await attempt(() => scope.invalidate(key));
  let meta: WalkMeta | undefined = options.refresh
    ? undefined
    : await attempt(() => scope.meta(key));
  let index = 0;
  let resume: WalkCheckpoint | undefined;
  const max = options.maxPages ?? Number.POSITIVE_INFINITY;
  if (meta) {
    for (let i = 0; i < meta.pages && i < max; i++) {
      const stored = await attempt(() => scope.page<T>(key, i));
      // A page without its checkpoint cannot be continued from: fetch from the one before.
      if (!stored || (!stored.checkpoint && i < meta.pages - 1)) break;
      const { storedAt, ...page } = stored;
      resume = page.checkpoint;
      index = i + 1;
      yield { ...strip(page, keep), fromCache: storedAt };
    }
    if (index >= max) return;
    if (index === meta.pages && (meta.complete || resume?.done)) {
      if (writable) await attempt(() => scope.touch(key, meta as WalkMeta));
      return;
    }
  }
  const left = Number.isFinite(max) ? max - index : undefined;
  let checkedAt = meta?.bytes ?? 0;
  for await (const page of live(resume, left)) {
    if (writable) {
      const before = meta;
      // The walk itself stays within the cache's limit: past it, pages are handed out but no
      // longer stored (the stored part stays usable, and a later walk continues live after it).
      const stored = await attempt(() => scope.put(key, index, page, before, scope.cache.maxBytes));
      if (stored === null) writable = false;
      meta = stored ?? before;
      const bytes = meta?.bytes ?? 0;
      if ((index + 1) % LIMIT_EVERY_PAGES === 0 || bytes - checkedAt >= LIMIT_EVERY_BYTES) {
        checkedAt = bytes;
        await attempt(() => scope.cache.enforceLimit(scope.walkDir(key)));
      }
    }
    index++;
    yield strip(page, keep);
  }
  await attempt(() => scope.cache.enforceLimit(scope.walkDir(key)));
}
