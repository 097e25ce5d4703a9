/** Saved views and "new since my last visit": the queries and mutations over `saved-views.*` and `feeds.*`. */
import type { QueryClient } from '@tanstack/react-query';
import type { Args } from '../../shared/contract';
import { callMutation, callQuery } from './call';
import { invalidateConnections } from './connections';

/** What is new in a feed (a collection, or a saved view of it); kept a minute. */
export const feedNewsQuery = (ref: Args<'feeds.news'>) =>
  callQuery('feeds.news', ref, { staleTime: 60_000 });

/** Marks a feed seen; its news are then asked again. */
export const markFeedSeen = (qc: QueryClient) =>
  callMutation('feeds.mark-seen', {
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['feeds.news'] }),
  });

/** Saves (creates or replaces) a saved view. */
export const saveSavedView = (qc: QueryClient) =>
  callMutation('saved-views.save', { onSuccess: () => invalidateConnections(qc) });

/** Renames a saved view. */
export const renameSavedView = (qc: QueryClient) =>
  callMutation('saved-views.rename', { onSuccess: () => invalidateConnections(qc) });

/** Deletes a saved view. */
export const removeSavedView = (qc: QueryClient) =>
  callMutation('saved-views.remove', { onSuccess: () => invalidateConnections(qc) });
