/**
 * The app's watches: built from every profile's watched collections and saved views, checked by
 * the Watcher (electron/services/feeds) through each connection's own client (so its request
 * budget and Retry-After handling apply), reported as `watches.updated`.
 */
import type { Result } from '../../shared/contract';
import { compactFilters, type SavedView } from '../../shared/saved-view';
import { feedKey, newsSince, Watcher, type WatchStatus } from '../services/feeds';
import type { AppContext } from './handlers/context';
import { collectionUrl } from './handlers/context';
import { toTaxiiFilters } from './export-objects';

/** What a watch asks about. */
interface WatchFeed {
  connectionId: string;
  apiRoot: string;
  collectionId: string;
  savedViewId?: string;
  filters?: SavedView['filters'];
}

/** Watches of one app process. */
export class FeedWatches {
  readonly #feeds = new Map<string, WatchFeed>();
  readonly watcher: Watcher;

  constructor(private readonly app: () => AppContext) {
    this.watcher = new Watcher({
      onUpdate: (list) => this.app().hub.emit('watches.updated', { watches: this.#shown(list) }),
      check: async (t, signal) => {
        const feed = this.#feeds.get(t.key) as WatchFeed;
        const a = this.app();
        const { client, profile } = await a.clients.get(feed.connectionId);
        const mark = await a.watermarks.get(t.key);
        const filters = feed.filters ? compactFilters(feed.filters) : undefined;
        return newsSince(
          client,
          collectionUrl(feed.apiRoot, feed.collectionId),
          // The connection's page size, as every other walk of the app asks.
          { ...toTaxiiFilters(filters), limit: profile.pageSize },
          mark,
          { signal, cap: 999 },
        );
      },
    });
  }

  /** The statuses as the contract sends them. */
  #shown(list: WatchStatus[]): Result<'watches.list'> {
    return list.map((s) => {
      const f = this.#feeds.get(s.key) as WatchFeed;
      return {
        ...s,
        apiRoot: f.apiRoot,
        collectionId: f.collectionId,
        ...(f.savedViewId ? { savedViewId: f.savedViewId } : {}),
      };
    });
  }

  /** Every watch's status. */
  list(): Result<'watches.list'> {
    return this.#shown(this.watcher.list());
  }

  /** Reads the watches from the profiles again. */
  async reload(): Promise<void> {
    const { profiles } = await this.app().profiles.list();
    const targets = [];
    this.#feeds.clear();
    for (const p of profiles) {
      for (const w of p.watches ?? []) {
        const key = feedKey(p.id, w.apiRoot, w.collectionId);
        this.#feeds.set(key, {
          connectionId: p.id,
          apiRoot: w.apiRoot,
          collectionId: w.collectionId,
        });
        targets.push({
          key,
          connectionId: p.id,
          label: `${p.name} › ${w.collectionId}`,
          intervalMs: w.intervalMinutes * 60_000,
        });
      }
      for (const v of p.savedViews ?? []) {
        if (!v.watch) continue;
        const key = feedKey(p.id, v.apiRoot, v.collectionId, v.id);
        this.#feeds.set(key, {
          connectionId: p.id,
          apiRoot: v.apiRoot,
          collectionId: v.collectionId,
          savedViewId: v.id,
          filters: v.filters,
        });
        targets.push({
          key,
          connectionId: p.id,
          label: `${p.name} › ${v.name}`,
          intervalMs: v.watch.intervalMinutes * 60_000,
        });
      }
    }
    this.watcher.setTargets(targets);
  }
}
