/**
 * What the pictures of a collection read: the key of its open views' revisions (redraw when any
 * walks on, at most once a second), and, on request, the whole collection opened unfiltered and
 * walked to the end, held while the picture is shown.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { scopeKeyOf } from '../../queries/analysis';
import { useCollectionView } from '../objects/use-collection-view';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };

/** How often a walking collection redraws its pictures at most. */
const REDRAW_MS = 1_000;

/** The scope key of a collection, following its views (throttled). */
export function useScopeKey(ref: Ref): string {
  const qc = useQueryClient();
  const live = useSyncExternalStore(
    (notify) => qc.getQueryCache().subscribe(notify),
    () => scopeKeyOf(qc, ref),
  );
  const [shown, setShown] = useState(live);
  useEffect(() => {
    if (live === shown) return;
    // A new view (none shown yet) redraws at once; a walk's pages at most once a second.
    const wait = shown.split(',').length !== live.split(',').length ? 0 : REDRAW_MS;
    const t = setTimeout(() => setShown(live), wait);
    return () => clearTimeout(t);
  }, [live, shown]);
  return shown;
}

/**
 * Opens the collection unfiltered (or joins the objects view's when it is unfiltered) and walks
 * it to the end, once `wanted`. Returns whether it is still loading.
 */
export function useWholeCollection(ref: Ref, wanted: boolean): { loading: boolean } {
  const view = useCollectionView(
    { connectionId: ref.connectionId, apiRoot: ref.apiRoot, collectionId: ref.collectionId },
    wanted,
  );
  const { handle, loadAll } = view;
  const phase = handle?.state.phase;
  const viewId = handle?.viewId;
  const { mutate, isPending, isIdle } = loadAll;
  useEffect(() => {
    if (wanted && viewId && phase === 'partial' && isIdle) mutate(viewId);
  }, [wanted, viewId, phase, isIdle, mutate]);
  return { loading: wanted && (!handle || phase === 'loading' || isPending) };
}
