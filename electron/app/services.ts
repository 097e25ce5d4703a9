/**
 * Builds `Services` (what the handlers see) from the product core in electron/services: the
 * keychain, the connection profiles and their test, and the TAXII client. The only place that
 * knows both the contract's shapes and the services' own.
 */
import { platform } from 'node:process';
import type { ParsedArgs, Result } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';
import { parseBundleText } from '../../shared/stix/bundle';
import { MEDIA_TYPES } from '../../shared/taxii/media-types';
import type { WaitNotice } from '../../shared/taxii/waits';
import { diffCollections, type DiffEntry } from '../services/compare';
import { renderReport, runConformance } from '../services/conformance';
import {
  applySecretChanges,
  noSecrets,
  openProfiles,
  testConnection,
  type ProfileSecretValues,
} from '../services/connections';
import { openKeychain, sessionKeychain } from '../services/keychain';
import type { Logger } from '../services/log';
import { cacheDirOf, PageCache } from '../services/page-cache';
import { publish } from '../services/taxii';
import type { ActivityLog } from './activity-log';
import { DiffResults } from './diff-results';
import type { EventHub } from './event-hub';
import { exportObjects, toTaxiiFilters } from './export-objects';
import type { ExportSink } from './export-sink';
import { safeExternalUrl } from './external-url';
import type { Services } from './handlers';
import { PageWalks } from './page-walks';
import { sweepProfileOrphans } from '../services/connections/secret-journal';
import { credentialOriginOf } from './curl-origin';
import { buildCurl } from './request-curl';
import { TaxiiClients } from './taxii-clients';

/** What createServices needs. */
export interface ServiceOptions {
  mode: 'electron' | 'web';
  version: string;
  home: string;
  keychainService?: string;
  demoServerUrl?: string;
  exportSink: ExportSink;
  openInBrowser?: (url: string) => Promise<string | null>;
  hub: EventHub;
  activity: ActivityLog;
  log: Logger;
}

/** The services and what must be closed with them. */
export interface OwnedServices {
  services: Services;
  close(): Promise<void>;
}

/** A collection's URL under its API root (ids are opaque: encoded as one path segment). */
export function collectionUrl(apiRoot: string, collectionId: string): string {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  return new URL(`collections/${encodeURIComponent(collectionId)}/`, root).href;
}

/** A file name for a conformance report of `target` (host and port only). */
function reportFileName(target: string, format: 'markdown' | 'json' | 'text'): string {
  let host = 'server';
  try {
    host = new URL(target).host.replace(/[^A-Za-z0-9.-]+/g, '-');
  } catch {
    // Keep the generic name.
  }
  const ext = format === 'markdown' ? 'md' : format === 'json' ? 'json' : 'txt';
  return `taxii-conformance-${host}.${ext}`;
}

const REPORT_MEDIA_TYPES = {
  markdown: 'text/markdown; charset=utf-8',
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
} as const;

/** Differences per `collections.diff` page when the call names no limit. */
export const DEFAULT_DIFF_PAGE = 200;

