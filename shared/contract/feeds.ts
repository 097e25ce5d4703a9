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
} as const;

/** A feed's news. */
export type FeedNewsT = z.output<typeof FeedNews>;
