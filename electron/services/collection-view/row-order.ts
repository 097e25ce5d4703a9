/**
 * Sorting a view's rows once per (revision, column, direction), in the service, and keeping the
 * order up to date as rows arrive by merging the new rows in (O(N) per revision, not a re-sort).
 * Ties keep the server's order and empty values sort last in both directions, as the objects
 * table always has. Numbers, timestamps and the few distinct values of a string table sort as a
 * rank and a row packed into one double, natively; other text through ./string-order.ts (no
 * comparator per pair either).
 */
import {
  NUMERIC_COLUMNS,
  TABLE_COLUMNS,
  TIME_COLUMNS,
  type RowIndex,
  type SortableColumn,
} from './row-index';
import { sortByText } from './string-order';

/** Rows above this cannot be packed with their sort rank into one double (2^21). */
export const MAX_SORTABLE_ROWS = 2_097_152;
const ROW_BITS = 2_097_152;

/** A sort of a view. */
export interface RowSort {
  column: SortableColumn | 'order';
  direction: 'asc' | 'desc';
}

/**
 * Rows `rows` (distinct row numbers) in the order `sort`, as a new array; with `first`, only the
 * first `first` places are sure for text columns (see `sortByText`), the rest in no set order.
 */
export function sortRows(
  index: RowIndex,
  rows: Uint32Array,
  sort: RowSort,
  first = Number.POSITIVE_INFINITY,
): Uint32Array {
  if (sort.column === 'order') {
    const out = new Uint32Array(rows).sort();
    return sort.direction === 'asc' ? out : out.reverse();
  }
  const column = sort.column;
  if (NUMERIC_COLUMNS.has(column)) return sortNumeric(index, rows, column, sort.direction);
  if (TIME_COLUMNS.has(column)) {
    const keys = index.timeKeys(column as 'created' | 'modified' | 'dateAdded');
    return sortByKeys(keys, rows, sort.direction);
  }
  return sortStrings(index, rows, column, sort.direction, first);
}

/**
 * Rows by numeric keys (NaN last): each key replaced by its rank among the keys (one native
 * sort and a binary search per row), then rank and row packed into one double and sorted
 * natively, so ties keep the row order with no comparator call at all.
 */
function sortByKeys(keys: Float64Array, rows: Uint32Array, direction: 'asc' | 'desc'): Uint32Array {
  const n = rows.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = keys[rows[i] as number] as number;
  const sorted = values.slice().sort();
  let present = n;
  while (present > 0 && Number.isNaN(sorted[present - 1])) present--;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let rank: number;
    if (Number.isNaN(v)) rank = 4 * ROW_BITS;
    else {
      let lo = 0;
      let hi = present - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      rank = direction === 'asc' ? lo : present - lo;
    }
    packed[i] = rank * ROW_BITS + (rows[i] as number);
  }
  packed.sort();
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = (packed[i] as number) % ROW_BITS;
  return out;
}

function sortNumeric(
  index: RowIndex,
  rows: Uint32Array,
  column: SortableColumn,
  direction: 'asc' | 'desc',
): Uint32Array {
  // value in [-1, 1000]: -1 empty. Packed: rank * 2^21 + row, exact in a double.
  const packed = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const v = index.sortValue(column, r) as number;
    const rank = v < 0 ? 4096 : direction === 'asc' ? v : 2048 - v;
    packed[i] = rank * ROW_BITS + r;
  }
  packed.sort();
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < packed.length; i++) out[i] = (packed[i] as number) % ROW_BITS;
  return out;
}

function sortStrings(
  index: RowIndex,
  rows: Uint32Array,
  column: SortableColumn,
  direction: 'asc' | 'desc',
  first: number,
): Uint32Array {
  const table = index.tableColumn(column);
  if (table) return sortTable(table, rows, direction);
  // The column's own strings where they are the sort values (no copy of a million pointers);
  // typed arrays for the rows: a sort of a big view should leave little for the collector.
  const held = index.textColumn(column);
  const made = held ? undefined : new Array<string>(index.size);
  const out = new Uint32Array(rows.length);
  let full = 0;
  let empty = rows.length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const v = held ? held[r] : (index.sortValue(column, r) as string);
    if (v === undefined || v === '') out[--empty] = r;
    else {
      out[full++] = r;
      if (made) made[r] = v;
    }
  }
  const keys = (held ?? made) as readonly string[];
  sortByText(keys, out.subarray(0, full), direction === 'asc' ? 1 : -1, first);
  out.subarray(full).sort();
  return out;
}

/**
 * Rows of a column held in a string table: the table's few distinct values are ranked (equal
 * values share a rank), then rank and row are packed into one double and sorted natively.
 */
