/**
 * What every handler shares, built once per app process: the profiles (and the keychain behind
 * them), one TAXII client per connection with the app's page cache, the open page walks and
 * comparisons, the event hub, the activity log, and how this run exports and opens links. Plus
 * the few helpers more than one area uses (waits as events, collection URLs, client look-up).
 */
import type { WaitNotice } from '../../../shared/taxii/waits';
import { CollectionViews } from '../../services/collection-view';
import { openProfiles, type ProfileService } from '../../services/connections';
import { sweepProfileOrphans } from '../../services/connections/secret-journal';
import { openKeychain } from '../../services/keychain';
import type { Logger } from '../../services/log';
import { cacheDirOf, PageCache } from '../../services/page-cache';
import type { TaxiiClient } from '../../services/taxii';
import type { ActivityLog } from '../activity-log';
import { DiffResults } from '../diff-results';
import type { EventHub } from '../event-hub';
import type { ExportSink } from '../export-sink';
import { PageWalks } from '../page-walks';
import { TaxiiClients } from '../taxii-clients';
import { Watermarks } from '../../services/feeds';
import { FeedWatches } from '../feed-watches';

/** How this run was started (what the runtime was given). */
export interface ContextOptions {
  mode: 'electron' | 'web';
  /** The app version shown by `app.info`. */
  version: string;
  /** Where profiles and app data live (TAXIWAY_HOME, or Electron's userData). */
  home: string;
  /** Keychain service name; tests pass a unique one. */
  keychainService?: string;
  /** Discovery URL of the demo TAXII server this run started, if any. */
  demoServerUrl?: string;
  /** Where `export.objects` writes. */
  exportSink: ExportSink;
  /** Opens a link in the system browser (Electron); web mode leaves it to the page. */
  openInBrowser?: (url: string) => Promise<string | null>;
  hub: EventHub;
  activity: ActivityLog;
  log: Logger;
}

/** The handlers' shared dependencies (one per app process). */
export interface AppContext extends ContextOptions {
  profiles: ProfileService;
  clients: TaxiiClients;
  walks: PageWalks;
  diffs: DiffResults;
  /** Collection views (their walks, rows and spill files). */
  views: CollectionViews;
  /** What the person has seen of each feed ("new since my last visit"). */
  watermarks: Watermarks;
  /** Watched collections and saved views, checked on their schedules. */
  watches: FeedWatches;
  /** Why the OS keychain could not be used, once the person chose session-only secrets. */
  keychainProblem?: string;
}

/** Opens the keychain, the profiles and the page cache; `close` ends walks, comparisons and clients. */
export async function createAppContext(
  o: ContextOptions,
): Promise<{ context: AppContext; close(): Promise<void> }> {
  const keychain = await openKeychain(o.keychainService ? { service: o.keychainService } : {});
  const profiles = openProfiles({ dir: o.home, keychain });
  // Keychain entries an interrupted save or remove left without a profile go at start.
  await sweepProfileOrphans(profiles).then(
    (removed) =>
      removed.length > 0 &&
      o.log.info('removed keychain entries without a profile', { count: removed.length }),
    () => undefined,
  );
  // One page cache for the app; each connection's pages live in their own scope.
  const cache = new PageCache({ dir: cacheDirOf(o.home) });
  const context: AppContext = {
    ...o,
    profiles,
    clients: new TaxiiClients(profiles, o.activity, cache),
    walks: new PageWalks(),
    diffs: new DiffResults(),
    views: new CollectionViews({ onProgress: (h) => o.hub.emit('view.progressed', h) }),
    watermarks: new Watermarks(o.home),
    watches: new FeedWatches(() => context),
  };
  // Off by default: only what the profiles say is watched starts.
  void context.watches
    .reload()
    .catch((error: unknown) => o.log.warn('could not start the watches', { error: String(error) }));
  return {
    context,
    close: async () => {
      context.walks.closeAll();
      context.diffs.closeAll();
      context.views.closeAll();
      context.watches.watcher.close();
      await context.clients.closeAll();
    },
  };
}

/** Forwards a connection's waits as `request.waiting`, with the call they belong to. */
export const waiting =
  (app: AppContext, connectionId: string, callId: () => string | undefined) =>
  (w: WaitNotice): void => {
    const id = callId();
    app.hub.emit('request.waiting', {
      connectionId,
      ...(id !== undefined ? { callId: id } : {}),
      message: w.message,
      seconds: Math.round(w.ms / 100) / 10,
      until: w.until,
      reason: w.reason,
      ...(w.status !== undefined ? { status: w.status } : {}),
      ...(w.attempt !== undefined ? { attempt: w.attempt } : {}),
      ...(w.maxAttempts !== undefined ? { maxAttempts: w.maxAttempts } : {}),
      ...(w.url !== undefined ? { url: w.url } : {}),
    });
  };

/** Options of one client call: its signal, and its waits as events. */
export const callOptions = (
  app: AppContext,
  connectionId: string,
  signal: AbortSignal,
  callId?: string,
) => ({ signal, onWait: waiting(app, connectionId, () => callId) });

/** The TAXII client of a connection. */
export const clientOf = async (app: AppContext, connectionId: string): Promise<TaxiiClient> =>
  (await app.clients.get(connectionId)).client;

/** Drops the clients of changed connections and tells the renderer (`connections.changed`). */
export async function connectionsChanged(app: AppContext, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => app.clients.invalidate(id)));
  app.hub.emit('connections.changed', { ids });
}

/** A collection's URL under its API root (ids are opaque: encoded as one path segment). */
export function collectionUrl(apiRoot: string, collectionId: string): string {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  return new URL(`collections/${encodeURIComponent(collectionId)}/`, root).href;
}
