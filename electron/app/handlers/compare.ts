/**
 * The compare area's handler: the differences of two collections by manifest. The first page
 * walks both manifests whole (progress per side), keeps only ids and versions, and hands them
 * out a page at a time; later pages come from what was kept.
 */
import { diffCollections, type DiffEntry } from '../../services/compare';
import type { HandlerMap } from '../dispatch';
import { waiting, type AppContext } from './context';

/** Differences per `collections.diff` page when the call names no limit. */
export const DEFAULT_DIFF_PAGE = 200;

/** Handler of `collections.diff`. */
export const compareHandlers = (app: AppContext) =>
  ({
    'collections.diff': async (a, c) => {
      const limit = a.limit ?? DEFAULT_DIFF_PAGE;
      const key = JSON.stringify([
        a.connectionIdA,
        a.collectionUrlA,
        a.connectionIdB,
        a.collectionUrlB,
      ]);
      if (a.next !== undefined) return app.diffs.next(key, a.next, limit);
      const [left, right] = await Promise.all([
        app.clients.get(a.connectionIdA),
        app.clients.get(a.connectionIdB),
      ]);
      const differences = diffCollections(
        { client: left.client, url: a.collectionUrlA },
        { client: right.client, url: a.collectionUrlB },
        {
          signal: c.signal,
          onProgress: (side, records) => c.progress({ side, records }),
          onWait: (w, side) =>
            waiting(app, side === 'a' ? a.connectionIdA : a.connectionIdB, () => c.callId)(w),
        },
      );
      // Only ids and versions: held here, handed out a page at a time.
      const entries: DiffEntry[] = [];
      let step = await differences.next();
      while (!step.done) {
        entries.push(step.value);
        step = await differences.next();
      }
      return app.diffs.first(key, step.value, entries, limit);
    },
  }) satisfies HandlerMap;
