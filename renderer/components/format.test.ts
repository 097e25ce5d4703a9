import { describe, expect, it } from 'vitest';
import { formatCachedAt } from './format';

describe('when cached pages were stored, said short', () => {
  it('gives the time for pages stored today', () => {
    expect(formatCachedAt('2025-06-01T10:49:09.123Z', '2025-06-01T18:00:00.000Z')).toBe(
      '10:49 UTC',
    );
  });

  it('gives the date for older pages', () => {
    expect(formatCachedAt('2025-05-30T10:49:09.123Z', '2025-06-01T18:00:00.000Z')).toBe(
      '2025-05-30',
    );
  });
});
