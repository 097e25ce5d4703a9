/**
 * The browse area's handlers: a connection's discovery, an API root's information and its
 * collections, each through the connection's client with its waits announced as events.
 */
import type { HandlerMap } from '../dispatch';
import { callOptions, clientOf, type AppContext } from './context';

/** Handlers of `discovery.get`, `roots.get` and `collections.list`. */
export const browseHandlers = (app: AppContext) =>
  ({
    'discovery.get': async ({ connectionId }, c) => {
      const { client, connection, profile } = await app.clients.get(connectionId);
      const opts = callOptions(app, connectionId, c.signal, c.callId);
      if (connection.kind === 'api-root') {
        // No discovery for this server: its one API root stands in for the list.
        const root =
          profile.server.kind === 'api-root' ? profile.server.url : connection.displayUrl;
        const info = await client.apiRoot(root, opts);
        return {
          value: { discovery: { title: profile.name }, apiRoots: [root], default: root },
          version: info.version,
          url: info.url,
          notes: info.notes,
        };
      }
      return client.discover(connection.url, opts);
    },
    'roots.get': async ({ connectionId, apiRoot }, c) =>
      (await clientOf(app, connectionId)).apiRoot(
        apiRoot,
        callOptions(app, connectionId, c.signal, c.callId),
      ),
    'collections.list': async ({ connectionId, apiRoot }, c) =>
      (await clientOf(app, connectionId)).collections(
        apiRoot,
        callOptions(app, connectionId, c.signal, c.callId),
      ),
  }) satisfies HandlerMap;