/** The services of one app process. */
export async function createServices(o: ServiceOptions): Promise<OwnedServices> {
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
  const clients = new TaxiiClients(profiles, o.activity, cache);
  const walks = new PageWalks();
  const diffs = new DiffResults();
  /** Why the OS keychain could not be used, once the person chose session-only secrets. */
  let keychainProblem: string | undefined;

  /** Forwards a connection's waits as `request.waiting`, with the call they belong to. */
  const waiting =
    (connectionId: string, callId: () => string | undefined) =>
    (w: WaitNotice): void => {
      const id = callId();
      o.hub.emit('request.waiting', {
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
  const callOptions = (connectionId: string, signal: AbortSignal, callId?: string) => ({
    signal,
    onWait: waiting(connectionId, () => callId),
  });
  /** Options of a walk: the first page only may refresh the cache or resume a checkpoint. */
  const walkOptions = (a: ParsedArgs<'objects.page'>) => ({
    cache: a.refresh ? ('refresh' as const) : ('use' as const),
    ...(a.checkpoints ? { checkpoints: true } : {}),
    ...(a.resume ? { resume: a.resume } : {}),
  });

  const appInfo = async (): Promise<Result<'app.info'>> => {
    const current = profiles.keychain;
    let state: Result<'app.info'>['keychain'];
    if (current.mode === 'session') {
      state = {
        available: true,
        storage: 'session',
        reason: `Secrets are kept in this session's memory only and are forgotten when Taxiway quits.${keychainProblem ? ` ${keychainProblem}` : ''}`,
      };
    } else {
      const status = await current.available();
      state = status.available
        ? { available: true, storage: 'keychain' }
        : {
            available: false,
            storage: 'unavailable',
            reason: [status.error.message, status.error.hint].filter(Boolean).join(' '),
          };
    }
    return {
      name: 'Taxiway',
      version: o.version,
      mode: o.mode,
      platform,
      keychain: state,
      ...(o.demoServerUrl ? { demoServerUrl: o.demoServerUrl } : {}),
    };
  };

  const changed = async (ids: string[]): Promise<void> => {
    await Promise.all(ids.map((id) => clients.invalidate(id)));
    o.hub.emit('connections.changed', { ids });
  };
  const client = async (connectionId: string) => (await clients.get(connectionId)).client;

  const secretsFor = async (
    target: ParsedArgs<'connections.test'>,
  ): Promise<ProfileSecretValues> => {
    const base =
      target.id !== undefined
        ? await profiles.secretsOf(await profiles.get(target.id))
        : noSecrets();
    return 'settings' in target ? applySecretChanges(base, target.secrets) : base;
  };

  const queryKey = (kind: string, a: object): string => JSON.stringify([kind, a]);
  /** What names a walk's query: everything but the cursor and the first page's own options. */
  const walkQuery = (a: ParsedArgs<'objects.page'>): object => ({
    ...a,
    next: undefined,
    refresh: undefined,
    checkpoints: undefined,
    resume: undefined,
  });

  const services: Services = {
    appInfo,

    useSessionKeychain: async () => {
      const current = profiles.keychain;
      if (current.mode !== 'session') {
        const status = await current.available();
        if (status.available) {
          throw new AppError({
            code: 'INVALID_INPUT',
            message:
              'The system keychain works, so secrets are kept there; session-only secrets are for when it cannot be used.',
            hint: 'Nothing to do: secrets you save go to the system keychain.',
            where: 'keychain',
          });
        }
        keychainProblem = status.error.message;
        // Memory only, never a file: secrets saved from now on are forgotten when Taxiway quits.
        profiles.useKeychain(sessionKeychain({ service: current.service }));
        o.log.warn('secrets are kept for this session only', { reason: status.error.message });
        await clients.closeAll();
        const ids = (await profiles.list()).profiles.map((p) => p.id);
        o.hub.emit('connections.changed', { ids });
      }
      return appInfo();
    },

    connections: {
      list: async () => (await profiles.list()).profiles,
      get: (id) => profiles.summary(id),
      save: async (input) => {
        const { profile } = await profiles.save(input);
        await changed([profile.id]);
        return profile;
      },
      remove: async (id) => {
        const removed = await profiles.remove(id);
        await changed([removed.id]);
        return { id: removed.id, removed: true };
      },
      test: async (target, signal, onProgress) => {
        const settings = 'settings' in target ? target.settings : await profiles.get(target.id);
        const report = await testConnection(
          { settings, secrets: await secretsFor(target) },
          { signal, onStep: (step) => onProgress(step) },
        );
        return report;
      },
      importProfiles: async ({ content, onClash }) => {
        const result = await profiles.importProfiles(content, onClash ? { onClash } : {});
        await changed(result.imported.map((p) => p.id));
        return result;
      },
      exportProfiles: async ({ ids }) => {
        const doc = await profiles.exportProfiles(ids);
        return {
          fileName: 'taxiway-connections.json',
          content: `${JSON.stringify(doc, null, 2)}\n`,
          count: doc.profiles.length,
        };
      },
      pinCertificate: async ({ id, fingerprintSha256 }) => {
        const profile = await profiles.pinCertificate(id, fingerprintSha256);
        await changed([profile.id]);
        return profile;
      },
    },

    taxii: {
      discovery: async ({ connectionId }, signal, callId) => {
        const { client: c, connection, profile } = await clients.get(connectionId);
        const opts = callOptions(connectionId, signal, callId);
        if (connection.kind === 'api-root') {
          // No discovery for this server: its one API root stands in for the list.
          const root =
            profile.server.kind === 'api-root' ? profile.server.url : connection.displayUrl;
          const info = await c.apiRoot(root, opts);
          return {
            value: { discovery: { title: profile.name }, apiRoots: [root], default: root },
            version: info.version,
            url: info.url,
            notes: info.notes,
          };
        }
        return c.discover(connection.url, opts);
      },
      apiRoot: async ({ connectionId, apiRoot }, signal, callId) =>
        (await client(connectionId)).apiRoot(apiRoot, callOptions(connectionId, signal, callId)),
      collections: async ({ connectionId, apiRoot }, signal, callId) =>
        (await client(connectionId)).collections(
          apiRoot,
          callOptions(connectionId, signal, callId),
        ),
      objectsPage: async (a, signal, callId) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
        const key = queryKey('objects', walkQuery(a));
        return walks.page(
          key,
          a.next,
          signal,
          (s, current) =>
            c.objectPages(url, filters, {
              signal: s,
              onWait: waiting(a.connectionId, current),
              ...walkOptions(a),
            }),
          callId,
        );
      },
      manifestPage: async (a, signal, callId) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
        const key = queryKey('manifest', walkQuery(a));
        return walks.page(
          key,
          a.next,
          signal,
          (s, current) =>
            c.manifestPages(url, filters, {
              signal: s,
              onWait: waiting(a.connectionId, current),
              ...walkOptions(a),
            }),
          callId,
        );
      },
      objectGet: async (a, signal, callId) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = {
          ...(a.versions ? { version: a.versions } : {}),
          ...(a.specVersions ? { specVersion: a.specVersions } : {}),
          ...(a.limit ? { limit: a.limit } : {}),
        };
        const key = queryKey('object', { ...a, next: undefined });
        return walks.page(
          key,
          a.next,
          signal,
          (s, current) =>
            c.objectByIdPages(url, a.objectId, filters, {
              signal: s,
              onWait: waiting(a.connectionId, current),
            }),
          callId,
        );
      },
      objectVersions: async (a, signal, callId) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const key = queryKey('versions', { ...a, next: undefined });
        return walks.page(
          key,
          a.next,
          signal,
          (s, current) =>
            c.versionPages(url, a.objectId, a.limit ? { limit: a.limit } : {}, {
              signal: s,
              onWait: waiting(a.connectionId, current),
            }),
          callId,
        );
      },
      objectDelete: async (a, signal, callId) => {
        const c = await client(a.connectionId);
        const result = await c.deleteObject(
          collectionUrl(a.apiRoot, a.collectionId),
          a.objectId,
          { version: [a.version ?? 'all'] },
          callOptions(a.connectionId, signal, callId),
        );
        return { objectId: a.objectId, deleted: true, url: result.url };
      },
      upload: async (a, signal, onProgress) => {
        const c = await client(a.connectionId);
        const result = await publish(c, collectionUrl(a.apiRoot, a.collectionId), a.text, {
          signal,
          wait: a.followStatus ?? true,
          ...(a.source ? { source: a.source } : {}),
          onProgress,
        });
        for (const r of result.requests) {
          o.hub.emit('status.updated', {
            connectionId: a.connectionId,
            apiRoot: a.apiRoot,
            status: r.status,
          });
        }
        return result;
      },
      status: async ({ connectionId, apiRoot, statusId }, signal, callId) =>
        (await client(connectionId)).status(
          apiRoot,
          statusId,
          callOptions(connectionId, signal, callId),
        ),
      diff: async (a, signal, onProgress, callId) => {
        const limit = a.limit ?? DEFAULT_DIFF_PAGE;
        const key = JSON.stringify([
          a.connectionIdA,
          a.collectionUrlA,
          a.connectionIdB,
          a.collectionUrlB,
        ]);
        if (a.next !== undefined) return diffs.next(key, a.next, limit);
        const [left, right] = await Promise.all([
          clients.get(a.connectionIdA),
          clients.get(a.connectionIdB),
        ]);
        const differences = diffCollections(
          { client: left.client, url: a.collectionUrlA },
          { client: right.client, url: a.collectionUrlB },
          {
            signal,
            onProgress: (side, records) => onProgress({ side, records }),
            onWait: (w, side) =>
              waiting(side === 'a' ? a.connectionIdA : a.connectionIdB, () => callId)(w),
          },
        );
        // Only ids and versions: held here, handed out a page at a time.
        const entries: DiffEntry[] = [];
        let step = await differences.next();
        while (!step.done) {
          entries.push(step.value);
          step = await differences.next();
        }
        return diffs.first(key, step.value, entries, limit);
      },
    },

    conformance: {
      check: async (a, signal, onProgress, callId) => {
        const { connection } = await clients.get(a.connectionId);
        // A client of the probe's own (no tolerance, its retry policy) on the same connection
        // options: credentials, trust, proxy, budget, and the activity log.
        return runConformance(a.url ?? connection.url, {
          connection: connection.options,
          signal,
          onWait: waiting(a.connectionId, () => callId),
          onLine: (line) => onProgress(line),
          ...(a.writeCollectionId !== undefined ? { writeCollection: a.writeCollectionId } : {}),
        });
      },
      render: async ({ report, format }) => ({
        fileName: reportFileName(report.target, format),
        mediaType: REPORT_MEDIA_TYPES[format],
        content: renderReport(report, format),
      }),
    },

    bundles: { validate: async ({ text }) => validateBundle(text) },

    activity: o.activity,

    curl: async (a) => {
      const fromLog = 'exchangeId' in a ? o.activity.get(a.exchangeId) : undefined;
      if ('exchangeId' in a && (!fromLog || fromLog.connectionId === undefined)) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'That request is no longer in the activity log.',
          hint: 'Repeat the request, then copy it again.',
          where: 'exchangeId',
        });
      }
      const connectionId = fromLog
        ? fromLog.connectionId!
        : (a as { connectionId: string }).connectionId;
      const method = (
        fromLog?.method ??
        ('method' in a ? a.method : undefined) ??
        'GET'
      ).toUpperCase();
      const url = fromLog?.url ?? (a as { url: string }).url;
      const profile = await profiles.get(connectionId);
      const summary = await profiles.summary(connectionId);
      const accept =
        Object.entries(fromLog?.requestHeaders ?? {}).find(
          ([k]) => k.toLowerCase() === 'accept',
        )?.[1] ?? (profile.taxiiVersion === '2.0' ? MEDIA_TYPES.taxii20 : MEDIA_TYPES.taxii21);
      return buildCurl({
        method: method === 'POST' || method === 'DELETE' ? method : 'GET',
        url,
        accept,
        ...(method === 'POST'
          ? {
              contentType:
                profile.taxiiVersion === '2.0' ? MEDIA_TYPES.stix20 : MEDIA_TYPES.taxii21,
            }
          : {}),
        auth:
          profile.auth.kind === 'basic'
            ? { kind: 'basic', username: profile.auth.username }
            : profile.auth.kind === 'header'
              ? { kind: 'header', headerName: profile.auth.name }
              : { kind: profile.auth.kind },
        headers: profile.headers.map((h) =>
          h.secret
            ? { name: h.name, secret: true }
            : { name: h.name, value: h.value, secret: false },
        ),
        ...(profile.proxy.kind === 'url'
          ? {
              proxy: {
                url: profile.proxy.url,
                ...(profile.proxy.username ? { username: profile.proxy.username } : {}),
                hasPassword: summary.secrets.hasProxyPassword,
              },
            }
          : {}),
        tls: {
          hasCa: profile.tls.ca !== undefined,
          hasClientCert: profile.tls.clientCertificate !== undefined,
          pinned: profile.tls.pinSha256 !== undefined,
        },
        querySecrets: profile.urlSecretParams,
        ...(await credentialOriginOf(profile, () => clients.get(connectionId))),
      });
    },

    exportObjects: async (a, signal, onProgress) => {
      const c = await client(a.connectionId);
      return exportObjects(
        a,
        c,
        collectionUrl(a.apiRoot, a.collectionId),
        o.exportSink,
        signal,
        onProgress,
      );
    },

    openLink: async (value) => {
      const url = safeExternalUrl(value);
      if (url === null) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'Only http:// and https:// links can be opened.',
          hint: 'The link was not opened.',
          where: 'url',
        });
      }
      if (!o.openInBrowser) return { url, opened: false };
      const opened = await o.openInBrowser(url);
      return { url, opened: opened !== null };
    },
  };

  return {
    services,
    close: async () => {
      walks.closeAll();
      diffs.closeAll();
      await clients.closeAll();
    },
  };
}

