import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { ProfileSummary } from '../../../shared/profile';
import { osKeychain } from '../keychain';
import { type LogRecord, addLogSink, setLogLevel } from '../log';
import { ProfileService } from './profiles';
import {
  clearService,
  filesContaining,
  runChild,
  tempDir,
  testServiceName,
} from '../../../e2e/support/connections';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// Every secret any test here uses; the last test searches files, logs and errors for them.
const SECRETS = {
  password: 'Pw-orchid-7731',
  password2: 'Pw-second-9902',
  token: 'tok-aurora-5512',
  apiKey: 'key-harbor-4410',
  vendor: 'hdr-vendor-3380',
  urlPassword: 'url-pw-6655',
  urlKey: 'qs-key-1209',
  proxyPassword: 'proxy-pw-8844',
  passphrase: 'pass-phrase-2231',
};
const logLines: string[] = [];
const errorTexts: string[] = [];
const fileHits: string[] = [];
let dirsSearched = 0;

// Before a test's folder goes, search every file in it for every secret.
async function searchThenRemove(dir: string, cleanup: () => Promise<void>): Promise<void> {
  const hits = await filesContaining(dir, Object.values(SECRETS));
  fileHits.push(...hits);
  dirsSearched++;
  await cleanup();
}

async function setup(): Promise<{ service: ProfileService; dir: string; keychainService: string }> {
  const { dir, cleanup } = await tempDir();
  const keychainService = testServiceName();
  cleanups.push(async () => {
    await clearService(keychainService);
    await searchThenRemove(dir, cleanup);
  });
  const remove = addLogSink((_r: LogRecord, line) => logLines.push(line));
  setLogLevel('debug');
  cleanups.push(async () => {
    remove();
    setLogLevel('warn');
  });
  return {
    service: new ProfileService({ dir, keychain: osKeychain({ service: keychainService }) }),
    dir,
    keychainService,
  };
}

async function expectError(p: Promise<unknown>, code: string): Promise<Error> {
  try {
    await p;
  } catch (error) {
    errorTexts.push(JSON.stringify((error as { wire?: unknown }).wire ?? String(error)));
    expect(isAppError(error, code as never), String(error)).toBe(true);
    return error as Error;
  }
  throw new Error(`expected ${code}`);
}