function sortTable(
  table: { ids: ArrayLike<number>; values: string[] },
  rows: Uint32Array,
  direction: 'asc' | 'desc',
): Uint32Array {
  const { ids, values } = table;
  const present: number[] = [];
  for (let id = 1; id < values.length; id++) if (values[id] !== '') present.push(id);
  const byValue = sortByText(values, Uint32Array.from(present), 1);
  const rank = new Float64Array(values.length).fill(4 * ROW_BITS);
  let r = -1;
  let last: string | undefined;
  for (const id of byValue) {
    const v = values[id] as string;
    if (v !== last) r++;
    last = v;
    rank[id] = r;
  }
  const top = r;
  const packed = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    let k = rank[ids[row] as number] as number;
    if (direction === 'desc' && k <= top) k = top - k;
    packed[i] = k * ROW_BITS + row;
  }
  packed.sort();
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = (packed[i] as number) % ROW_BITS;
  return out;
}

/** True when `sortRows` with `first` may leave places past `first` out of order. */
function settlesFirstOnly(sort: RowSort): boolean {
  const c = sort.column;
  return c !== 'order' && !NUMERIC_COLUMNS.has(c) && !TIME_COLUMNS.has(c) && !TABLE_COLUMNS.has(c);
}

/** Compares two rows in the order `sort` (the same order `sortRows` produces). */
export function compareRows(index: RowIndex, sort: RowSort, a: number, b: number): number {
  if (sort.column === 'order') return sort.direction === 'asc' ? a - b : b - a;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const x = index.sortValue(sort.column, a);
  const y = index.sortValue(sort.column, b);
  const ex = x === '' || x === -1 || Number.isNaN(x);
  const ey = y === '' || y === -1 || Number.isNaN(y);
  if (ex || ey) return ex && ey ? a - b : ex ? 1 : -1;
  if (x === y) return a - b;
  return (x < y ? -1 : 1) * sign;
}

/**
 * A sort kept up to date as the index grows: `update()` merges rows added (and rows whose date
 * added arrived, for the date column) into the order instead of sorting everything again. Asked
 * for only its first rows (`update(first)`), a fresh text sort settles only those, and the rest
 * once a later call needs them.
 */
export class KeptSort {
  #order: Uint32Array = new Uint32Array(0);
  #rows = 0;
  #dated = 0;
  /** Places of `#order` that are sure (all of them unless a first-rows sort left it partial). */
  #sure = 0;

  constructor(
    private readonly index: RowIndex,
    readonly sort: RowSort,
  ) {}

  /** True when the order held is whole and up to date with `size` rows (no sort needed). */
  complete(size: number): boolean {
    return this.#rows === size && this.#sure === size && this.sort.column !== 'dateAdded';
  }

  /** Every row, in order at least in its first `first` places, up to date with the index. */
  update(first = Number.POSITIVE_INFINITY): Uint32Array {
    const index = this.index;
    const size = index.size;
    const moved =
      this.sort.column === 'dateAdded' ? index.dated.slice(this.#dated) : ([] as number[]);
    this.#dated = index.dated.length;
    const partial = this.#sure < this.#rows;
    if (size === this.#rows && moved.length === 0 && (!partial || first <= this.#sure))
      return this.#order;
    const fresh: number[] = [];
    for (const r of moved) if (r < this.#rows) fresh.push(r);
    const added = size - this.#rows;
    if (partial || this.#rows === 0 || added + fresh.length > this.#rows / 4) {
      // Much is new (or the order was only sure at its start): sort everything afresh. Only a
      // new sort settles just its first rows; once more is needed (a scroll past them, rows
      // arriving), the whole order is made, and later rows are merged into it.
      const want = this.#rows === 0 ? first : Number.POSITIVE_INFINITY;
      const all = new Uint32Array(size);
      for (let i = 0; i < size; i++) all[i] = i;
      this.#order = sortRows(index, all, this.sort, want);
      this.#rows = size;
      this.#sure = settlesFirstOnly(this.sort) ? Math.min(size, want) : size;
      return this.#order;
    }
    let old: Uint32Array = this.#order;
    if (fresh.length > 0) {
      const gone = new Uint8Array(this.#rows);
      for (const r of fresh) gone[r] = 1;
      old = old.filter((r) => gone[r] === 0);
    }
    const incoming = new Uint32Array(added + fresh.length);
    for (let i = 0; i < added; i++) incoming[i] = this.#rows + i;
    incoming.set(fresh, added);
    const sorted = sortRows(index, incoming, this.sort);
    const out = new Uint32Array(old.length + sorted.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < sorted.length) {
      // Gallop: find where the next incoming row goes among the old ones by binary search.
      const next = sorted[j] as number;
      let lo = i;
      let hi = old.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRows(index, this.sort, old[mid] as number, next) < 0) lo = mid + 1;
        else hi = mid;
      }
      out.set(old.subarray(i, lo), k);
      k += lo - i;
      i = lo;
      out[k++] = next;
      j++;
    }
    out.set(old.subarray(i), k);
    k += old.length - i;
    out.set(sorted.subarray(j), k);
    this.#order = out;
    this.#rows = size;
    this.#sure = size;
    return out;
  }
}
