import { describe, expect, it } from 'vitest';
import { findRows, sortRows, specVersionOf, timestampSortKey, toRows } from './rows';

const objects = [
  {
    type: 'indicator',
    id: 'indicator--b',
    spec_version: '2.1',
    created: '2024-01-01T00:00:00Z',
    modified: '2024-01-01T00:00:00.5Z',
    name: 'beta',
  },
  {
    type: 'malware',
    id: 'malware--a',
    created: '2024-01-01T00:00:00.1Z',
    modified: '2024-01-01T00:00:00.100Z',
    name: 'Alpha',
  },
  { type: 'ipv4-addr', id: 'ipv4-addr--c', spec_version: '2.1', value: '10.0.0.1' },
];

describe('objects table rows', () => {
  it('numbers rows in the server order and keys them by id and version', () => {
    const rows = toRows(objects, 10);
    expect(rows.map((r) => r.index)).toEqual([10, 11, 12]);
    expect(rows[0]!.key).toBe('indicator--b|2024-01-01T00:00:00.5Z');
    expect(rows[2]!.key).toBe('ipv4-addr--c|');
  });

  it('shows STIX 2.0 for an SDO without spec_version and nothing for a bare SCO', () => {
    expect(specVersionOf(objects[1]!)).toBe('2.0');
    expect(specVersionOf({ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '1.1.1.1' })).toBe('');
  });

  it('sorts timestamps by instant, not by text', () => {
    expect(
      timestampSortKey('2024-01-01T00:00:00Z') < timestampSortKey('2024-01-01T00:00:00.5Z'),
    ).toBe(true);
    const rows = toRows(objects, 0);
    expect(sortRows(rows, { column: 'modified', dir: 'asc' }).map((r) => r.id)).toEqual([
      'malware--a',
      'indicator--b',
      'ipv4-addr--c',
    ]);
  });

  it('puts empty values last in both directions and keeps ties in server order', () => {
    const rows = toRows(objects, 0);
    expect(sortRows(rows, { column: 'created', dir: 'desc' }).map((r) => r.id)).toEqual([
      'malware--a',
      'indicator--b',
      'ipv4-addr--c',
    ]);
    expect(sortRows(rows, { column: 'spec', dir: 'asc' }).map((r) => r.id)).toEqual([
      'malware--a',
      'indicator--b',
      'ipv4-addr--c',
    ]);
  });

  it('sorts names case-insensitively and returns the same rows without an order', () => {
    const rows = toRows(objects, 0);
    expect(sortRows(rows, { column: 'name', dir: 'asc' }).map((r) => r.label)).toEqual([
      '10.0.0.1',
      'Alpha',
      'beta',
    ]);
    expect(sortRows(rows, undefined)).toBe(rows);
  });
});

describe('finding among loaded rows', () => {
  it('matches label, id or type without regard to case, and keeps everything when blank', () => {
    const rows = toRows(objects, 0);
    expect(findRows(rows, 'ALPHA').map((r) => r.id)).toEqual(['malware--a']);
    expect(findRows(rows, 'ipv4').map((r) => r.id)).toEqual(['ipv4-addr--c']);
    expect(findRows(rows, '  ')).toBe(rows);
  });
});
