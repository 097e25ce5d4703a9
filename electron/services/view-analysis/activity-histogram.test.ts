import { describe, expect, it } from 'vitest';
import { timeKey } from '../collection-view/row-index';
import { activityHistogram, MAX_TYPES, OTHER } from './activity-histogram';

function rows(list: Array<[string, string | undefined]>) {
  return {
    size: list.length,
    typeOf: (r: number) => list[r]![0],
    timeOf: (r: number) => timeKey(list[r]![1]),
  };
}
const sum = (h: ReturnType<typeof activityHistogram>) =>
  h.buckets.reduce((n, b) => n + b.counts.reduce((a, c) => a + c, 0), 0);

describe('activity over time', () => {
  it('counts by the hour over a short span, and every row once', () => {
    const h = activityHistogram(
      rows([
        ['indicator', '2024-01-01T10:05:00.000Z'],
        ['indicator', '2024-01-01T10:55:00.000Z'],
        ['malware', '2024-01-01T12:00:00Z'],
        ['malware', undefined],
      ]),
      { revision: 1, field: 'dateAdded' },
    );
    expect(h.unit).toBe('hour');
    expect(h.buckets.map((b) => new Date(b.start).toISOString())).toEqual([
      '2024-01-01T10:00:00.000Z',
      '2024-01-01T12:00:00.000Z',
    ]);
    expect(h.types).toEqual(['indicator', 'malware']);
    expect(h.buckets[0]!.counts).toEqual([2, 0]);
    expect(sum(h) + h.undated).toBe(h.total);
    expect(h.undated).toBe(1);
  });

  it('counts by the day over a long span and folds small types into "other"', () => {
    const list: Array<[string, string]> = [];
    for (let t = 0; t < MAX_TYPES + 3; t++)
      for (let i = 0; i <= t; i++) list.push([`type-${t}`, `2024-0${1 + (i % 9)}-01T00:00:00Z`]);
    const h = activityHistogram(rows(list), { revision: 1, field: 'modified' });
    expect(h.unit).toBe('day');
    expect(h.types).toHaveLength(MAX_TYPES);
    expect(h.types.at(-1)).toBe(OTHER);
    expect(sum(h)).toBe(list.length);
  });
});
