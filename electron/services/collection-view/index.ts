/**
 * Collection views (plain Node, no electron): a collection's objects walked in the main process
 * into a compact row index, sorted, found and counted there, and handed out as windows of rows.
 *
 * ```ts
 * const views = new CollectionViews({ onProgress: (h) => emit('view.progressed', h) });
 * const { viewId } = await views.open({ client, collectionUrl, filters, pageSize, cacheLifetimeMs });
 * views.window(viewId, { offset: 0, count: 100, sort: { column: 'modified', direction: 'desc' } });
 * views.more(viewId, 'all');   views.cancel(viewId);   views.close(viewId);
 * ```
 */
export { CollectionViews } from './collection-views';
export type { CollectionViewsOptions, OpenOptions, ViewHandle } from './collection-views';
export type { ViewSource } from './collection-view';
export { DEFAULT_VIEW_LIMITS, DEFAULT_MAX_VIEWS, DEFAULT_IDLE_MS, viewLimits } from './limits';
export type { ViewLimits } from './limits';
export {
  DELETIONS_NOTE,
  DEFAULT_CACHE_LIFETIME_MINUTES,
  expired as cacheExpired,
  reasonOf,
} from './freshness';
export { freshManifestPages, freshObjectPages } from './fresh-pages';
export type { FreshPagesOptions } from './fresh-pages';
