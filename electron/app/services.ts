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
import {
  applySecretChanges,
  noSecrets,
  openProfiles,
  testConnection,
  type ProfileSecretValues,
} from '../services/connections';
import { openKeychain } from '../services/keychain';
import type { Logger } from '../services/log';
import { publish } from '../services/taxii';
import type { ActivityLog } from './activity-log';
import type { EventHub } from './event-hub';
import { exportObjects, toTaxiiFilters } from './export-objects';
import type { ExportSink } from './export-sink';
import { safeExternalUrl } from './external-url';
import type { Services } from './handlers';
import { PageWalks } from './page-walks';
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

/** The services of one app process. */
export async function createServices(o: ServiceOptions): Promise<OwnedServices> {
  const keychain = await openKeychain(o.keychainService ? { service: o.keychainService } : {});
  const profiles = openProfiles({ dir: o.home, keychain });
  const clients = new TaxiiClients(profiles, o.activity);
  const walks = new PageWalks();

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

  const services: Services = {
    appInfo: async () => {
      const status = await keychain.available();
      return {
        name: 'Taxiway',
        version: o.version,
        mode: o.mode,
        platform,
        keychain: status.available
          ? { available: true }
          : {
              available: false,
              reason: [status.error.message, status.error.hint].filter(Boolean).join(' '),
            },
        ...(o.demoServerUrl ? { demoServerUrl: o.demoServerUrl } : {}),
      };
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
      discovery: async ({ connectionId }, signal) => {
        const { client: c, connection, profile } = await clients.get(connectionId);
        if (connection.kind === 'api-root') {
          // No discovery for this server: its one API root stands in for the list.
          const root =
            profile.server.kind === 'api-root' ? profile.server.url : connection.displayUrl;
          const info = await c.apiRoot(root, { signal });
          return {
            value: { discovery: { title: profile.name }, apiRoots: [root], default: root },
            version: info.version,
            url: info.url,
            notes: info.notes,
          };
        }
        return c.discover(connection.url, { signal });
      },
      apiRoot: async ({ connectionId, apiRoot }, signal) =>
        (await client(connectionId)).apiRoot(apiRoot, { signal }),
      collections: async ({ connectionId, apiRoot }, signal) =>
        (await client(connectionId)).collections(apiRoot, { signal }),
      objectsPage: async (a, signal) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
        const key = queryKey('objects', { ...a, next: undefined });
        return walks.page(key, a.next, signal, (s) => c.objectPages(url, filters, { signal: s }));
      },
      manifestPage: async (a, signal) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = { ...toTaxiiFilters(a.filters), ...(a.limit ? { limit: a.limit } : {}) };
        const key = queryKey('manifest', { ...a, next: undefined });
        return walks.page(key, a.next, signal, (s) => c.manifestPages(url, filters, { signal: s }));
      },
      objectGet: async (a, signal) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const filters = {
          ...(a.versions ? { version: a.versions } : {}),
          ...(a.specVersions ? { specVersion: a.specVersions } : {}),
          ...(a.limit ? { limit: a.limit } : {}),
        };
        const key = queryKey('object', { ...a, next: undefined });
        return walks.page(key, a.next, signal, (s) =>
          c.objectByIdPages(url, a.objectId, filters, { signal: s }),
        );
      },
      objectVersions: async (a, signal) => {
        const c = await client(a.connectionId);
        const url = collectionUrl(a.apiRoot, a.collectionId);
        const key = queryKey('versions', { ...a, next: undefined });
        return walks.page(key, a.next, signal, (s) =>
          c.versionPages(url, a.objectId, a.limit ? { limit: a.limit } : {}, { signal: s }),
        );
      },
      objectDelete: async (a, signal) => {
        const c = await client(a.connectionId);
        const result = await c.deleteObject(
          collectionUrl(a.apiRoot, a.collectionId),
          a.objectId,
          { version: [a.version ?? 'all'] },
          { signal },
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
      status: async ({ connectionId, apiRoot, statusId }, signal) =>
        (await client(connectionId)).status(apiRoot, statusId, { signal }),
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