describe('profiles', () => {
  it('are created, listed, found by name or id, updated and removed with their keychain entries', async () => {
    const { service, keychainService } = await setup();
    const { profile, created } = await service.save({
      settings: {
        name: 'Partner feed',
        server: { kind: 'discovery', url: 'https://taxii.partner.test/taxii2/' },
        auth: { kind: 'basic', username: 'analyst' },
        headers: [
          { name: 'X-Vendor-Secret', secret: true },
          { name: 'X-Team', secret: false, value: 'blue' },
        ],
      },
      secrets: { password: SECRETS.password, headers: { 'X-Vendor-Secret': SECRETS.vendor } },
    });
    expect(created).toBe(true);
    expect(profile.secrets).toMatchObject({
      hasPassword: true,
      hasToken: false,
      storedSecretHeaders: ['X-Vendor-Secret'],
      missing: [],
    });
    expect(profile.secretStorage).toBe('keychain');
    // Exactly the renderer's strict shape: no field beyond the schema, so no secret can ride along.
    expect(ProfileSummary.parse(profile)).toEqual(profile);
    expect(profile.location).toBe('https://taxii.partner.test/taxii2/');

    const keychain = osKeychain({ service: keychainService });
    expect((await keychain.accounts()).sort()).toEqual([
      `${profile.id}:header:x-vendor-secret`,
      `${profile.id}:password`,
    ]);
    expect((await service.get('partner FEED')).id).toBe(profile.id);
    expect((await service.get(profile.id)).name).toBe('Partner feed');
    const listed = await service.list();
    expect(listed.profiles.map((p) => p.name)).toEqual(['Partner feed']);
    expect(listed.keychain.available).toBe(true);

    // Switching to a bearer token: the password no longer applies and leaves the keychain.
    const updated = await service.save({
      id: profile.id,
      settings: {
        name: 'Partner feed (prod)',
        server: { kind: 'discovery', url: 'https://taxii.partner.test/taxii2/' },
        auth: { kind: 'bearer' },
      },
      secrets: { token: SECRETS.token },
    });
    expect(updated.created).toBe(false);
    expect(updated.profile.createdAt).toBe(profile.createdAt);
    expect(updated.profile.secrets).toMatchObject({ hasPassword: false, hasToken: true });
    expect(await keychain.accounts()).toEqual([`${profile.id}:token`]);

    const removed = await service.remove('Partner feed (prod)');
    expect(removed).toMatchObject({ id: profile.id, secretsRemoved: 1 });
    expect(await keychain.accounts()).toEqual([]);
    expect((await service.list()).profiles).toEqual([]);
    await expectError(service.get('Partner feed (prod)'), 'PROFILE_NOT_FOUND');
  });

  it('refuse a second profile with the same name, and invalid settings, naming the field', async () => {
    const { service } = await setup();
    const settings = {
      name: 'Dup',
      server: { kind: 'discovery' as const, url: 'https://a.test/taxii2/' },
    };
    await service.save({ settings });
    const dup = await expectError(
      service.save({ settings: { ...settings, name: 'DUP' } }),
      'INVALID_INPUT',
    );
    expect(dup.message).toMatch(/already exists/);
    const bad = await expectError(
      service.save({
        settings: {
          name: 'Bad',
          server: { kind: 'discovery', url: 'ftp://nope' },
          headers: [{ name: 'Authorization', secret: true }],
        },
      }),
      'INVALID_INPUT',
    );
    expect(bad.message).toContain('server.url');
    expect(bad.message).toContain('headers[0].name');
  });

  it('refuse a secret the settings cannot use', async () => {
    const { service } = await setup();
    await expectError(
      service.save({
        settings: { name: 'No auth', server: { kind: 'discovery', url: 'https://a.test/taxii2/' } },
        secrets: { token: SECRETS.token },
      }),
      'INVALID_INPUT',
    );
    expect((await service.list()).profiles).toEqual([]);
  });

  it('move credentials pasted into URLs to the keychain, and give them back only for a connection', async () => {
    const { service, dir } = await setup();
    const { profile } = await service.save({
      settings: {
        name: 'Pasted',
        server: {
          kind: 'discovery',
          url: `https://analyst:${SECRETS.urlPassword}@taxii.example.test:8443/taxii2/?key=${SECRETS.urlKey}&lang=en`,
        },
        proxy: { kind: 'url', url: `http://proxyuser:${SECRETS.proxyPassword}@127.0.0.1:3128` },
      },
    });
    expect(profile.server).toEqual({
      kind: 'discovery',
      url: 'https://taxii.example.test:8443/taxii2/?lang=en',
    });
    expect(profile.auth).toEqual({ kind: 'basic', username: 'analyst' });
    expect(profile.urlSecretParams).toEqual(['key']);
    expect(profile.proxy).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:3128/',
      username: 'proxyuser',
    });
    expect(profile.secrets).toMatchObject({
      hasPassword: true,
      hasProxyPassword: true,
      storedUrlSecretParams: ['key'],
      missing: [],
    });
    const file = await readFile(join(dir, 'profiles.json'), 'utf8');
    expect(file).not.toContain(SECRETS.urlPassword);
    expect(file).not.toContain(SECRETS.urlKey);

    const { connection } = await service.connect('Pasted');
    expect(connection.url).toBe('https://taxii.example.test:8443/taxii2/?lang=en');
    expect(connection.options.query).toEqual({ key: SECRETS.urlKey });
    expect(connection.displayUrl).toBe('https://taxii.example.test:8443/taxii2/?lang=en');
    expect(connection.options.auth).toEqual({
      kind: 'basic',
      username: 'analyst',
      password: SECRETS.urlPassword,
    });
    expect(connection.options.authOrigins).toEqual(['https://taxii.example.test:8443']);
    expect(connection.options.proxy).toEqual({
      url: 'http://127.0.0.1:3128/',
      username: 'proxyuser',
      password: SECRETS.proxyPassword,
    });
  });

  it('say which secret is missing when a connection needs one the keychain lacks', async () => {
    const { service } = await setup();
    await service.save({
      settings: {
        name: 'Keyless',
        server: { kind: 'api-root', url: 'https://a.test/api1/' },
        auth: { kind: 'header', name: 'X-Api-Key' },
      },
    });
    const summary = await service.summary('Keyless');
    expect(summary.secrets).toMatchObject({ hasHeaderValue: false, missing: ['header:X-Api-Key'] });
    const error = await expectError(service.connect('Keyless'), 'INVALID_INPUT');
    expect(error.message).toMatch(/X-Api-Key/);
    // A value given for this run only is used without being stored.
    const { connection } = await service.connect('Keyless', {
      overrides: { headers: { 'x-api-key': SECRETS.apiKey } },
    });
    expect(connection.options.auth).toEqual({
      kind: 'header',
      name: 'X-Api-Key',
      value: SECRETS.apiKey,
    });
    expect(connection.kind).toBe('api-root');
    expect((await service.summary('Keyless')).secrets.hasHeaderValue).toBe(false);
  });

  it('export without secrets and import elsewhere, renaming, skipping or replacing clashes', async () => {
    const a = await setup();
    await a.service.save({
      settings: {
        name: 'Shared',
        server: { kind: 'discovery', url: 'https://shared.test/taxii2/' },
        auth: { kind: 'basic', username: 'partner' },
        tls: { pinSha256: 'ab'.repeat(32) },
      },
      secrets: { password: SECRETS.password2 },
    });
    await a.service.save({
      settings: {
        name: 'Second',
        server: { kind: 'srv', domain: 'Example.TEST' },
        taxiiVersion: '2.0',
      },
    });
    const doc = await a.service.exportProfiles();
    const text = JSON.stringify(doc);
    expect(text).not.toContain(SECRETS.password2);
    expect(doc).toMatchObject({ format: 'taxiway-profiles', version: 1 });
    expect(doc.note).toMatch(/password/);
    expect(doc.profiles.map((p) => p.name)).toEqual(['Shared', 'Second']);
    expect(text).not.toMatch(/"id"|createdAt/);

    const b = await setup();
    await b.service.save({
      settings: {
        name: 'Shared',
        server: { kind: 'discovery', url: 'https://other.test/taxii2/' },
      },
    });
    const renamed = await b.service.importProfiles(text);
    expect(renamed.renamed).toEqual([{ from: 'Shared', to: 'Shared (2)' }]);
    expect(renamed.imported.map((p) => p.name)).toEqual(['Shared (2)', 'Second']);
    expect(renamed.imported[0]!.secrets.missing).toEqual(['password']);
    expect(renamed.imported[0]!.tls.pinSha256).toBe(Array(32).fill('AB').join(':'));
    expect(renamed.imported[1]!.server).toEqual({ kind: 'srv', domain: 'example.test' });

    const skipped = await b.service.importProfiles(doc, { onClash: 'skip' });
    expect(skipped.imported).toEqual([]);
    expect(skipped.skipped.map((s) => s.name)).toEqual(['Shared', 'Second']);

    const replaced = await b.service.importProfiles(doc, { onClash: 'replace' });
    expect(replaced.replaced).toEqual(['Shared', 'Second']);
    expect((await b.service.get('Shared')).server).toEqual({
      kind: 'discovery',
      url: 'https://shared.test/taxii2/',
    });
    expect((await b.service.list()).profiles).toHaveLength(3);
  });

  it('report every problem of an imported document by path and import the valid entries', async () => {
    const { service } = await setup();
    const result = await service.importProfiles({
      format: 'taxiway-profiles',
      version: 1,
      profiles: [
        { name: 'Fine', server: { kind: 'discovery', url: 'https://fine.test/taxii2/' } },
        { name: 'Broken', server: { kind: 'discovery', url: 'nope' }, timeoutMs: 5 },
        { server: { kind: 'srv', domain: 'bad domain!' } },
        {
          name: 'Leaky',
          server: { kind: 'discovery', url: `https://u:${SECRETS.password}@leaky.test/taxii2/` },
        },
      ],
    });
    expect(result.imported.map((p) => p.name)).toEqual(['Fine', 'Leaky']);
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'profiles[1].server.url',
        'profiles[1].timeoutMs',
        'profiles[2].name',
        'profiles[2].server.domain',
        'profiles[3].server.url',
      ]),
    );
    expect(result.skipped.map((s) => s.name)).toEqual(['Broken', 'profiles[2]']);
    const leaky = await service.get('Leaky');
    expect(leaky.server).toEqual({ kind: 'discovery', url: 'https://leaky.test/taxii2/' });
    expect((await service.summary('Leaky')).secrets.hasPassword).toBe(false);
    errorTexts.push(JSON.stringify(result));

    const notOurs = await expectError(service.importProfiles('{"profiles":[]}'), 'INVALID_INPUT');
    expect(notOurs.message).toMatch(/not a Taxiway profiles file/);
    await expectError(service.importProfiles('{oops'), 'INVALID_INPUT');
  });

  it('without a keychain: list still works, saving a secret fails clearly, session-only mode works', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(() => searchThenRemove(dir, cleanup));
    const result = await runChild(
      dir,
      `
      const { ProfileService } = await import(SERVICES + '/connections/profiles.ts');
      const { openKeychain } = await import(SERVICES + '/keychain.ts');
      const dir = ${JSON.stringify(dir)};
      const plain = new ProfileService({ dir, keychain: await openKeychain({ service: 'Taxiway-test-nokeychain' }) });
      await plain.save({ settings: { name: 'Open', server: { kind: 'discovery', url: 'https://open.test/taxii2/' } } });
      let saveError;
      try {
        await plain.save({ settings: { name: 'Locked', server: { kind: 'discovery', url: 'https://l.test/taxii2/' }, auth: { kind: 'bearer' } }, secrets: { token: ${JSON.stringify(SECRETS.token)} } });
      } catch (e) { saveError = e.wire; }
      const listed = await plain.list();
      const session = new ProfileService({ dir, keychain: await openKeychain({ service: 'Taxiway-test-nokeychain', sessionOnlyFallback: true }) });
      const saved = await session.save({ settings: { name: 'Session', server: { kind: 'discovery', url: 'https://s.test/taxii2/' }, auth: { kind: 'bearer' } }, secrets: { token: ${JSON.stringify(SECRETS.token)} } });
      const { connection } = await session.connect('Session');
      console.log(JSON.stringify({ saveError, names: listed.profiles.map((p) => p.name), storage: listed.profiles[0].secretStorage, keychain: listed.keychain, saved: saved.profile, sent: connection.options.auth.kind }));
      `,
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop()!);
    errorTexts.push(result.stdout, result.stderr);
    expect(out.saveError.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(out.saveError.hint).toMatch(/session only/);
    expect(out.names).toEqual(['Open']);
    expect(out.storage).toBe('unavailable');
    expect(out.keychain.available).toBe(false);
    expect(out.saved.secretStorage).toBe('session');
    expect(out.saved.secrets.hasToken).toBe(true);
    expect(out.sent).toBe('bearer');
  });

  it('leave no secret in any profile file, log line or error message', async () => {
    const values = Object.values(SECRETS);
    expect(dirsSearched).toBeGreaterThanOrEqual(7);
    expect(fileHits.filter((h) => !/\/child-[0-9a-f]+\.mts /.test(h))).toEqual([]);
    const everything = [...logLines, ...errorTexts].join('\n');
    expect(everything.length).toBeGreaterThan(0);
    for (const value of values) expect(everything.includes(value), 'a secret leaked').toBe(false);
  });
});
