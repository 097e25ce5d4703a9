/**
 * Keeping up with feeds: saved views (named filters, sort and columns per collection, kept in the
 * connection's profile) and "new since my last visit" (a watermark per collection and saved view,
 * exact to the server's precision). The `saved-views.*` and `feeds.*` calls.
 */
import { z } from 'zod';
import { SavedView, SavedViewId } from '../saved-view';
import { CollectionRef, ConnectionId, ObjectFilters } from './building-blocks';

/** A saved view as given to `saved-views.save` (no id: a new one). */
export const SavedViewDraft = SavedView.extend({ id: SavedViewId.optional() });

/** Which feed a watermark belongs to: a collection, or one of its saved views. */
export const FeedRef = z.strictObject({
  ...CollectionRef.shape,
  savedViewId: SavedViewId.optional(),
  /** The TAXII filters of what is counted (a saved view's filters). */
  filters: ObjectFilters.optional(),
});

/** What a feed got since the person last marked it seen. */
export const FeedNews = z.strictObject({
  /** The watermark: the newest date added seen (verbatim) and when it was marked. */
  seen: z.strictObject({ dateAdded: z.string(), markedAt: z.string() }).optional(),
  /** Object versions added since (all of them when never marked seen). */
  count: z.number().int().nonnegative(),
  /** True when counting stopped at the cap (the count is "at least"). */
  capped: z.boolean(),
  /** The newest date added among them, verbatim. */
  newest: z.string().optional(),
  /** When the server was asked. */
  checkedAt: z.string(),
});

/** Where one watch stands (see electron/services/feeds/watcher.ts). */
export const WatchStatus = z.strictObject({
  key: z.string(),
  connectionId: ConnectionId,
  label: z.string(),
  intervalMs: z.number(),
  state: z.enum(['waiting', 'ok', 'backoff', 'paused', 'offline', 'failed']),
  count: z.number().optional(),
  lastCheck: z.string().optional(),
  nextCheck: z.string().optional(),
  message: z.string().optional(),
  apiRoot: z.string(),
  collectionId: z.string(),
  savedViewId: SavedViewId.optional(),
});

/** The feeds calls (registered in the contract's `calls`). */
export const feedCalls = {
  'saved-views.save': {
    args: z.strictObject({ connectionId: ConnectionId, view: SavedViewDraft }),
    result: SavedView,
    progress: undefined,
  },
  'saved-views.rename': {
    args: z.strictObject({
      connectionId: ConnectionId,
      id: SavedViewId,
      name: SavedView.shape.name,
    }),
    result: SavedView,
    progress: undefined,
  },
  'saved-views.remove': {
    args: z.strictObject({ connectionId: ConnectionId, id: SavedViewId }),
    result: z.strictObject({ id: SavedViewId, removed: z.boolean() }),
    progress: undefined,
  },
  'feeds.news': { args: FeedRef, result: FeedNews, progress: undefined },
  /** Marks everything the server has now as seen; answers the (now empty) news. */
  'feeds.mark-seen': { args: FeedRef, result: FeedNews, progress: undefined },
  /** Every watch with its last check, result and next check. */
  'watches.list': { args: z.strictObject({}), result: z.array(WatchStatus), progress: undefined },
  /** Watches a collection or saved view (every `intervalMinutes`, default 15), or stops. */
  'watches.set': {
    args: z.strictObject({
      ...CollectionRef.shape,
      savedViewId: SavedViewId.optional(),
      on: z.boolean(),
      intervalMinutes: z.number().int().min(1).max(10_080).optional(),
    }),
    result: z.array(WatchStatus),
    progress: undefined,
  },
} as const;

/** The feeds events: every watch's status after a check or a change. */
export const feedEvents = {
  'watches.updated': z.strictObject({ watches: z.array(WatchStatus) }),
} as const;

/** A watch's status. */
export type WatchStatusT = z.output<typeof WatchStatus>;
/** A feed's news. */
export type FeedNewsT = z.output<typeof FeedNews>;
