/**
 * Objects of an open view for the panels beside the table (the inspect panel): one object by id,
 * the objects it references, and the loaded objects that reference it, each fetched from the
 * view's store in the main process (never all rows). Bounded: a report with ten thousand
 * references resolves the first few hundred.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { viewObjectQuery, viewWindowQuery } from '../../queries/views';

type Json = Readonly<Record<string, unknown>>;

/** The most referenced or referring objects fetched for one panel. */
export const MAX_RELATED = 200;

/** One object of the view (the latest loaded version), or why not. */
export function useViewObject(viewId: string | undefined, id: string, enabled = true) {
  return useQuery({
    ...viewObjectQuery(viewId ?? '', id),
    enabled: enabled && viewId !== undefined && id !== '',
  });
}

/** The loaded objects among `ids` (the first MAX_RELATED distinct ones), by id. */
export function useViewObjects(
  viewId: string | undefined,
  ids: readonly string[],
): ReadonlyMap<string, Json> {
  const unique = useMemo(() => [...new Set(ids)].slice(0, MAX_RELATED), [ids]);
  return useQueries({
    queries: unique.map((id) => ({
      ...viewObjectQuery(viewId ?? '', id),
      enabled: viewId !== undefined,
    })),
    combine: (results) => {
      const out = new Map<string, Json>();
      results.forEach((r, i) => {
        if (r.data) out.set(unique[i]!, r.data.object);
      });
      return out;
    },
  });
}

/**
 * Loaded objects that mention `id` (the view's find matches every text field, `*_ref(s)`
 * included), without the object itself; `searched` is how many rows the view holds.
 */
export function useReferrers(
  viewId: string | undefined,
  revision: number,
  id: string,
): { objects: Json[]; pending: boolean } {
  const hits = useQuery({
    ...viewWindowQuery({
      viewId: viewId ?? '',
      revision,
      offset: 0,
      count: MAX_RELATED,
      sort: undefined,
      find: id,
    }),
    enabled: viewId !== undefined && id !== '',
  });
  const ids = useMemo(
    () => (hits.data?.rows ?? []).map((r) => r.id).filter((rowId) => rowId !== '' && rowId !== id),
    [hits.data, id],
  );
  const byId = useViewObjects(viewId, ids);
  return { objects: [...byId.values()], pending: hits.isPending };
}
