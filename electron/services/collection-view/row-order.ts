/**
 * Sorting a view's rows once per (revision, column, direction), in the service, and keeping the
 * order up to date as rows arrive by merging the new rows in (O(N) per revision, not a re-sort).
 * Ties keep the server's order and empty values sort last in both directions, as the objects
 * table always has. Small-number columns sort through packed native Float64Array sorts; string
 * columns through a multikey (three-way radix) quicksort, fast on the long shared prefixes of
 * ids and timestamps.
 */
import { NUMERIC_COLUMNS, TIME_COLUMNS, type RowIndex, type SortableColumn } from './row-index';

/** Rows above this cannot be packed with their sort rank into one double (2^21). */
export const MAX_SORTABLE_ROWS = 2_097_152;
const ROW_BITS = 2_097_152;

/** A sort of a view. */
export interface RowSort {
  column: SortableColumn | 'order';
  direction: 'asc' | 'desc';
}

/** Rows `rows` (distinct row numbers) in the order `sort`, as a new array. */
export function sortRows(index: RowIndex, rows: Uint32Array, sort: RowSort): Uint32Array {
  if (sort.column === 'order') {
    const out = Uint32Array.from(rows).sort();
    return sort.direction === 'asc' ? out : out.reverse();
  }
  const column = sort.column;
  if (NUMERIC_COLUMNS.has(column)) return sortNumeric(index, rows, column, sort.direction);
  if (TIME_COLUMNS.has(column)) {
    const keys = index.timeKeys(column as 'created' | 'modified' | 'dateAdded');
    return sortByKeys(keys, rows, sort.direction);
  }
  return sortStrings(index, rows, column, sort.direction);
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
): Uint32Array {
  const full: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (index.sortValue(column, r) === '') empty.push(r);
    else full.push(r);
  }
  const ids = Uint32Array.from(full);
  const keys = new Array<string>(index.size);
  for (const r of full) keys[r] = index.sortValue(column, r) as string;
  multikey(ids, 0, ids.length, 0, keys, direction === 'asc' ? 1 : -1);
  const out = new Uint32Array(rows.length);
  out.set(ids);
  out.set(Uint32Array.from(empty).sort(), ids.length);
  return out;
}

/** Character `d` of `s` as a number that orders as `sign` wants; the end of `s` orders first ascending. */
function charAt(s: string, d: number, sign: number): number {
  return d < s.length ? s.charCodeAt(d) * sign : -sign;
}

/** Multikey quicksort of ids[lo, hi) by keys[id] from character d on; ties by row number. */
function multikey(
  ids: Uint32Array,
  lo: number,
  hi: number,
  d: number,
  keys: string[],
  sign: number,
): void {
  for (;;) {
    const n = hi - lo;
    if (n <= 1) return;
    if (n < 24) {
      insertion(ids, lo, hi, d, keys, sign);
      return;
    }
    const pivot = charAt(keys[ids[lo + (n >>> 1)] as number] as string, d, sign);
    let lt = lo;
    let gt = hi - 1;
    let i = lo;
    while (i <= gt) {
      const c = charAt(keys[ids[i] as number] as string, d, sign);
      if (c < pivot) swap(ids, lt++, i++);
      else if (c > pivot) swap(ids, i, gt--);
      else i++;
    }
    multikey(ids, lo, lt, d, keys, sign);
    multikey(ids, gt + 1, hi, d, keys, sign);
    // The middle: equal at d. Strings that ended there are equal: order them by row.
    const ended = pivot === -sign;
    if (ended) {
      ids.subarray(lt, gt + 1).sort();
      return;
    }
    lo = lt;
    hi = gt + 1;
    d++;
  }
}

function insertion(
  ids: Uint32Array,
  lo: number,
  hi: number,
  d: number,
  keys: string[],
  sign: number,
): void {
  for (let i = lo + 1; i < hi; i++) {
    const id = ids[i] as number;
    let j = i;
    while (j > lo && compareFrom(keys, ids[j - 1] as number, id, d, sign) > 0) {
      ids[j] = ids[j - 1] as number;
      j--;
    }
    ids[j] = id;
  }
}

function compareFrom(keys: string[], a: number, b: number, d: number, sign: number): number {
  const x = keys[a] as string;
  const y = keys[b] as string;
  if (x !== y) {
    const n = Math.min(x.length, y.length);
    for (let k = d; k < n; k++) {
      const diff = x.charCodeAt(k) - y.charCodeAt(k);
      if (diff !== 0) return diff * sign;
    }
    if (x.length !== y.length) return (x.length - y.length) * sign;
  }
  return a - b;
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
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
 * added arrived, for the date column) into the order instead of sorting everything again.
 */
export class KeptSort {
  #order: Uint32Array = new Uint32Array(0);
  #rows = 0;
  #dated = 0;

  constructor(
    private readonly index: RowIndex,
    readonly sort: RowSort,
  ) {}

  /** Every row in order, up to date with the index. */
  update(): Uint32Array {
    const index = this.index;
    const size = index.size;
    const moved =
      this.sort.column === 'dateAdded' ? index.dated.slice(this.#dated) : ([] as number[]);
    this.#dated = index.dated.length;
    if (size === this.#rows && moved.length === 0) return this.#order;
    const fresh: number[] = [];
    for (const r of moved) if (r < this.#rows) fresh.push(r);
    const added = size - this.#rows;
    if (this.#rows === 0 || added + fresh.length > this.#rows / 4) {
      // Much is new: one sort of everything is cheaper than merging.
      const all = new Uint32Array(size);
      for (let i = 0; i < size; i++) all[i] = i;
      this.#order = sortRows(index, all, this.sort);
      this.#rows = size;
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
    return out;
  }
}
