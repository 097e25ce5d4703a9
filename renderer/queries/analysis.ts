/**
 * The pictures of a collection view (matrix, neighbourhood, activity, referrers, names), derived
 * in the main process. Each is keyed by the view's revision and by `scopeKey` (the revisions of
 * the collection's other open views, which the pictures also read), so a new page or a sibling
 * view walking on redraws it, and nothing else does.
 */
import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Args } from '../../shared/contract';
import { call } from './transport';
import { viewStateQuery, type ViewHandle, type ViewQuery } from './views';

type PictureName =
  | 'views.attack-matrix'
  | 'views.neighbourhood'
  | 'views.activity'
  | 'views.referrers'
  | 'views.names';

/** A picture call, redrawn when `scopeKey` changes. */
export const pictureQuery = <K extends PictureName>(name: K, args: Args<K>, scopeKey: string) =>
  queryOptions({
    queryKey: [name, args, scopeKey] as const,
    queryFn: ({ signal }) => call(name, args, { signal }),
    // Asked again when a picture is shown again: the main process knows which views are still
    // open (a released view closes a moment later) and answers from its cache when none changed.
    staleTime: 0,
    refetchOnWindowFocus: false,
    gcTime: 30_000,
    placeholderData: keepPreviousData,
  });

/**
 * The revisions of every open view of a collection (any filters), joined: what the pictures of
 * that collection were drawn from.
 */
export function scopeKeyOf(
  qc: QueryClient,
  ref: { connectionId: string; apiRoot: string; collectionId: string },
): string {
  const parts: string[] = [];
  for (const query of qc.getQueryCache().findAll({ queryKey: ['views.open'] })) {
    const q = query.queryKey[1] as Partial<ViewQuery> | undefined;
    const opened = query.state.data as ViewHandle | undefined;
    if (
      !opened ||
      q?.connectionId !== ref.connectionId ||
      q.apiRoot !== ref.apiRoot ||
      q.collectionId !== ref.collectionId
    )
      continue;
    const latest = qc.getQueryData<ViewHandle>(viewStateQuery(opened.viewId).queryKey) ?? opened;
    parts.push(`${latest.viewId}@${latest.revision}`);
  }
  return parts.sort().join(',');
}
