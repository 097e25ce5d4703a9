/**
 * Sorting rows by a text key in UTF-16 code-unit order without a comparator per pair: each pass
 * packs four characters of every key (a byte each) and the row number into one double, exact
 * below 2^53, and sorts those natively; rows whose four characters tie go on to the next four.
 * A pass where every key holds the same four characters (a shared prefix such as `indicator--`)
 * costs no sort at all. Keys with a character past U+00FD at the position that decides fall back
 * to comparing the strings themselves, so the order is exactly that of `<` on strings.
 */

/** Rows are packed in the low 21 bits (a view holds fewer than 2^21 rows). */
const ROW_BITS = 2_097_152;
/** Runs this short are sorted by comparing the strings. */
const SMALL_RUN = 24;
/** The byte of a character this high or higher: ambiguous (see the file comment). */
const CLAMP = 255;

/**
 * Byte `d` of `s` for an ascending sort: 0 past its end (a prefix sorts first), else the
 * character plus one, clamped to 255.
 */
function byteAt(s: string, d: number): number {
  if (d >= s.length) return 0;
  const c = s.charCodeAt(d) + 1;
  return c < CLAMP ? c : CLAMP;
}

/**
 * Four bytes of `s` from `d` as one number below 2^32 (reversed for a descending sort). After a
 * clamped byte the rest read 0: what follows an ambiguous character must not decide the order.
 */
function chunkOf(s: string, d: number, desc: boolean): number {
  let k = 0;
  for (let i = 0; i < 4; i++) {
    const b = byteAt(s, d + i);
    k = k * 256 + b;
    if (b === CLAMP) {
      k *= 256 ** (3 - i);
      break;
    }
  }
  return desc ? 4_294_967_295 - k : k;
}

/** True when a chunk holds a clamped (ambiguous) character. */
function clamped(chunk: number, desc: boolean): boolean {
  const k = desc ? 4_294_967_295 - chunk : chunk;
  return (
    k >= 4_278_190_080 ||
    ((k >>> 16) & 255) === CLAMP ||
    ((k >>> 8) & 255) === CLAMP ||
    (k & 255) === CLAMP
  );
}