/** Validates bundle text: every problem by object and JSON path, or the JSON error's line and column. */
export function validateBundle(text: string): Result<'bundle.validate'> {
  const bytes = Buffer.byteLength(text, 'utf8');
  try {
    const parsed = parseBundleText(text, 'the bundle');
    const types: Record<string, number> = {};
    const specVersions = new Set<string>();
    for (const object of parsed.objects) {
      types[object.type] = (types[object.type] ?? 0) + 1;
      if (typeof object.spec_version === 'string') specVersions.add(object.spec_version);
    }
    return {
      valid: parsed.problems.length === 0 && parsed.objects.length > 0,
      form: parsed.form,
      objectCount: parsed.objects.length,
      types,
      specVersions: [...specVersions].sort(),
      problems: [
        ...(parsed.objects.length === 0
          ? [{ severity: 'error' as const, message: 'The bundle holds no objects.', path: '$' }]
          : []),
        ...parsed.problems.map((p) => ({
          severity: 'error' as const,
          message: p.message,
          path: p.path,
          objectIndex: p.index,
          ...(p.id !== undefined ? { objectId: p.id } : {}),
        })),
      ],
      bytes,
    };
  } catch (error) {
    if (!isAppError(error, 'INVALID_BUNDLE')) throw error;
    const d = error.wire.details ?? {};
    return {
      valid: false,
      objectCount: 0,
      types: {},
      specVersions: [],
      problems: [
        {
          severity: 'error',
          message: error.message,
          path: typeof d.path === 'string' ? d.path : '$',
          ...(typeof d.line === 'number' ? { line: d.line } : {}),
          ...(typeof d.column === 'number' ? { column: d.column } : {}),
        },
      ],
      bytes,
    };
  }
}
