/**
 * The objects area's handlers: pages of a collection's objects and manifest (one page walk per
 * query, held between calls so a scroll costs one page), one object's content and versions,
 * deleting, and exporting.
 */
import type { ParsedArgs } from '../../../shared/contract';
import { cacheLifetimeMs } from '../../../shared/profile';
import type { HandlerMap } from '../dispatch';
import { exportObjects, toTaxiiFilters } from '../export-objects';
import { exportViewCsv } from '../export-view-csv';
import { callOptions, clientOf, collectionUrl, waiting, type AppContext } from './context';

const queryKey = (kind: string, a: object): string => JSON.stringify([kind, a]);

/** What names a walk's query: everything but the cursor and the first page's own options. */
const walkQuery = (a: ParsedArgs<'objects.page'>): object => ({
  ...a,
  next: undefined,
  refresh: undefined,
  checkpoints: undefined,
  resume: undefined,
});

/** Options of a walk: the first page only may refresh the cache or resume a checkpoint. */
const walkOptions = (a: ParsedArgs<'objects.page'>) => ({
  cache: a.refresh ? ('refresh' as const) : ('use' as const),
  ...(a.checkpoints ? { checkpoints: true } : {}),
  ...(a.resume ? { resume: a.resume } : {}),
});

/** Handlers of `objects.page`, `manifest.page`, `object.*` and `export.objects`. */
export const objectHandlers = (app: AppContext) =>
  ({
    'objects.page': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const url = collectionUrl(a.apiRoot, a.collectionId);
      const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
      return app.walks.page(
        queryKey('objects', walkQuery(a)),
        a.next,
        c.signal,
        (s, current) =>
          client.objectPages(url, filters, {
            signal: s,
            onWait: waiting(app, a.connectionId, current),
            ...walkOptions(a),
          }),
        c.callId,
      );
    },
    'manifest.page': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const url = collectionUrl(a.apiRoot, a.collectionId);
      const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
      return app.walks.page(
        queryKey('manifest', walkQuery(a)),
        a.next,
        c.signal,
        (s, current) =>
          client.manifestPages(url, filters, {
            signal: s,
            onWait: waiting(app, a.connectionId, current),
            ...walkOptions(a),
          }),
        c.callId,
      );
    },
    'object.get': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const url = collectionUrl(a.apiRoot, a.collectionId);
      const filters = {
        ...(a.versions ? { version: a.versions } : {}),
        ...(a.specVersions ? { specVersion: a.specVersions } : {}),
        ...(a.limit ? { limit: a.limit } : {}),
      };
      return app.walks.page(
        queryKey('object', { ...a, next: undefined }),
        a.next,
        c.signal,
        (s, current) =>
          client.objectByIdPages(url, a.objectId, filters, {
            signal: s,
            onWait: waiting(app, a.connectionId, current),
          }),
        c.callId,
      );
    },
    'object.versions': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const url = collectionUrl(a.apiRoot, a.collectionId);
      return app.walks.page(
        queryKey('versions', { ...a, next: undefined }),
        a.next,
        c.signal,
        (s, current) =>
          client.versionPages(url, a.objectId, a.limit ? { limit: a.limit } : {}, {
            signal: s,
            onWait: waiting(app, a.connectionId, current),
          }),
        c.callId,
      );
    },
    'object.delete': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const result = await client.deleteObject(
        collectionUrl(a.apiRoot, a.collectionId),
        a.objectId,
        { version: [a.version ?? 'all'] },
        callOptions(app, a.connectionId, c.signal, c.callId),
      );
      return { objectId: a.objectId, deleted: true as const, url: result.url };
    },
    'export.objects': async (a, c) => {
      if (a.format === 'csv')
        return exportViewCsv(a, app.views, app.hub, app.exportSink, c.signal, c.progress);
      const { client, profile } = await app.clients.get(a.connectionId);
      return exportObjects(
        a,
        client,
        collectionUrl(a.apiRoot, a.collectionId),
        app.exportSink,
        c.signal,
        c.progress,
        profile.cache ? cacheLifetimeMs(profile) : 0,
      );
    },
  }) satisfies HandlerMap;
