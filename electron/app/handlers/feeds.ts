/**
 * The feeds area's handlers: saved views (stored in the connection's profile; a change tells the
 * renderer with `connections.changed`) and what is new since the person's last visit (the
 * watermarks of electron/services/feeds, asked of the server's manifest with `added_after`).
 */
import { randomBytes } from 'node:crypto';
import type { ParsedArgs, Result } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { SavedView } from '../../../shared/saved-view';
import { feedKey, markSeen, newsSince, type Watermark } from '../../services/feeds';
import type { HandlerMap } from '../dispatch';
import { toTaxiiFilters } from '../export-objects';
import { collectionUrl, waiting, type AppContext } from './context';

/**
 * Tells the renderer the connections list changed, naming no connection: a saved view is not a
 * connection setting, so clients stay and nothing browsed is asked again.
 */
function listChanged(app: AppContext): void {
  app.hub.emit('connections.changed', { ids: [] });
}

/** Past this many new objects a check stops counting ("999+"): a badge needs no more. */
export const NEWS_CAP = 999;

function notFound(id: string): AppError {
  return new AppError({
    code: 'NOT_FOUND',
    message: `This connection has no saved view ${id}.`,
    hint: 'It may have been deleted in another window; reload the list.',
    where: 'id',
  });
}

/** The contract's shape of a feed's news. */
function newsOf(
  mark: Watermark | undefined,
  count: number,
  capped: boolean,
  newest: string | undefined,
): Result<'feeds.news'> {
  return {
    ...(mark ? { seen: { dateAdded: mark.dateAdded, markedAt: mark.markedAt } } : {}),
    count,
    capped,
    ...(newest !== undefined ? { newest } : {}),
    checkedAt: new Date().toISOString(),
  };
}

/** Asks what is new for a feed, or marks it all seen. */
export async function feedNews(
  app: AppContext,
  a: ParsedArgs<'feeds.news'>,
  signal: AbortSignal,
  mark: boolean,
): Promise<Result<'feeds.news'>> {
  const { client } = await app.clients.get(a.connectionId);
  const key = feedKey(a.connectionId, a.apiRoot, a.collectionId, a.savedViewId);
  const current = await app.watermarks.get(key);
  const url = collectionUrl(a.apiRoot, a.collectionId);
  const options = { signal, onWait: waiting(app, a.connectionId, () => undefined) };
  if (mark) {
    const done = await markSeen(client, url, toTaxiiFilters(a.filters), current, options);
    if (done.mark) await app.watermarks.set(key, done.mark);
    return newsOf(done.mark, 0, false, undefined);
  }
  const news = await newsSince(client, url, toTaxiiFilters(a.filters), current, {
    ...options,
    cap: NEWS_CAP,
  });
  return newsOf(current, news.count, news.count >= NEWS_CAP, news.newest);
}

/** Handlers of `saved-views.*` and `feeds.*`. */
export const feedHandlers = (app: AppContext) =>
  ({
    'saved-views.save': async (a) => {
      const id = a.view.id ?? `sv-${randomBytes(6).toString('base64url')}`;
      const view: SavedView = { ...a.view, id };
      const saved = await app.profiles.updateFeeds(a.connectionId, (f) => {
        const at = f.savedViews.findIndex((v) => v.id === id);
        const savedViews = [...f.savedViews];
        if (at >= 0) savedViews[at] = view;
        else savedViews.push(view);
        return { ...f, savedViews, result: view };
      });
      await app.watches.reload();
      listChanged(app);
      return saved;
    },
    'saved-views.rename': async (a) => {
      const renamed = await app.profiles.updateFeeds(a.connectionId, (f) => {
        const at = f.savedViews.findIndex((v) => v.id === a.id);
        const old = f.savedViews[at];
        if (!old) throw notFound(a.id);
        const view = { ...old, name: a.name };
        const savedViews = [...f.savedViews];
        savedViews[at] = view;
        return { ...f, savedViews, result: view };
      });
      listChanged(app);
      return renamed;
    },
    'saved-views.remove': async (a) => {
      const removed = await app.profiles.updateFeeds(a.connectionId, (f) => {
        const savedViews = f.savedViews.filter((v) => v.id !== a.id);
        return { ...f, savedViews, result: savedViews.length < f.savedViews.length };
      });
      if (removed) {
        await app.watches.reload();
        listChanged(app);
      }
      return { id: a.id, removed };
    },
    'watches.list': async () => app.watches.list(),
    'watches.set': async (a) => {
      const interval = a.intervalMinutes ?? 15;
      await app.profiles.updateFeeds(a.connectionId, (f) => {
        if (a.savedViewId) {
          const at = f.savedViews.findIndex((v) => v.id === a.savedViewId);
          const old = f.savedViews[at];
          if (!old) throw notFound(a.savedViewId);
          const { watch: _w, ...rest } = old;
          const savedViews = [...f.savedViews];
          savedViews[at] = a.on ? { ...rest, watch: { intervalMinutes: interval } } : rest;
          return { ...f, savedViews, result: undefined };
        }
        const others = f.watches.filter(
          (w) => !(w.apiRoot === a.apiRoot && w.collectionId === a.collectionId),
        );
        const watches = a.on
          ? [
              ...others,
              { apiRoot: a.apiRoot, collectionId: a.collectionId, intervalMinutes: interval },
            ]
          : others;
        return { ...f, watches, result: undefined };
      });
      app.watches.watcher.resume(a.connectionId);
      await app.watches.reload();
      listChanged(app);
      return app.watches.list();
    },
    'feeds.news': async (a, c) => feedNews(app, a, c.signal, false),
    'feeds.mark-seen': async (a, c) => feedNews(app, a, c.signal, true),
  }) satisfies HandlerMap;
