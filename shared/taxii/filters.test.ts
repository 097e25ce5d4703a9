import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { checkFilters, filtersToQuery } from './filters';

function code(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? `${e.code}:${e.wire.where}` : 'other';
  }
  return undefined;
}

describe('filters', () => {
  it('builds the query with several values per field, fields in a fixed order', () => {
    expect(
      filtersToQuery({
        type: ['indicator', 'malware'],
        id: ['indicator--1'],
        version: ['first', '2024-01-01T00:00:00.000Z', 'last'],
        specVersion: ['2.0', '2.1'],
        addedAfter: '2024-01-01T00:00:00.123456Z',
        limit: 5,
        next: 'a b/+',
      }),
    ).toBe(
      'added_after=2024-01-01T00%3A00%3A00.123456Z&limit=5&next=a%20b%2F%2B&match[id]=indicator--1&match[type]=indicator,malware&match[version]=first,2024-01-01T00%3A00%3A00.000Z,last&match[spec_version]=2.0,2.1',
    );
  });

  it('leaves limit and next to Range paging in 2.0', () => {
    expect(filtersToQuery({ limit: 5, next: '10', type: ['x'] }, false)).toBe('match[type]=x');
  });

  it('accepts valid filters', () => {
    expect(
      code(() =>
        checkFilters(
          { version: ['all'], limit: 1, addedAfter: '2024-01-01T00:00:00Z' },
          'objects',
          '2.1',
        ),
      ),
    ).toBeUndefined();
    expect(
      code(() =>
        checkFilters({ version: ['first', 'last', '2024-01-01T00:00:00.000Z'] }, 'delete', '2.1'),
      ),
    ).toBeUndefined();
  });

  it('names the bad filter', () => {
    expect(code(() => checkFilters({ version: ['all', 'last'] }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:match[version]',
    );
    expect(code(() => checkFilters({ version: ['newest'] }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:match[version]',
    );
    expect(code(() => checkFilters({ type: ['a', 'a'] }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:match[type]',
    );
    expect(code(() => checkFilters({ type: ['a,b'] }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:match[type]',
    );
    expect(code(() => checkFilters({ id: [] }, 'objects', '2.1'))).toBe('INVALID_INPUT:match[id]');
    expect(code(() => checkFilters({ limit: 0 }, 'objects', '2.1'))).toBe('INVALID_INPUT:limit');
    expect(code(() => checkFilters({ limit: 1.5 }, 'objects', '2.1'))).toBe('INVALID_INPUT:limit');
    expect(code(() => checkFilters({ addedAfter: 'yesterday' }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:added_after',
    );
    expect(code(() => checkFilters({ specVersion: ['two'] }, 'objects', '2.1'))).toBe(
      'INVALID_INPUT:match[spec_version]',
    );
  });

  it('refuses filters an endpoint or version does not define', () => {
    expect(code(() => checkFilters({ specVersion: ['2.1'] }, 'objects', '2.0'))).toBe(
      'INVALID_INPUT:match[spec_version]',
    );
    expect(code(() => checkFilters({ type: ['indicator'] }, 'object', '2.1'))).toBe(
      'INVALID_INPUT:match[type]',
    );
    expect(code(() => checkFilters({ version: ['all'] }, 'versions', '2.1'))).toBe(
      'INVALID_INPUT:match[version]',
    );
    expect(code(() => checkFilters({ limit: 10 }, 'delete', '2.1'))).toBe('INVALID_INPUT:limit');
  });
});
