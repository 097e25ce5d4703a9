import { describe, expect, it } from 'vitest';
import { rowRouteId, timestampSortKey, viewSortOf, windowOffsets } from './rows';
import { toggleColumn } from './column-chooser';

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

  it('turns a column on or off in display order, and never leaves none', () => {
    expect(toggleColumn(['name', 'type'], 'attack', true)).toEqual(['type', 'name', 'attack']);
    expect(toggleColumn(['type', 'name'], 'type', false)).toEqual(['name']);
    expect(toggleColumn(['name'], 'name', false)).toEqual(['name']);
  });

  it('sorts an extra column by its service column', () => {
    expect(viewSortOf({ column: 'attack', dir: 'desc' })).toEqual({
      column: 'externalId',
      direction: 'desc',
    });
  });
});
