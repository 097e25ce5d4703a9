import { describe, expect, it } from 'vitest';
import { justBefore } from './pull-state';

describe('the instant just before a watermark', () => {
  it('is one unit earlier at the timestamp’s own precision, at least microseconds', () => {
    const table = [
      ['2026-12-07T22:00:00.000000Z', '2026-12-07T21:59:59.999999Z'],
      ['2026-01-01T00:00:00Z', '2025-12-31T23:59:59.999999Z'],
      ['2024-03-01T10:00:00.123Z', '2024-03-01T10:00:00.122999Z'],
      ['2024-03-01T10:00:00.123456789Z', '2024-03-01T10:00:00.123456788Z'],
      ['2024-03-01T00:00:00.000001Z', '2024-03-01T00:00:00.000000Z'],
      ['2024-02-29T23:59:59.999999Z', '2024-02-29T23:59:59.999998Z'],
    ] as const;
    for (const [given, expected] of table) expect(justBefore(given), given).toBe(expected);
  });
});
