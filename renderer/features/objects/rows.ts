/**
 * The objects table's rows as the view service sends them, and the small rules the table needs
 * around them: which service column a table column sorts by, which windows cover the rows in
 * view, how a row is named in the address. Sorting and finding happen in the service.
 */
import { COLUMN_SPECS } from '../../../shared/contract/columns';
import type { ViewRow, ViewSort } from '../../queries/views';
import type { SortOrder } from '../navigation/route';

/** One row of the objects table. */
export type Row = ViewRow;

/** The service's sort for a table sort; none means the server's order. */
export function viewSortOf(order: SortOrder | undefined): ViewSort | undefined {
  return order ? { column: COLUMN_SPECS[order.column].sort, direction: order.dir } : undefined;
}

/**
 * Offsets of the windows (of `size` rows each, aligned to multiples of `size`) that cover rows
 * `first`..`last`; the first window when nothing is in view yet.
 */
export function windowOffsets(first: number, last: number, size: number): number[] {
  const from = Math.floor(Math.max(0, first) / size) * size;
  const to = Math.max(from, last);
  const out: number[] = [];
  for (let o = from; o <= to; o += size) out.push(o);
  return out;
}

/** How a row is named in the address: its STIX id, or `#<position>` for content without one. */
export function rowRouteId(row: Pick<Row, 'id' | 'index'>): string {
  return row.id || `#${row.index}`;
}

/**
 * A timestamp as a string that sorts correctly by plain comparison: fraction padded to nine
 * digits (`…:00Z` and `…:00.5Z` do not sort as text otherwise). Non-timestamps are left as they are.
 */
export function timestampSortKey(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/i.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
}
