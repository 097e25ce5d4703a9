/**
 * The activity histogram's data as uPlot draws stacked bars: contiguous buckets (empty ones
 * filled in, when the span is not too long), x in seconds, and one cumulative series per type,
 * largest first, so each bar drawn over the previous shows its type's band.
 */
import type { ActivityHistogramT } from '../../../shared/contract/analysis';

/** Buckets filled in at most (a longer span keeps only the non-empty ones). */
export const MAX_FILLED = 3000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** uPlot's aligned data and the series' types, in drawing order. */
export interface StackedSeries {
  /** Bucket starts in seconds, then one cumulative array per entry of `order`. */
  data: number[][];
  /** Type indexes (into `types`) in drawing order: the top of the stack first. */
  order: number[];
  /** Per bucket, the counts by type (for the table), aligned with data[0]. */
  counts: number[][];
}

/** The stacked series of `h`. */
export function stackedSeries(h: ActivityHistogramT): StackedSeries {
  const step = h.unit === 'hour' ? HOUR : DAY;
  let buckets = h.buckets;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (first && last && (last.start - first.start) / step <= MAX_FILLED) {
    const at = new Map(buckets.map((b) => [b.start, b.counts]));
    const filled = [];
    for (let t = first.start; t <= last.start; t += step)
      filled.push({ start: t, counts: at.get(t) ?? new Array<number>(h.types.length).fill(0) });
    buckets = filled;
  }
  const x = buckets.map((b) => b.start / 1000);
  const cumulative = h.types.map((_, j) =>
    buckets.map((b) => b.counts.slice(0, j + 1).reduce((a, c) => a + c, 0)),
  );
  const order = h.types.map((_, j) => h.types.length - 1 - j);
  return {
    data: [x, ...order.map((j) => cumulative[j] as number[])],
    order,
    counts: buckets.map((b) => b.counts),
  };
}
