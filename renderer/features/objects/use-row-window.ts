/**
 * The rows the objects table shows: the windows covering the rows in view (and a small margin),
 * fetched from the view service by `(viewId, revision, offset, sort, find)`. While a window of a
 * new revision is on its way, the same window of the previous one stands in, so rows do not blink
 * as pages arrive; the cost per scroll step is one or two small calls whatever the collection's
 * size.
 */
import { useQueries } from '@tanstack/react-query';
import { useRef } from 'react';
import type { AppError } from '../../../shared/errors';
import { viewWindowQuery, type ViewRow, type ViewSort } from '../../queries/views';
import { windowOffsets } from './rows';

/** Rows per window call: two windows cover a screenful and its overscan. */
export const WINDOW_ROWS = 50;

interface Shown {
  ordering: string;
  total: number;
  revision: number;
  byOffset: Map<number, readonly ViewRow[]>;
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
  const ordering = JSON.stringify([p.viewId, p.sort ?? null, p.find]);
  const shown = useRef<Shown>({ ordering, total: 0, revision: -1, byOffset: new Map() });
  if (shown.current.ordering !== ordering)
    shown.current = { ordering, total: shown.current.total, revision: -1, byOffset: new Map() };

  const offsets = windowOffsets(p.first, p.last, WINDOW_ROWS);
  const results = useQueries({
    queries: offsets.map((offset) =>
      viewWindowQuery({
        viewId: p.viewId,
        revision: p.revision,
        offset,
        count: WINDOW_ROWS,
        sort: p.sort,
        find: p.find,
      }),
    ),
  });

  // What arrived replaces what stood in (kept in a ref: it is a cache of the last answers, the
  // same on every render of one set of answers).
  const s = shown.current;
  let error: AppError | null = null;
  results.forEach((r, i) => {
    if (r.error) error = r.error;
    const w = r.data;
    if (!w) return;
    s.byOffset.set(offsets[i]!, w.rows);
    if (w.revision >= s.revision) {
      s.revision = w.revision;
      s.total = w.total;
    }
  });

  // Only the windows in view stand in later: what was scrolled past is not kept.
  for (const offset of s.byOffset.keys()) if (!offsets.includes(offset)) s.byOffset.delete(offset);

  return {
    total: s.total,
    rowAt: (i) => {
      if (i >= s.total) return undefined;
      const offset = Math.floor(i / WINDOW_ROWS) * WINDOW_ROWS;
      return s.byOffset.get(offset)?.[i - offset];
    },
    error,
  };
}
