/**
 * The rows the objects table shows: the windows covering the rows in view (and a small margin),
 * fetched from the view service by `(viewId, revision, offset, sort, find)`. While a window of a
 * new revision is on its way, the same window of an earlier revision stands in (from the query
 * cache, where windows live a few seconds), so rows do not blink as pages arrive; the cost per
 * scroll step is one or two small calls whatever the collection's size.
 */
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/contract';
import { viewWindowQuery, WINDOW_ROWS, type ViewRow, type ViewSort } from '../../queries/views';
import { windowOffsets } from './rows';

type Window = Result<'views.window'>;
type WindowKey = Parameters<typeof viewWindowQuery>[0];

const sameOrder = (a: WindowKey, b: WindowKey): boolean =>
  a.viewId === b.viewId &&
  a.find === b.find &&
  JSON.stringify(a.sort ?? null) === JSON.stringify(b.sort ?? null);

/**
 * What stands in for window `w` until it arrives: the same window of the newest earlier revision;
 * else, for the total only, any window of the same find (a new sort keeps the count).
 */
function standIn(qc: QueryClient, w: WindowKey): Window | undefined {
  let same: { rev: number; data: Window } | undefined;
  let counted: { rev: number; data: Window } | undefined;
  for (const [key, data] of qc.getQueriesData<Window>({ queryKey: ['views.window'] })) {
    const k = key[1] as WindowKey | undefined;
    if (!data || !k || k.viewId !== w.viewId || k.find !== w.find) continue;
    if (sameOrder(k, w) && k.offset === w.offset && k.count === w.count)
      if (!same || k.revision > same.rev) same = { rev: k.revision, data };
    if (!counted || k.revision > counted.rev) counted = { rev: k.revision, data };
  }
  if (same) return same.data;
  return counted ? { ...counted.data, offset: w.offset, rows: [] } : undefined;
}

/** Rows `first`..`last` of a view's current ordering, with the ordering's total. */
export function useRowWindow(p: {
  viewId: string;
  revision: number;
  sort: ViewSort | undefined;
  find: string;
  first: number;
  last: number;
}): { total: number; rowAt: (i: number) => ViewRow | undefined; error: AppError | null } {
  const qc = useQueryClient();
  const offsets = windowOffsets(p.first, p.last, WINDOW_ROWS);
  const keys = offsets.map((offset) => ({
    viewId: p.viewId,
    revision: p.revision,
    offset,
    count: WINDOW_ROWS,
    sort: p.sort,
    find: p.find,
  }));
  const results = useQueries({
    queries: keys.map((w) => ({
      ...viewWindowQuery(w),
      placeholderData: () => standIn(qc, w),
    })),
  });

  let total = 0;
  let newest = -1;
  let error: AppError | null = null;
  const byOffset = new Map<number, readonly ViewRow[]>();
  results.forEach((r, i) => {
    if (r.error) error = r.error;
    const w = r.data;
    if (!w) return;
    byOffset.set(offsets[i]!, w.rows);
    if (w.revision >= newest) {
      newest = w.revision;
      total = w.total;
    }
  });

  return {
    total,
    rowAt: (i) => {
      if (i >= total) return undefined;
      const offset = Math.floor(i / WINDOW_ROWS) * WINDOW_ROWS;
      return byOffset.get(offset)?.[i - offset];
    },
    error,
  };
}
