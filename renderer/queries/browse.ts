/** The browse tree's data: discovery, API roots and collections of a connection. */
import { callQuery } from './call';

/** A connection's discovery resource (API roots resolved to absolute URLs). */
export const discoveryQuery = (connectionId: string) =>
  callQuery('discovery.get', { connectionId });

/** An API root's information. */
export const apiRootQuery = (connectionId: string, apiRoot: string) =>
  callQuery('roots.get', { connectionId, apiRoot });

/** An API root's collections. */
export const collectionsQuery = (connectionId: string, apiRoot: string) =>
  callQuery('collections.list', { connectionId, apiRoot });
