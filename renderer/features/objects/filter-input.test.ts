import { describe, expect, it } from 'vitest';
import { parseTimestampInput, splitList, toObjectFilters } from './filter-input';

describe('filter input', () => {
  it('keeps typed fractional digits exactly', () => {
    expect(parseTimestampInput('2025-01-06T08:00:00.123456Z')).toEqual({
      ok: true,
      value: '2025-01-06T08:00:00.123456Z',
    });
  });

  it('completes a partial UTC time with seconds and milliseconds', () => {
    expect(parseTimestampInput('2025-01-06 08:30')).toEqual({
      ok: true,
      value: '2025-01-06T08:30:00.000Z',
    });
    expect(parseTimestampInput('2025-01-06')).toEqual({
      ok: true,
      value: '2025-01-06T00:00:00.000Z',
    });
    expect(parseTimestampInput('2025-01-06T08:30:05.1')).toEqual({
      ok: true,
      value: '2025-01-06T08:30:05.1Z',
    });
  });

  it('refuses an impossible or unreadable time with a plain message', () => {
    const bad = parseTimestampInput('2025-02-30T00:00:00Z');
    expect(bad.ok).toBe(false);
    expect(parseTimestampInput('yesterday')).toMatchObject({
      ok: false,
      message: expect.stringContaining('UTC'),
    });
  });

  it('splits lists on commas, spaces and lines', () => {
    expect(splitList(' a, b\nc  d,,')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves out empty filters', () => {
    expect(toObjectFilters({ types: [], ids: [], specVersions: [], versions: [] })).toBeUndefined();
    expect(
      toObjectFilters({ types: ['indicator'], ids: [], specVersions: ['2.1'], versions: ['all'] }),
    ).toEqual({
      types: ['indicator'],
      specVersions: ['2.1'],
      versions: ['all'],
    });
  });
});
