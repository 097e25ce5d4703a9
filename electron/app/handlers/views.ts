/**
 * The views area's handlers: collection views held in the main process
 * (electron/services/collection-view). Opening one walks the collection's first page at the
 * connection's page size; the renderer then asks for windows of rows, counts and one object at
 * a time, and for more of the walk. The walk outlives the call that started it (it belongs to
 * the view), so cancelling is `views.cancel`, and the progress goes out as `view.progressed`.
 */
import { cacheLifetimeMs } from '../../../shared/profile';
import type { HandlerMap } from '../dispatch';
import { toTaxiiFilters } from '../export-objects';
import { collectionUrl, waiting, type AppContext } from './context';

/** Handlers of `views.*`. */
export const viewHandlers = (app: AppContext) =>
  ({
    'views.open': async (a) => {
      const { client, profile } = await app.clients.get(a.connectionId);
      return app.views.open(
        {
          client,
          collectionUrl: collectionUrl(a.apiRoot, a.collectionId),
          filters: toTaxiiFilters(a.filters),
          // The connection's page size, as the CLI uses it (the server's cap still applies).
          pageSize: profile.pageSize,
          cacheLifetimeMs: profile.cache ? cacheLifetimeMs(profile) : 0,
          onWait: waiting(app, a.connectionId, () => undefined),
          ...(profile.taxiiVersion !== 'auto' ? { taxiiVersion: profile.taxiiVersion } : {}),
        },
        {
          ...(a.refresh ? { refresh: true } : {}),
          ...(a.loadAll ? { all: true } : {}),
          ...(a.window ? { window: a.window.count } : {}),
        },
      );
    },
    'views.window': async (a) =>
      app.views.window(a.viewId, {
        offset: a.offset,
        count: a.count,
        ...(a.sort ? { sort: a.sort } : {}),
        ...(a.find !== undefined ? { find: a.find } : {}),
        ...(a.types ? { types: a.types } : {}),
      }),
    'views.state': async (a) => app.views.handle(a.viewId),
    'views.counts': async (a) => app.views.counts(a.viewId, a.find),
    'views.object': async (a) => app.views.object(a.viewId, a.id, a.version),
    'views.load-more': async (a) => app.views.more(a.viewId, 'page'),
    'views.load-all': async (a) => app.views.more(a.viewId, 'all'),
    'views.cancel': async (a) => app.views.cancel(a.viewId),
    'views.refresh': async (a) => app.views.refresh(a.viewId),
    'views.close': async (a) => ({ viewId: a.viewId, closed: app.views.close(a.viewId) }),
  }) satisfies HandlerMap;
