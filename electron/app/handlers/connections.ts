/**
 * The connections area's handlers: saved profiles (secrets go to the keychain and never come
 * back), their test step by step, import, export and certificate pinning. A change tells the
 * renderer (`connections.changed`) and drops the connection's client.
 */
import type { Args, ParsedArgs, Result } from '../../../shared/contract';
import {
  applySecretChanges,
  noSecrets,
  testConnection,
  type ProfileSecretValues,
} from '../../services/connections';
import type { HandlerMap } from '../dispatch';
import { connectionsChanged, type AppContext } from './context';

/** Every saved connection's summary. */
export async function listConnections(app: AppContext): Promise<Result<'connections.list'>> {
  return (await app.profiles.list()).profiles;
}

/** Saves a new or edited connection; takes the settings before defaults too (the service validates them again). */
export async function saveConnection(
  app: AppContext,
  input: Args<'connections.save'>,
): Promise<Result<'connections.save'>> {
  const { profile } = await app.profiles.save(input);
  await connectionsChanged(app, [profile.id]);
  return profile;
}

/** The secrets a test uses: the saved ones of `target.id` with the draft's changes applied. */
async function secretsFor(
  app: AppContext,
  target: ParsedArgs<'connections.test'>,
): Promise<ProfileSecretValues> {
  const base =
    target.id !== undefined
      ? await app.profiles.secretsOf(await app.profiles.get(target.id))
      : noSecrets();
  return 'settings' in target ? applySecretChanges(base, target.secrets) : base;
}

/** Handlers of `connections.*`. */
export const connectionHandlers = (app: AppContext) =>
  ({
    'connections.list': () => listConnections(app),
    'connections.get': ({ id }) => app.profiles.summary(id),
    'connections.save': (a) => saveConnection(app, a),
    'connections.remove': async ({ id }) => {
      const removed = await app.profiles.remove(id);
      await connectionsChanged(app, [removed.id]);
      return { id: removed.id, removed: true };
    },
    'connections.test': async (target, c) => {
      const settings = 'settings' in target ? target.settings : await app.profiles.get(target.id);
      return testConnection(
        { settings, secrets: await secretsFor(app, target) },
        { signal: c.signal, onStep: (step) => c.progress(step) },
      );
    },
    'connections.import': async ({ content, onClash }) => {
      const result = await app.profiles.importProfiles(content, onClash ? { onClash } : {});
      await connectionsChanged(
        app,
        result.imported.map((p) => p.id),
      );
      return result;
    },
    'connections.export': async ({ ids }) => {
      const doc = await app.profiles.exportProfiles(ids);
      return {
        fileName: 'taxiway-connections.json',
        content: `${JSON.stringify(doc, null, 2)}\n`,
        count: doc.profiles.length,
      };
    },
    'connections.pin-certificate': async ({ id, fingerprintSha256 }) => {
      const profile = await app.profiles.pinCertificate(id, fingerprintSha256);
      await connectionsChanged(app, [profile.id]);
      return profile;
    },
  }) satisfies HandlerMap;
