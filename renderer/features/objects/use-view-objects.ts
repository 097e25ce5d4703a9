/**
 * Objects of an open view for the panels beside the table (the inspect panel): one object by id
 * and the objects it references, each fetched from the view's store in the main process (never
 * all rows). Bounded: a report with ten thousand references resolves the first few hundred.
 * What refers to an object is the main process's `views.referrers`.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { viewObjectQuery } from '../../queries/views';

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
