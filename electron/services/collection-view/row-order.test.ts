import { describe, expect, it } from 'vitest';
import { VIEW_COLUMNS } from '../../../shared/contract/views';
import { RowIndex } from './row-index';
import { compareRows, KeptSort, sortRows, type RowSort } from './row-order';
import { sortByText } from './string-order';

/** A small deterministic generator (the same rows every run). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 4_294_967_296;
  };
}

/** Text made to stress the sort: shared prefixes, prefixes of each other, case, non-Latin-1. */
function textOf(next: () => number): string {
  const pieces = [
    'indicator--',
    'Synthetic ',
    'a',
    'A',
    'ab',
    'abc',
    'Ünï',
    'ý',
    'þ',
    'ÿ',
    'Ā',
    '日本',
    '🙂',
    'z',
    ' ',
    '-',
    '0',
    '9',
  ];
  let s = '';
  const n = Math.floor(next() * 7);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)];
  return s;
}

function indexOf(rows: number, seed: number): RowIndex {
  const next = prng(seed);
  const index = new RowIndex();
  for (let i = 0; i < rows; i++) {
    const name = textOf(next);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    index.add({
      type: pick(['indicator', 'malware', 'Malware', 'x-ÿ', 'domain-name']),
      id: `${pick(['indicator', 'malware'])}--${textOf(next)}${Math.floor(next() * 50)}`,
      ...(name ? { name } : {}),
      ...(next() < 0.5 ? { spec_version: pick(['2.1', '2.0', '2.10']) } : {}),
      ...(next() < 0.5 ? { labels: [textOf(next), pick(['A', 'a', 'b'])] } : {}),
      ...(next() < 0.5 ? { created_by_ref: `identity--${pick(['a', 'B', 'ÿ', 'Ā'])}` } : {}),
      ...(next() < 0.5 ? { pattern: `[${textOf(next)}]` } : {}),
      ...(next() < 0.4
        ? {
            external_references: [
              { source_name: 'mitre-attack', external_id: textOf(next) || 'T1' },
            ],
          }
        : {}),
      ...(next() < 0.4
        ? {
            kill_chain_phases: [
              { kill_chain_name: pick(['k', 'K']), phase_name: textOf(next) || 'p' },
            ],
          }
        : {}),
      ...(next() < 0.5 ? { confidence: Math.floor(next() * 101) } : {}),
      ...(next() < 0.3 ? { revoked: next() < 0.5 } : {}),
      created: `2024-01-0${1 + Math.floor(next() * 9)}T00:00:00Z`,
    });
  }
  return index;
}

/** The order `sort` defines, by the one comparator (the reference). */
function reference(index: RowIndex, sort: RowSort, rows: Uint32Array): number[] {
  return [...rows].sort((a, b) => compareRows(index, sort, a, b));
}

describe('row order', () => {
  it('sorts every column in both directions exactly as the row comparator orders them', () => {
    const index = indexOf(3_000, 7);
    const all = Uint32Array.from({ length: index.size }, (_, i) => i);
    for (const column of VIEW_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { column, direction };
        expect([...sortRows(index, all, sort)], `${column} ${direction}`).toEqual(
          reference(index, sort, all),
        );
      }
    }
  });

  it('keeps a sort up to date as rows arrive, as if sorted afresh', () => {
    const whole = indexOf(2_000, 11);
    const growing = new RowIndex();
    const sorts = (['name', 'id', 'type', 'labels'] as const).map(
      (column) => new KeptSort(growing, { column, direction: 'desc' }),
    );
    const next = prng(3);
    for (let r = 0; r < whole.size;) {
      const page = 1 + Math.floor(next() * 120);
      for (const end = Math.min(whole.size, r + page); r < end; r++) {
        growing.add({ type: whole.row(r).type, id: whole.row(r).id, name: whole.row(r).name });
      }
      for (const kept of sorts) {
        const all = Uint32Array.from({ length: growing.size }, (_, i) => i);
        expect([...kept.update()]).toEqual(reference(growing, kept.sort, all));
      }
    }
  });

  it('settles the first rows of a text sort at once, and the rest when asked', () => {
    const index = indexOf(3_000, 5);
    for (const direction of ['asc', 'desc'] as const) {
      const all = Uint32Array.from({ length: index.size }, (_, i) => i);
      const sort = { column: 'name', direction } as const;
      const whole = reference(index, sort, all);
      const kept = new KeptSort(index, sort);
      expect([...kept.update(100).subarray(0, 100)]).toEqual(whole.slice(0, 100));
      // Past the first rows, the whole order at once (not a settled prefix per scroll step).
      expect([...kept.update(101)]).toEqual(whole);
      expect([...kept.update()]).toEqual(whole);
      index.add({ type: 'indicator', id: 'indicator--0', name: 'AAA first' });
      expect([...kept.update(10).subarray(0, 10)]).toEqual(
        reference(
          index,
          sort,
          Uint32Array.from({ length: index.size }, (_, i) => i),
        ).slice(0, 10),
      );
    }
  });

  it('orders text by code units, a prefix first, ties by row, past U+00FD too', () => {
    const keys = ['b', 'ab', 'a', 'ÿa', 'þ', 'Āa', 'Ā', 'ab', 'a\u0000', '🙂', 'ÿ', 'a'];
    const rows = Uint32Array.from(keys.map((_, i) => i));
    const byCodeUnits = (sign: number) =>
      [...rows].sort((a, b) => {
        const x = keys[a] as string;
        const y = keys[b] as string;
        return x === y ? a - b : (x < y ? -1 : 1) * sign;
      });
    expect([...sortByText(keys, rows.slice(), 1)]).toEqual(byCodeUnits(1));
    expect([...sortByText(keys, rows.slice(), -1)]).toEqual(byCodeUnits(-1));
    // Long runs go through the packed passes rather than the small-run comparison.
    const many = Array.from({ length: 5_000 }, (_, i) => keys[i % keys.length] + String(i % 37));
    const manyRows = Uint32Array.from(many.map((_, i) => i));
    for (const sign of [1, -1] as const) {
      const expected = [...manyRows].sort((a, b) => {
        const x = many[a] as string;
        const y = many[b] as string;
        return x === y ? a - b : (x < y ? -1 : 1) * sign;
      });
      expect([...sortByText(many, manyRows.slice(), sign)]).toEqual(expected);
      // Only the first places asked for: those exact, every row still there once.
      for (const first of [1, 30, 700]) {
        const some = sortByText(many, manyRows.slice(), sign, first);
        expect([...some.subarray(0, first)]).toEqual(expected.slice(0, first));
        expect([...some].sort((a, b) => a - b)).toEqual([...manyRows]);
      }
    }
    // Numbers after a long shared prefix, many distinct: the first places come from a narrowed few.
    const numbered = Array.from(
      { length: 20_000 },
      (_, i) => `synthetic indicator ${(i * 7_919) % 20_000}`,
    );
    const numberedRows = Uint32Array.from(numbered.map((_, i) => i));
    for (const sign of [1, -1] as const) {
      const whole = [...sortByText(numbered, numberedRows.slice(), sign)];
      const some = sortByText(numbered, numberedRows.slice(), sign, 100);
      expect([...some.subarray(0, 100)]).toEqual(whole.slice(0, 100));
    }
  });
});
