/**
 * Builds `Services` (what the handlers see) from the product core in electron/services: the
 * keychain, the connection store and the TAXII client. The only place that knows both the
 * contract's shapes and the services' own.
 */
import { platform } from 'node:process';
import { AppError } from '../../shared/errors';
import { openProfiles } from '../services/connections/profiles';
import { openKeychain } from '../services/keychain';
import type { Logger } from '../services/log';
import type { ActivityLog } from './activity-log';
import type { EventHub } from './event-hub';
import type { ExportSink } from './export-sink';
import { safeExternalUrl } from './external-url';
import type { Services } from './handlers';

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

const notYet = (what: string) => (): Promise<never> =>
  Promise.reject(
    new AppError({
      code: 'INTERNAL',
      message: `${what} is not available in this build yet.`,
      hint: 'This part of Taxiway is still being wired up.',
      where: what,
    }),
  );

/** The services of one app process. */
export async function createServices(o: ServiceOptions): Promise<Services> {
  const keychain = await openKeychain(o.keychainService ? { service: o.keychainService } : {});
  const profiles = openProfiles({ dir: o.home, keychain });
  const changed = (ids: string[]): void => o.hub.emit('connections.changed', { ids });

  return {
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
        changed([profile.id]);
        return profile;
      },
      remove: async (id) => {
        const removed = await profiles.remove(id);
        changed([removed.id]);
        return { id: removed.id, removed: true };
      },
      test: notYet('connections.test'),
      importProfiles: async ({ content, onClash }) => {
        const result = await profiles.importProfiles(content, onClash ? { onClash } : {});
        changed(result.imported.map((p) => p.id));
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
        changed([profile.id]);
        return profile;
      },
    },
    taxii: {
      discovery: notYet('discovery.get'),
      apiRoot: notYet('roots.get'),
      collections: notYet('collections.list'),
      objectsPage: notYet('objects.page'),
      manifestPage: notYet('manifest.page'),
      objectGet: notYet('object.get'),
      objectVersions: notYet('object.versions'),
      objectDelete: notYet('object.delete'),
      upload: notYet('bundle.upload'),
      status: notYet('status.get'),
    },
    bundles: { validate: notYet('bundle.validate') },
    activity: o.activity,
    curl: notYet('request.curl'),
    exportObjects: notYet('export.objects'),
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
}
