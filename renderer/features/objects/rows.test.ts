import { describe, expect, it } from 'vitest';
import { rowRouteId, timestampSortKey, viewSortOf, windowOffsets } from './rows';

describe('objects table rows', () => {
  it('asks the service to sort by the column the table shows', () => {
    expect(viewSortOf({ column: 'added', dir: 'desc' })).toEqual({
      column: 'dateAdded',
      direction: 'desc',
    });
    expect(viewSortOf({ column: 'spec', dir: 'asc' })).toEqual({
      column: 'specVersion',
      direction: 'asc',
    });
    expect(viewSortOf({ column: 'name', dir: 'asc' })).toEqual({
      column: 'name',
      direction: 'asc',
    });
    expect(viewSortOf(undefined)).toBeUndefined();
  });

  it('covers the rows in view with aligned windows, and asks for the first when none is', () => {
    expect(windowOffsets(0, 0, 50)).toEqual([0]);
    expect(windowOffsets(0, 49, 50)).toEqual([0]);
    expect(windowOffsets(37, 81, 50)).toEqual([0, 50]);
    expect(windowOffsets(99_970, 100_010, 50)).toEqual([99_950, 100_000]);
    expect(windowOffsets(-5, -1, 50)).toEqual([0]);
  });

  it('names a STIX row by its id and other content by its position', () => {
    expect(rowRouteId({ id: 'indicator--1', index: 4 })).toBe('indicator--1');
    expect(rowRouteId({ id: '', index: 4 })).toBe('#4');
  });

  it('sorts timestamps by instant, not by text', () => {
    expect(
      timestampSortKey('2024-01-01T00:00:00Z') < timestampSortKey('2024-01-01T00:00:00.5Z'),
    ).toBe(true);
    expect(timestampSortKey('2024-01-01T00:00:00.100Z')).toBe(
      timestampSortKey('2024-01-01T00:00:00.1Z'),
    );
    expect(timestampSortKey('not a time')).toBe('not a time');
  });
});
