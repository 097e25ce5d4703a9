import { describe, expect, it } from 'vitest';
import { stackedSeries } from './activity-series';

describe('stacked activity series', () => {
  it('fills empty days, stacks cumulatively with the top type first', () => {
    const day = 86_400_000;
    const s = stackedSeries({
      revision: 1,
      field: 'dateAdded',
      unit: 'day',
      types: ['indicator', 'malware'],
      buckets: [
        { start: 0, counts: [2, 1] },
        { start: 2 * day, counts: [0, 4] },
      ],
      counted: 7,
      undated: 0,
      total: 7,
    });
    expect(s.data[0]).toEqual([0, 86_400, 172_800]);
    expect(s.order).toEqual([1, 0]);
    expect(s.data[1]).toEqual([3, 0, 4]); // indicator + malware: the whole bar
    expect(s.data[2]).toEqual([2, 0, 0]); // indicator alone, drawn over it
    expect(s.counts.flat().reduce((a, c) => a + c, 0)).toBe(7);
  });
});
