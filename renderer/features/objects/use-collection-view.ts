/**
 * A collection's view in the main process, as the objects view uses it: opened (or joined) for
 * the collection and its filters, held while mounted, its state kept current by progress events
 * (and by asking while a walk runs, should an event be missed), and the walk's controls.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import {
  followView,
  holdView,
  viewAction,
  viewOpenQuery,
  viewStateQuery,
  type ViewHandle,
  type ViewQuery,
} from '../../queries/views';
import { useRoute } from '../navigation/use-route';
import { toObjectFilters } from './filter-input';

/** How often the state is asked for while a walk runs (events are the normal path). */
const POLL_MS = 2_000;

/** True while the view's walks run: objects loading, or the dates added still coming after them. */
function walking(state: ViewHandle['state'] | undefined): boolean {
  if (!state) return false;
  return state.phase === 'loading' || (state.phase === 'complete' && !state.manifestComplete);
}

/** The view of `q` (opened once `enabled`): the open call, the latest handle, and the walk's controls. */
export function useCollectionView(q: ViewQuery, enabled = true) {
  const qc = useQueryClient();
  const open = useQuery({ ...viewOpenQuery(q), enabled });
  const viewId = open.data?.viewId;

  useEffect(() => {
    if (!viewId) return;
    const release = holdView(viewId);
    const unfollow = followView(qc, viewId);
    // Events sent between the open's answer and this subscription are missed: ask once now (the
    // answer is kept only if made after what is held).
    void qc.invalidateQueries({ queryKey: viewStateQuery(viewId).queryKey, exact: true });
    return () => {
      unfollow();
      release();
    };
  }, [qc, viewId]);

  const latest = useQuery({
    ...viewStateQuery(viewId ?? ''),
    enabled: viewId !== undefined,
    ...(open.data ? { initialData: open.data } : {}),
    refetchInterval: (query) => (walking(query.state.data?.state) ? POLL_MS : false),
  });
  const handle = latest.data ?? open.data;

  const loadMore = useMutation(viewAction(qc, 'views.load-more'));
  const loadAll = useMutation(viewAction(qc, 'views.load-all'));
  const cancel = useMutation(viewAction(qc, 'views.cancel'));
  const refresh = useMutation(viewAction(qc, 'views.refresh'));

  return { open, handle, loadMore, loadAll, cancel, refresh };
}

/** The view query of a collection under the address's filters. */
export function useViewQuery(ref: {
  connectionId: string;
  apiRoot: string;
  collectionId: string;
}): ViewQuery {
  const [route] = useRoute();
  const filters = useMemo(() => toObjectFilters(route.filters), [route.filters]);
  return useMemo<ViewQuery>(
    () => ({
      connectionId: ref.connectionId,
      apiRoot: ref.apiRoot,
      collectionId: ref.collectionId,
      ...(filters ? { filters } : {}),
    }),
    [ref.connectionId, ref.apiRoot, ref.collectionId, filters],
  );
}

/**
 * The open view of a collection under the address's filters, for panels beside the objects view
 * (the inspect panel): its id and latest handle, read from the same queries, opening nothing.
 */
export function useOpenView(ref: {
  connectionId: string;
  apiRoot: string;
  collectionId: string;
}): ViewHandle | undefined {
  const q = useViewQuery(ref);
  const open = useQuery({ ...viewOpenQuery(q), enabled: false });
  const latest = useQuery({ ...viewStateQuery(open.data?.viewId ?? ''), enabled: false });
  return latest.data ?? open.data;
}
