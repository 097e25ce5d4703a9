/**
 * Find over every text field of every row: each row's strings, lower-cased and joined, sit in a
 * few large Buffers (no object per row), so a find is a native `indexOf` scan over the bytes and
 * costs one pass however many rows there are. UTF-8 is self-synchronising, so a byte match of a
 * lower-cased needle is a character match.
 */

/** Bytes per chunk of text. */
const CHUNK_BYTES = 32 * 1024 * 1024;
/** Ends a row's text, so a needle never matches across two rows (needles never hold it). */
const ROW_END = 0;

interface Chunk {
  buf: Buffer;
  used: number;
  /** Row of the chunk's first text. */
  firstRow: number;
  /** Start offset of each row's text in the chunk. */
  starts: Uint32Array;
  count: number;
}

/** The rows' lower-cased text, append-only; see the file comment. */
export class TextIndex {
  readonly #chunks: Chunk[] = [];
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends row `row`'s text (rows come in order, each once). False when the index is full
   * (`maxBytes`): the caller stops the view rather than find silently missing rows.
   */
  add(row: number, text: string): boolean {
    const size = Buffer.byteLength(text, 'utf8') + 1;
    if (this.#bytes + size > this.maxBytes) return false;
    let chunk = this.#chunks.at(-1);
    if (!chunk || chunk.used + size > chunk.buf.length) {
      chunk = {
        buf: Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size)),
        used: 0,
        firstRow: row,
        starts: new Uint32Array(1024),
        count: 0,
      };
      this.#chunks.push(chunk);
    }
    if (chunk.count === chunk.starts.length) {
      const grown = new Uint32Array(chunk.starts.length * 2);
      grown.set(chunk.starts);
      chunk.starts = grown;
    }
    chunk.starts[chunk.count++] = chunk.used;
    chunk.used += chunk.buf.write(text, chunk.used, 'utf8');
    chunk.buf[chunk.used++] = ROW_END;
    this.#bytes += size;
    return true;
  }

  /**
   * Calls `hit(row)` once for each row from `fromRow` on whose text contains `needle` (already
   * lower-cased, non-empty), in row order.
   */
  find(needle: string, fromRow: number, hit: (row: number) => void): void {
    const n = Buffer.from(needle, 'utf8');
    for (const chunk of this.#chunks) {
      const rows = chunk.count;
      if (chunk.firstRow + rows <= fromRow) continue;
      const view = chunk.buf.subarray(0, chunk.used);
      let local = Math.max(0, fromRow - chunk.firstRow);
      let pos = chunk.starts[local] ?? chunk.used;
      for (;;) {
        pos = view.indexOf(n, pos);
        if (pos < 0) break;
        local = lastAtOrBefore(chunk.starts, rows, pos, local);
        hit(chunk.firstRow + local);
        local++;
        if (local >= rows) break;
        pos = chunk.starts[local] as number;
      }
    }
  }

  /** Frees the text. */
  clear(): void {
    this.#chunks.length = 0;
    this.#bytes = 0;
  }
}

/** The last index in `starts[lo..count)` whose value is ≤ pos. */
function lastAtOrBefore(starts: Uint32Array, count: number, pos: number, lo: number): number {
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Timestamps add nothing a person searches for, and would double the text. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The searchable text of one object: every string value at any depth (descriptions, names,
 * patterns, external references, ids), timestamps left out, lower-cased, at most `max` characters.
 */
export function searchText(value: unknown, max: number): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (v: unknown, depth: number): void => {
    if (length >= max || depth > 20) return;
    if (typeof v === 'string') {
      if (v.length === 0 || (v.length <= 32 && TIMESTAMP.test(v))) return;
      parts.push(v);
      length += v.length + 1;
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  const text = parts.join('\n').toLowerCase();
  // No NUL inside a row's text: it ends rows.
  const clean = text.includes('\0') ? text.replaceAll('\0', ' ') : text;
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** A person's find text as a needle: trimmed, lower-cased, without NUL; '' finds everything. */
export function needleOf(find: string | undefined): string {
  return (find ?? '').replaceAll('\0', '').trim().toLowerCase();
}
