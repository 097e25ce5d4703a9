/**
 * Windows of a view's rows: the current ordering (a kept sort), narrowed by find and by types,
 * computed once per (revision, sort, find, types) and then sliced, so a scroll costs one slice.
 */
import type { ViewRowT } from '../../../shared/contract/views';
import type { RowIndex } from './row-index';
import { KeptSort, sortRows, type RowSort } from './row-order';
import { needleOf, type TextIndex } from './text-index';

/** What a window asks for. */
export interface WindowQuery {
  offset: number;
  count: number;
  sort?: RowSort;
  find?: string;
  types?: readonly string[];
}

/** Rows matching a find, kept up to date as rows arrive (only new rows are searched). */
interface Found {
  needle: string;
  rows: number;
  marks: Uint8Array;
  count: number;
}

const MAX_SORTS = 3;
/** Rows put in order by a new sort before the rest is needed (a few screens' worth). */
const FIRST_ROWS = 2_000;
const MAX_FINDS = 3;

/** The windows of one view; see the file comment. */
export class ViewWindows {
  readonly #sorts: KeptSort[] = [];
  readonly #finds: Found[] = [];
  /** The last ordering answered: sure in its first `sure` places (all, once narrowed). */
  #narrowed: { key: string; rows: Uint32Array; sure: number } | undefined;
  #seen: RowIndex | undefined;

  constructor(
    private readonly index: () => RowIndex,
    private readonly text: TextIndex,
  ) {}

  /** Forgets everything computed (the rows were replaced). */
  reset(): void {
    this.#sorts.length = 0;
    this.#finds.length = 0;
    this.#narrowed = undefined;
  }

  /** The index, forgetting what was computed over a previous one (after a refresh). */
  #current(): RowIndex {
    const index = this.index();
    if (index !== this.#seen) {
      this.reset();
      this.#seen = index;
    }
    return index;
  }

  /** One window: `total` rows match, `rows` are those from `offset`. */
  window(q: WindowQuery, revision: number): { total: number; rows: ViewRowT[] } {
    const index = this.#current();
    const order = this.#ordered(q, revision);
    const total = order ? order.length : index.size;
    const rows: ViewRowT[] = [];
    const end = Math.min(total, q.offset + q.count);
    for (let i = q.offset; i < end; i++) rows.push(index.row(order ? (order[i] as number) : i));
    return { total, rows };
  }

  /** Counts by type, over the rows a find matches (or all). */
  counts(find: string | undefined): { byType: Record<string, number>; total: number } {
    const index = this.#current();
    const found = this.#found(needleOf(find));
    const byType = index.countsByType(found?.marks);
    return { byType, total: found ? found.count : index.size };
  }

  /** The rows in order, narrowed; undefined when that is simply every row in server order. */
  #ordered(q: WindowQuery, revision: number): Uint32Array | undefined {
    const needle = needleOf(q.find);
    const types = q.types && q.types.length > 0 ? [...q.types].sort() : undefined;
    const plain = !q.sort || (q.sort.column === 'order' && q.sort.direction === 'asc');
    if (plain && needle === '' && !types) return undefined;
    const key = JSON.stringify([revision, q.sort, needle, types]);
    if (this.#narrowed?.key === key && q.offset + q.count <= this.#narrowed.sure)
      return this.#narrowed.rows;
    const index = this.index();
    const found = this.#found(needle);
    const narrowed = needle !== '' || types !== undefined;
    // Unnarrowed, only the rows up to the window need to be in order yet (the first screens).
    const first = narrowed ? Number.POSITIVE_INFINITY : Math.max(q.offset + q.count, FIRST_ROWS);
    let typeMarks: Uint8Array | undefined;
    if (types) {
      typeMarks = new Uint8Array(index.types.size + 1);
      for (const t of types) {
        const id = index.types.has(t) ? index.types.idOf(t) : 0;
        if (id > 0) typeMarks[id] = 1;
      }
    }
    const size = index.size;
    const keep = (r: number): boolean =>
      (!found || found.marks[r] === 1) && (!typeMarks || typeMarks[index.typeIdOf(r)] === 1);
    let rows: Uint32Array;
    if (!narrowed) rows = this.#sorted(q.sort as RowSort, first);
    else {
      const out: number[] = [];
      for (let r = 0; r < size; r++) if (keep(r)) out.push(r);
      rows = Uint32Array.from(out);
      if (!plain) {
        // Few rows match (a find): sort just them rather than every row. Many: the view's
        // kept sort, filtered, is cheaper and stays up to date.
        const held = this.#heldSort(q.sort as RowSort);
        rows =
          rows.length <= size / 4 && !held
            ? sortRows(index, rows, q.sort as RowSort)
            : this.#sorted(q.sort as RowSort, Number.POSITIVE_INFINITY).filter(keep);
      }
    }
    this.#narrowed = { key, rows, sure: Math.min(first, rows.length) };
    return rows;
  }

  /** The kept sort `sort` when it already holds the whole order of every row. */
  #heldSort(sort: RowSort): KeptSort | undefined {
    const kept = this.#sorts.find(
      (s) => s.sort.column === sort.column && s.sort.direction === sort.direction,
    );
    return kept?.complete(this.index().size) ? kept : undefined;
  }

  #sorted(sort: RowSort, first: number): Uint32Array {
    let kept = this.#sorts.find(
      (s) => s.sort.column === sort.column && s.sort.direction === sort.direction,
    );
    if (!kept) {
      kept = new KeptSort(this.index(), sort);
      this.#sorts.unshift(kept);
      this.#sorts.length = Math.min(this.#sorts.length, MAX_SORTS);
    }
    return kept.update(first);
  }

  #found(needle: string): Found | undefined {
    if (needle === '') return undefined;
    const size = this.index().size;
    let f = this.#finds.find((x) => x.needle === needle);
    if (!f) {
      f = { needle, rows: 0, marks: new Uint8Array(Math.max(1024, size)), count: 0 };
      this.#finds.unshift(f);
      this.#finds.length = Math.min(this.#finds.length, MAX_FINDS);
    }
    if (f.rows < size) {
      if (f.marks.length < size) {
        const grown = new Uint8Array(Math.max(size, f.marks.length * 2));
        grown.set(f.marks);
        f.marks = grown;
      }
      const found = f;
      this.text.find(needle, f.rows, (r) => {
        if (r < size && found.marks[r] === 0) {
          found.marks[r] = 1;
          found.count++;
        }
      });
      f.rows = size;
    }
    return f;
  }
}
