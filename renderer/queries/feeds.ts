/** Saved views and "new since my last visit": the queries and mutations over `saved-views.*` and `feeds.*`. */
import type { QueryClient } from '@tanstack/react-query';
import type { Args } from '../../shared/contract';
import { callMutation, callQuery } from './call';
import { invalidateConnections } from './connections';
import { transport } from './transport';

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

/** Every watch and its state; kept current by `watches.updated` (see `followWatches`). */
export const watchesQuery = () => callQuery('watches.list', {});

/** Turns watching a feed on or off. */
export const setWatch = (qc: QueryClient) =>
  callMutation('watches.set', {
    onSuccess: (list) => {
      qc.setQueryData(watchesQuery().queryKey, list);
      invalidateConnections(qc);
    },
  });

/** Keeps the watches query current from the main process's events; returns the unsubscribe. */
export function followWatches(qc: QueryClient): () => void {
  return transport().subscribe('watches.updated', ({ watches }) => {
    qc.setQueryData(watchesQuery().queryKey, watches);
    void qc.invalidateQueries({ queryKey: ['feeds.news'] });
  });
}
