import { describe, expect, it } from 'vitest';
import { RowIndex } from './row-index';
import { compareRows, type RowSort } from './row-order';
import { searchText, TextIndex } from './text-index';
import { ViewWindows } from './view-windows';

function viewOf(rows: number): { index: RowIndex; windows: ViewWindows } {
  const index = new RowIndex();
  const text = new TextIndex(64 * 1024 * 1024);
  for (let i = 0; i < rows; i++) {
    const o = {
      type: i % 3 === 0 ? 'malware' : 'indicator',
      id: `indicator--${(i * 7919) % rows}`,
      name: `${i % 10 === 0 ? 'Rare' : 'Common'} thing ${(i * 104_729) % 1000}`,
      description: i % 10 === 0 ? 'needle here' : 'hay',
    };
    const row = index.add(o);
    text.add(row, searchText(o, 4096));
  }
  return { index, windows: new ViewWindows(() => index, text) };
}

/** The rows a find and a sort should give: matching rows, in the comparator's order. */
function expected(index: RowIndex, match: (r: number) => boolean, sort: RowSort): string[] {
  const rows = Array.from({ length: index.size }, (_, r) => r).filter(match);
  return rows.sort((a, b) => compareRows(index, sort, a, b)).map((r) => index.row(r).key);
}

describe('view windows', () => {
  it('sorts the rows a find matches, few or many, whether or not the whole sort is held', () => {
    const { index, windows } = viewOf(4_000);
    const sort: RowSort = { column: 'name', direction: 'desc' };
    const few = (r: number): boolean => r % 10 === 0;
    const keys = (find: string, rev: number): string[] =>
      windows.window({ offset: 0, count: 500, sort, find }, rev).rows.map((r) => r.key);
    // A tenth match: sorted on their own (no whole sort held yet).
    expect(keys('needle', 1)).toEqual(expected(index, few, sort).slice(0, 500));
    // Most match: the whole sort, filtered.
    expect(keys('thing', 1)).toEqual(expected(index, () => true, sort).slice(0, 500));
    // The whole sort now held: the few are filtered from it, the same rows in the same order.
    expect(keys('needle', 2)).toEqual(expected(index, few, sort).slice(0, 500));
    expect(windows.window({ offset: 0, count: 1, sort, find: 'needle' }, 2).total).toBe(400);
  });
});
