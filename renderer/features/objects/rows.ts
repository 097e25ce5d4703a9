/**
 * The objects table's row model: each loaded item flattened once into the strings the table shows
 * and sorts by. Rows keep the server's order (date added, oldest first) as `index`, so "no sort"
 * always means exactly what the server sent.
 */
import type { ColumnKey, SortOrder } from '../navigation/route';
import { isStixLike, objectLabel } from './object-label';

type Json = Readonly<Record<string, unknown>>;

/** One row of the objects table. */
export interface Row {
  /** Position in the server's order. */
  index: number;
  object: Json;
  type: string;
  label: string;
  id: string;
  created: string;
  modified: string;
  /** date_added from the manifest, when known. */
  added: string;
  spec: string;
  /** The object's version for TAXII (modified, else created), for the manifest join. */
  version: string;
  /** `id|version`: unique per row even when every version is listed. */
  key: string;
  stix: boolean;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The spec version shown for an object (STIX 2.0 objects carry none). */
export function specVersionOf(o: Json): string {
  if (typeof o.spec_version === 'string') return o.spec_version;
  if (!isStixLike(o)) return '';
  // An SDO/SRO without spec_version is STIX 2.0; a bare SCO is 2.1 (STIX 2.1 §3.1, medallion's reading).
  return typeof o.created === 'string' || typeof o.modified === 'string' ? '2.0' : '';
}

/** Builds rows for `objects`, numbered from `start`. */
export function toRows(
  objects: readonly Json[],
  start: number,
  nameOf?: (id: string) => string | undefined,
): Row[] {
  return objects.map((o, i) => {
    const stix = isStixLike(o);
    const id = stix ? (o.id as string) : '';
    const version = s(o.modified) || s(o.created);
    return {
      index: start + i,
      object: o,
      type: stix ? (o.type as string) : typeof o.type === 'string' ? o.type : '(non-STIX)',
      label: objectLabel(o, nameOf),
      id,
      created: s(o.created),
      modified: s(o.modified),
      added: '',
      spec: specVersionOf(o),
      version,
      key: `${id || `#${start + i}`}|${version}`,
      stix,
    };
  });
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

const TIME_COLUMNS: ReadonlySet<ColumnKey> = new Set(['created', 'modified', 'added']);

const valueOf = (row: Row, column: ColumnKey, addedOf: (row: Row) => string): string => {
  switch (column) {
    case 'name':
      return row.label.toLowerCase();
    case 'added':
      return addedOf(row);
    default:
      return row[column];
  }
};

/**
 * Rows in `order` (stable: ties keep the server's order; empty values sort last either way).
 * Returns the input itself when there is no order. `addedOf` reads a row's date added (joined
 * from the manifest as it arrives).
 */
export function sortRows(
  rows: readonly Row[],
  order: SortOrder | undefined,
  addedOf: (row: Row) => string = (row) => row.added,
): readonly Row[] {
  if (!order) return rows;
  const time = TIME_COLUMNS.has(order.column);
  const keyed = rows.map((row) => {
    const v = valueOf(row, order.column, addedOf);
    return { row, v: time ? timestampSortKey(v) : v };
  });
  const sign = order.dir === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.v === b.v) return a.row.index - b.row.index;
    if (a.v === '') return 1;
    if (b.v === '') return -1;
    return (a.v < b.v ? -1 : 1) * sign;
  });
  return keyed.map((k) => k.row);
}

/** Rows whose label, id or type contains `text` (case-insensitive); all rows when it is blank. */
export function findRows(rows: readonly Row[], text: string): readonly Row[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter(
    (r) =>
      r.label.toLowerCase().includes(needle) ||
      r.id.toLowerCase().includes(needle) ||
      r.type.toLowerCase().includes(needle),
  );
}
