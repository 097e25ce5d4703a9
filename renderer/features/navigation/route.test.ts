import { describe, expect, it } from 'vitest';
import { EMPTY_ROUTE, formatRoute, parseRoute, type Route } from './route';

describe('route in the address', () => {
  it('round-trips every field through the hash', () => {
    const route: Route = {
      view: 'browse',
      connectionId: 'abc-1',
      apiRoot: 'http://127.0.0.1:8021/api1/',
      collectionId: '7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60',
      objectId: 'indicator--5d7f9b1c-3e5a-4c7e-9f1b-2d4f6a8c0e12',
      filters: {
        types: ['indicator', 'malware'],
        ids: ['indicator--1'],
        addedAfter: '2025-01-06T08:00:00.123456Z',
        specVersions: ['2.0', '2.1'],
        versions: ['first', '2025-01-01T00:00:00.000Z'],
      },
      sort: { column: 'modified', dir: 'desc' },
      activity: true,
    };
    expect(parseRoute(`#${formatRoute(route)}`)).toEqual(route);
  });

  it('reads an empty or unknown address as the empty browse view', () => {
    expect(parseRoute('')).toEqual(EMPTY_ROUTE);
    expect(parseRoute('#view=nowhere&sort=bogus:up&x=1')).toEqual(EMPTY_ROUTE);
    expect(formatRoute(EMPTY_ROUTE)).toBe('');
  });

  it('leaves a token parameter for the session code to take and keeps the view', () => {
    const p = new URLSearchParams(
      `token=secret&${formatRoute({ ...EMPTY_ROUTE, view: 'publish' })}`,
    );
    p.delete('token');
    expect(parseRoute(p.toString()).view).toBe('publish');
  });

  it('keeps an API root URL with its own query and slashes intact', () => {
    const r = { ...EMPTY_ROUTE, apiRoot: 'https://h.example/a b/?x=1&y=2#z' };
    expect(parseRoute(formatRoute(r)).apiRoot).toBe(r.apiRoot);
  });

  it('carries the chosen columns, a saved view and "only new"; unknown columns are dropped', () => {
    const r = {
      ...EMPTY_ROUTE,
      columns: ['type' as const, 'attack' as const, 'markings' as const],
      savedView: 'sv-1',
      onlyNew: true,
    };
    expect(parseRoute(formatRoute(r))).toEqual(r);
    expect(parseRoute('cols=name,bogus,name,revoked').columns).toEqual(['name', 'revoked']);
    expect(parseRoute('cols=bogus').columns).toBeUndefined();
  });
});