/** Compares the keys of rows `a` and `b` from character `d` on; ties by row. */
function compareFrom(
  keys: readonly string[],
  a: number,
  b: number,
  d: number,
  sign: number,
): number {
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

/** Sorts rows[lo, hi) by comparing their keys from `d` on. */
function compareSort(
  rows: Uint32Array,
  lo: number,
  hi: number,
  d: number,
  keys: readonly string[],
  sign: number,
): void {
  const part = Array.from(rows.subarray(lo, hi));
  part.sort((a, b) => compareFrom(keys, a, b, d, sign));
  rows.set(part, lo);
}

/** Runs whose chunks take at most this many values are distributed by counting, not sorted. */
const FEW = 256;

/**
 * `rows` (distinct row numbers below 2^21) ordered by `keys[row]` in code-unit order (`sign` 1:
 * ascending, -1: descending), ties by row number ascending; sorted in place and returned. With
 * `first`, only the first `first` places are sure (a run wholly past them is left unsorted):
 * the first screen of a sort costs a fraction of the whole.
 * Every run handled is in ascending row order, and each step keeps ties in it (a stable
 * distribution, or row bits below the chunk), so ties never need sorting again.
 */
export function sortByText(
  keys: readonly string[],
  rows: Uint32Array,
  sign: 1 | -1,
  first = Number.POSITIVE_INFINITY,
): Uint32Array {
  const desc = sign < 0;
  const n = rows.length;
  rows.sort();
  const packed = new Float64Array(n);
  const bucketOf = new Uint16Array(n);
  const moved = new Uint32Array(n);
  // Runs still to sort: [lo, hi, d] triples.
  const todo: number[] = [0, n, 0];
  /** Queues rows[i, j), whose chunks at d tie, for the next chunk unless they are settled. */
  const tied = (i: number, j: number, chunk: number, d: number): void => {
    if (j - i < 2) return;
    if (clamped(chunk, desc)) compareSort(rows, i, j, d, keys, sign);
    else if ((keys[rows[i] as number] as string).length > d + 3) todo.push(i, j, d + 4);
    // Else they all ended inside the chunk: equal, already in row order.
  };
  while (todo.length > 0) {
    const d = todo.pop() as number;
    const hi = todo.pop() as number;
    const lo = todo.pop() as number;
    if (hi - lo <= 1 || lo >= first) continue;
    if (hi - lo <= SMALL_RUN) {
      compareSort(rows, lo, hi, d, keys, sign);
      continue;
    }
    // One pass: each row's chunk, and the distinct chunks while they stay few.
    let seen: Map<number, number> | undefined = new Map();
    const distinct: number[] = [];
    // The prefix every key of the run shares: a run that ties on this chunk skips all of it.
    const head = keys[rows[lo] as number] as string;
    let shared = head.length;
    for (let i = lo; i < hi; i++) {
      const key = keys[rows[i] as number] as string;
      if (shared > d) {
        const end = Math.min(shared, key.length);
        let k = d;
        while (k < end && key.charCodeAt(k) === head.charCodeAt(k)) k++;
        shared = k;
      }
      const chunk = chunkOf(key, d, desc);
      packed[i] = chunk;
      if (seen) {
        let b = seen.get(chunk);
        if (b === undefined) {
          if (distinct.length === FEW) {
            seen = undefined;
            continue;
          }
          b = distinct.length;
          distinct.push(chunk);
          seen.set(chunk, b);
        }
        bucketOf[i] = b;
      }
    }
    if (seen && distinct.length === 1) {
      const chunk = distinct[0] as number;
      if (clamped(chunk, desc) || head.length <= d + 3) tied(lo, hi, chunk, d);
      else todo.push(lo, hi, Math.max(shared, d + 4));
      continue;
    }
    if (seen) {
      // Few values (types, a shared word): a stable counting distribution, no sort.
      const order = distinct
        .map((_, b) => b)
        .sort((a, b) => (distinct[a] as number) - (distinct[b] as number));
      const start = new Uint32Array(distinct.length + 1);
      for (let i = lo; i < hi; i++) (start[(bucketOf[i] as number) + 1] as number)++;
      const at = new Uint32Array(distinct.length);
      let sum = lo;
      for (const b of order) {
        at[b] = sum;
        sum += start[b + 1] as number;
      }
      const firsts = at.slice();
      for (let i = lo; i < hi; i++) {
        const b = bucketOf[i] as number;
        const to = at[b] as number;
        moved[to] = rows[i] as number;
        at[b] = to + 1;
      }
      rows.set(moved.subarray(lo, hi), lo);
      for (const b of order) tied(firsts[b] as number, at[b] as number, distinct[b] as number, d);
      continue;
    }
    // Only the first places wanted of a big run: keep the rows whose first two bytes could
    // reach them (counted in one pass) and take those again as a run of their own (often one
    // shared chunk, or few: no sort); the rest stay behind, unsorted.
    if (first - lo < (hi - lo) / 4) {
      const kept = narrowTo(rows, packed, moved, lo, hi, first - lo);
      if (kept < hi - lo) {
        todo.push(lo, lo + kept, d);
        continue;
      }
    }
    const end = hi;
    for (let i = lo; i < end; i++)
      packed[i] = (packed[i] as number) * ROW_BITS + (rows[i] as number);
    packed.subarray(lo, end).sort();
    for (let i = lo; i < end; i++) {
      const p = packed[i] as number;
      rows[i] = p - Math.floor(p / ROW_BITS) * ROW_BITS;
    }
    let i = lo;
    while (i < end) {
      const chunk = Math.floor((packed[i] as number) / ROW_BITS);
      let j = i + 1;
      while (j < end && Math.floor((packed[j] as number) / ROW_BITS) === chunk) j++;
      tied(i, j, chunk, d);
      i = j;
    }
  }
  return rows;
}

/**
 * Moves to the front of rows[lo, hi) (with their chunks in `chunks`) the rows whose chunk's top
 * two bytes are at most the smallest value reached by `want` rows, in their order; returns how
 * many (at least `want`). `scratch` is room for rows.
 */
function narrowTo(
  rows: Uint32Array,
  chunks: Float64Array,
  scratch: Uint32Array,
  lo: number,
  hi: number,
  want: number,
): number {
  const counts = new Uint32Array(65_536);
  for (let i = lo; i < hi; i++) (counts[Math.floor((chunks[i] as number) / 65_536)] as number)++;
  let top = 0;
  for (let sum = 0; top < 65_536; top++) {
    sum += counts[top] as number;
    if (sum >= want) break;
  }
  let front = lo;
  let back = hi;
  const backChunks = new Float64Array(hi - lo);
  for (let i = lo; i < hi; i++) {
    const c = chunks[i] as number;
    if (Math.floor(c / 65_536) <= top) {
      chunks[front] = c;
      scratch[front++] = rows[i] as number;
    } else {
      backChunks[--back - lo] = c;
      scratch[back] = rows[i] as number;
    }
  }
  rows.set(scratch.subarray(lo, hi), lo);
  chunks.set(backChunks.subarray(back - lo, hi - lo), back);
  return front - lo;
}
