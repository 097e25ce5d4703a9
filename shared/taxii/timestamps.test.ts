import { describe, expect, it } from 'vitest';
import {
  compareTimestamps,
  formatTaxiiTimestamp,
  isStrictTaxiiTimestamp,
  isTimestamp,
  oneUnitBefore,
  parseTimestamp,
} from './timestamps';

describe('timestamps', () => {
  it('accepts 0 to 9 fractional digits and keeps the exact string', () => {
    for (const t of [
      '2024-01-31T12:00:00Z',
      '2024-01-31T12:00:00.1Z',
      '2024-01-31T12:00:00.123Z',
      '2024-01-31T12:00:00.12345Z',
      '2024-01-31T12:00:00.123456Z',
      '2024-01-31T12:00:00.123456789Z',
    ]) {
      expect(parseTimestamp(t)?.text).toBe(t);
    }
  });

  it('rejects offsets, missing Z, impossible dates and the spec example typo', () => {
    for (const t of [
      '2024-01-31T12:00:00+00:00',
      '2024-01-31T12:00:00',
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2016-11-04T03:04:051Z',
      '2024-01-31T12:00:00.Z',
      '2024-01-31 12:00:00Z',
      'undefined',
      '',
    ]) {
      expect(isTimestamp(t), t).toBe(false);
    }
    expect(isTimestamp('2024-02-29T00:00:00Z')).toBe(true);
    expect(isTimestamp('2016-12-31T23:59:60Z')).toBe(true);
  });

  it('compares instants regardless of precision, without losing microseconds', () => {
    expect(compareTimestamps('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z')).toBe(0);
    expect(compareTimestamps('2024-01-01T00:00:00.000001Z', '2024-01-01T00:00:00.000Z')).toBe(1);
    expect(compareTimestamps('2024-01-01T00:00:00.0000009Z', '2024-01-01T00:00:00.000001Z')).toBe(
      -1,
    );
    expect(compareTimestamps('junk', '2024-01-01T00:00:00Z')).toBe(1);
  });

  it('knows the strict TAXII 2.1 form', () => {
    expect(isStrictTaxiiTimestamp('2024-01-01T00:00:00.000001Z')).toBe(true);
    expect(isStrictTaxiiTimestamp('2024-01-01T00:00:00.001Z')).toBe(false);
  });

  it('formats six fractional digits', () => {
    expect(formatTaxiiTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 678), 9)).toBe(
      '2024-01-02T03:04:05.678009Z',
    );
  });

  it("steps back one unit of the value's own precision, carrying across seconds and days", () => {
    expect(oneUnitBefore('2024-01-02T03:04:05.123456Z')).toBe('2024-01-02T03:04:05.123455Z');
    expect(oneUnitBefore('2024-01-02T03:04:05.120Z')).toBe('2024-01-02T03:04:05.119Z');
    expect(oneUnitBefore('2024-01-02T03:04:05.000000Z')).toBe('2024-01-02T03:04:04.999999Z');
    expect(oneUnitBefore('2024-03-01T00:00:00Z')).toBe('2024-02-29T23:59:59Z');
    expect(oneUnitBefore('2024-01-01T00:00:00.0Z')).toBe('2023-12-31T23:59:59.9Z');
    expect(oneUnitBefore('yesterday')).toBeUndefined();
    const t = '2024-01-02T03:04:05.123456789Z';
    expect(compareTimestamps(oneUnitBefore(t)!, t)).toBe(-1);
  });
});
