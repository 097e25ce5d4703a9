/**
 * A view's rows over time: counted by the hour when they span at most three days, else by the
 * day (UTC), stacked by type (the largest types, the rest as "other"). Every row is counted
 * once: in a bucket when it has the date, else as undated, so the bars and `undated` add up to
 * the view's rows.
 */
import type { ActivityHistogramT } from '../../../shared/contract/analysis';

/** What the histogram reads of each row. */
export interface HistogramRows {
  size: number;
  /** The row's type. */
  typeOf: (row: number) => string;
  /** The row's time in µs since 1970 (NaN: none). */
  timeOf: (row: number) => number;
}

/** Types kept apart; the rest are stacked as "other". */
export const MAX_TYPES = 8;
/** The type name of the folded rest. */
export const OTHER = 'other';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The histogram; see the file comment. */
export function activityHistogram(
  rows: HistogramRows,
  meta: { revision: number; field: ActivityHistogramT['field'] },
): ActivityHistogramT {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const typeCounts = new Map<string, number>();
  let undated = 0;
  for (let r = 0; r < rows.size; r++) {
    const t = rows.timeOf(r);
    if (Number.isNaN(t)) {
      undated++;
      continue;
    }
    if (t < min) min = t;
    if (t > max) max = t;
    const type = rows.typeOf(r);
    typeCounts.set(type, (typeCounts.get(type) ?? 0) + 1);
  }
  const counted = rows.size - undated;
  const ranked = [...typeCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const fold = ranked.length > MAX_TYPES;
  const kept = (fold ? ranked.slice(0, MAX_TYPES - 1) : ranked).map(([t]) => t);
  const types = fold ? [...kept, OTHER] : kept;
  const slot = new Map(kept.map((t, i) => [t, i]));
  const unit: ActivityHistogramT['unit'] =
    counted > 0 && (max - min) / 1000 <= 3 * DAY ? 'hour' : 'day';
  const size = unit === 'hour' ? HOUR : DAY;
  const buckets = new Map<number, number[]>();
  for (let r = 0; r < rows.size; r++) {
    const t = rows.timeOf(r);
    if (Number.isNaN(t)) continue;
    const start = Math.floor(t / 1000 / size) * size;
    let counts = buckets.get(start);
    if (!counts) buckets.set(start, (counts = new Array<number>(types.length).fill(0)));
    const i = slot.get(rows.typeOf(r)) ?? types.length - 1;
    counts[i] = (counts[i] as number) + 1;
  }
  return {
    revision: meta.revision,
    field: meta.field,
    unit,
    types,
    buckets: [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, counts]) => ({ start, counts })),
    counted,
    undated,
    total: rows.size,
  };
}
