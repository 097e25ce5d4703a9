/** The browse tree's data: discovery, API roots and collections of a connection. */
import { queryOptions } from '@tanstack/react-query';
import { call } from './transport';

/** A connection's discovery resource (API roots resolved to absolute URLs). */
export const discoveryQuery = (connectionId: string) =>
  queryOptions({
    queryKey: ['discovery.get', { connectionId }] as const,
    queryFn: ({ signal }) => call('discovery.get', { connectionId }, { signal }),
  });

/** An API root's information. */
export const apiRootQuery = (connectionId: string, apiRoot: string) =>
  queryOptions({
    queryKey: ['roots.get', { connectionId, apiRoot }] as const,
    queryFn: ({ signal }) => call('roots.get', { connectionId, apiRoot }, { signal }),
  });

/** An API root's collections. */
export const collectionsQuery = (connectionId: string, apiRoot: string) =>
  queryOptions({
    queryKey: ['collections.list', { connectionId, apiRoot }] as const,
    queryFn: ({ signal }) => call('collections.list', { connectionId, apiRoot }, { signal }),
  });
