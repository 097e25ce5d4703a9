/**
 * A profile's secrets as tables: how each is named, which flags a profile's keychain accounts
 * give, credentials taken out of pasted URLs and headers, what a save writes and removes, changes
 * applied in memory, and reading them back from a (session) keychain.
 */
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../../shared/errors';
import { Profile, ProfileSettings, type ProfileSettingsInput } from '../../../shared/profile';
import { type Keychain, sessionKeychain } from '../keychain';
import { redact } from '../log';
import { noSecrets } from './connection-options';
import {
  applySecretChanges,
  keychainAccounts,
  mergeSecretChanges,
  plannedSecretWrites,
  readSecrets,
  refLabel,
  secretFlags,
  storageState,
  takeUrlSecrets,
} from './profile-secrets';
import { testServiceName } from '../../../e2e/support/connections';

const ID = 'p1';
const STAMP = '2026-01-01T00:00:00.000Z';

function profile(settings: Partial<ProfileSettingsInput> = {}): Profile {
  return Profile.parse({
    name: 'One',
    server: { kind: 'discovery', url: 'https://one.test/taxii2/' },
    ...settings,
    id: ID,
    createdAt: STAMP,
    updatedAt: STAMP,
  });
}

/** Everything a profile can hold a secret for. */
const everything: Partial<ProfileSettingsInput> = {
  auth: { kind: 'basic', username: 'u' },
  headers: [
    { name: 'X-Vendor-Key', secret: true },
    { name: 'X-Plain', secret: false, value: 'v' },
  ],
  urlSecretParams: ['key'],
  tls: { clientCertificate: { format: 'pkcs12', file: '/tmp/c.p12' } },
  proxy: { kind: 'url', url: 'http://proxy.test:3128', username: 'pu' },
};

describe('naming and flagging secrets', () => {
  it('names headers and query parameters with their name, the rest by kind', () => {
    expect(refLabel({ kind: 'header', name: 'X-Key' })).toBe('header:X-Key');
    expect(refLabel({ kind: 'query', name: 'key' })).toBe('query:key');
    expect(refLabel({ kind: 'password' })).toBe('password');
    expect(refLabel({ kind: 'proxy-password' })).toBe('proxy-password');
  });

  it('flags every secret the keychain holds, and names the missing ones (a passphrase is optional)', () => {
    const p = profile(everything);
    const all = new Set([
      'p1:password',
      'p1:header:x-vendor-key',
      'p1:query:key',
      'p1:passphrase',
      'p1:proxy-password',
    ]);
    expect(secretFlags(p, all)).toEqual({
      hasPassword: true,
      hasToken: false,
      hasHeaderValue: false,
      storedSecretHeaders: ['X-Vendor-Key'],
      storedUrlSecretParams: ['key'],
      hasPassphrase: true,
      hasProxyPassword: true,
      missing: [],
    });
    expect(secretFlags(p, new Set())).toEqual({
      hasPassword: false,
      hasToken: false,
      hasHeaderValue: false,
      storedSecretHeaders: [],
      storedUrlSecretParams: [],
      hasPassphrase: false,
      hasProxyPassword: false,
      missing: ['password', 'header:X-Vendor-Key', 'query:key', 'proxy-password'],
    });
    // Another profile's accounts say nothing about this one.
    expect(secretFlags(p, new Set(['p2:password'])).hasPassword).toBe(false);
  });

  it('flags a token and an API key header only for the authentication that uses them', () => {
    const held = new Set(['p1:token', 'p1:header:x-api-key', 'p1:password']);
    expect(secretFlags(profile({ auth: { kind: 'bearer' } }), held)).toMatchObject({
      hasToken: true,
      hasPassword: false,
      hasHeaderValue: false,
      missing: [],
    });
    expect(
      secretFlags(profile({ auth: { kind: 'header', name: 'X-Api-Key' } }), held),
    ).toMatchObject({
      hasHeaderValue: true,
      hasToken: false,
      missing: [],
    });
    expect(secretFlags(profile(), held)).toMatchObject({
      hasPassword: false,
      hasToken: false,
      hasPassphrase: false,
      hasProxyPassword: false,
      missing: [],
    });
    // A proxy without a user name has no password to hold.
    const anonymousProxy = profile({ proxy: { kind: 'url', url: 'http://proxy.test:3128' } });
    expect(secretFlags(anonymousProxy, new Set(['p1:proxy-password'])).hasProxyPassword).toBe(
      false,
    );
  });

  it('says where secrets live by the keychain’s state', () => {
    const error = { code: 'KEYCHAIN_UNAVAILABLE' as const, message: 'x' };
    expect(storageState({ available: true, mode: 'os', service: 's' })).toBe('keychain');
    expect(storageState({ available: true, mode: 'session', service: 's' })).toBe('session');
    expect(storageState({ available: false, mode: 'session', service: 's', error })).toBe(
      'unavailable',
    );
  });
});

describe('credentials pasted into settings', () => {
  it('moves a server URL’s user, password and secret parameters out, keeping other settings', () => {
    const input: ProfileSettingsInput = {
      name: 'One',
      server: { kind: 'discovery', url: 'https://alice:s3cret@one.test/taxii2/?api_key=k1&x=1' },
      urlSecretParams: ['old'],
    };
    const taken = takeUrlSecrets(input);
    expect(taken.settings.server).toEqual({
      kind: 'discovery',
      url: 'https://one.test/taxii2/?x=1',
    });
    expect(taken.settings.auth).toEqual({ kind: 'basic', username: 'alice' });
    expect(taken.settings.urlSecretParams).toEqual(['old', 'api_key']);
    expect(taken.secrets).toEqual({ password: 's3cret', query: { api_key: 'k1' } });
    expect(taken.moved).toEqual(['password', 'query:api_key']);
    // The input is left as it was.
    expect(input.server).toEqual({
      kind: 'discovery',
      url: 'https://alice:s3cret@one.test/taxii2/?api_key=k1&x=1',
    });
  });

  it('keeps the saved user name when the URL brings only a password, and takes API-root URLs too', () => {
    const taken = takeUrlSecrets({
      name: 'One',
      server: { kind: 'api-root', url: 'https://:pw@one.test/api1/' },
      auth: { kind: 'basic', username: 'bob' },
    });
    expect(taken.settings.auth).toEqual({ kind: 'basic', username: 'bob' });
    expect(taken.secrets).toEqual({ password: 'pw' });
    const userOnly = takeUrlSecrets({
      name: 'One',
      server: { kind: 'discovery', url: 'https://carol@one.test/' },
    });
    expect(userOnly.settings.auth).toEqual({ kind: 'basic', username: 'carol' });
    expect(userOnly.secrets).toEqual({});
    expect(userOnly.moved).toEqual([]);
  });

  it('refuses a URL password with another kind of authentication', () => {
    let err: unknown;
    try {
      takeUrlSecrets({
        name: 'One',
        server: { kind: 'discovery', url: 'https://u:p@one.test/' },
        auth: { kind: 'bearer' },
      });
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
    expect(isAppError(err) && err.wire.where).toBe('server.url');
    expect((err as Error).message).toMatch(/uses another kind of authentication/);
    expect(
      takeUrlSecrets({
        name: 'One',
        server: { kind: 'discovery', url: 'https://u:p@one.test/' },
        auth: { kind: 'none' },
      }).settings.auth,
    ).toEqual({ kind: 'basic', username: 'u' });
  });

  it('leaves an SRV target, an unparseable URL and a clean URL alone', () => {
    for (const server of [
      { kind: 'srv', domain: 'example.test' },
      { kind: 'discovery', url: 'not a url' },
      { kind: 'discovery', url: 'https://one.test/taxii2/' },
    ] as const) {
      const taken = takeUrlSecrets({ name: 'One', server });
      expect(taken.settings.server).toEqual(server);
      expect(taken.secrets).toEqual({});
      expect(taken.moved).toEqual([]);
    }
  });

  it('moves a proxy URL’s credentials, and leaves a broken proxy URL for validation', () => {
    const taken = takeUrlSecrets({
      name: 'One',
      server: { kind: 'discovery', url: 'https://one.test/' },
      proxy: { kind: 'url', url: 'http://pu:ppw@proxy.test:3128' },
    });
    expect(taken.settings.proxy).toEqual({
      kind: 'url',
      url: 'http://proxy.test:3128/',
      username: 'pu',
    });
    expect(taken.secrets).toEqual({ proxyPassword: 'ppw' });
    expect(taken.moved).toEqual(['proxy-password']);
    const broken = takeUrlSecrets({
      name: 'One',
      server: { kind: 'discovery', url: 'https://one.test/' },
      proxy: { kind: 'url', url: '::' },
    });
    expect(broken.settings.proxy).toEqual({ kind: 'url', url: '::' });
  });

  it('moves the value of a plain header with a credential’s name', () => {
    const taken = takeUrlSecrets({
      name: 'One',
      server: { kind: 'discovery', url: 'https://one.test/' },
      headers: [{ name: 'X-Api-Key', secret: false, value: 'hk' }],
    });
    expect(taken.secrets.headers).toEqual({ 'X-Api-Key': 'hk' });
    expect(taken.moved).toEqual(['header:X-Api-Key']);
  });
});

describe('what a save writes and removes', () => {
  it('merges later changes over earlier ones, header by header', () => {
    const a = { password: 'a', headers: { 'x-1': 'one' }, query: { k: 'q1' } };
    expect(mergeSecretChanges(a, undefined)).toBe(a);
    expect(
      mergeSecretChanges(a, { token: 't', headers: { 'x-2': 'two' }, query: { k: null } }),
    ).toEqual({
      password: 'a',
      token: 't',
      headers: { 'x-1': 'one', 'x-2': 'two' },
      query: { k: null },
    });
  });

  it('plans a keychain account per secret given, null for removals', () => {
    const settings = ProfileSettings.parse({
      name: 'One',
      server: { kind: 'discovery', url: 'https://one.test/' },
      ...everything,
    });
    const plan = plannedSecretWrites(ID, settings, {
      password: 'pw',
      passphrase: 'pp',
      proxyPassword: 'xp',
      headers: { 'X-Vendor-Key': 'hv' },
      query: { key: 'qv' },
      token: null,
    });
    expect([...plan]).toEqual([
      ['p1:password', 'pw'],
      ['p1:token', null],
      ['p1:passphrase', 'pp'],
      ['p1:proxy-password', 'xp'],
      ['p1:header:x-vendor-key', 'hv'],
      ['p1:query:key', 'qv'],
    ]);
  });

  it('refuses a secret the settings cannot use, naming it', () => {
    const settings = ProfileSettings.parse({
      name: 'One',
      server: { kind: 'discovery', url: 'https://one.test/' },
    });
    let err: unknown;
    try {
      plannedSecretWrites(ID, settings, { token: 't' });
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toBe(
      "A token secret was given, but the profile's settings do not use one.",
    );
    expect(isAppError(err) && err.wire).toMatchObject({
      where: 'token',
      hint: expect.stringMatching(/^Give only/),
    });
    expect([...plannedSecretWrites(ID, settings, { token: null })]).toEqual([['p1:token', null]]);
  });

  it('applies changes in memory: set, null removes, omitted keeps; header names in lower case', () => {
    const base = {
      ...noSecrets(),
      password: 'old-pw',
      token: 'old-tok',
      headers: { 'x-a': 'a' },
      query: { k: 'k1', gone: 'g' },
    };
    const out = applySecretChanges(base, {
      password: 'new-pw-7788',
      token: null,
      headers: { 'X-B': 'b', 'X-A': null },
      query: { gone: null, n: 'n1' },
      passphrase: 'pp',
      proxyPassword: 'xp',
    });
    expect(out).toEqual({
      ...noSecrets(),
      password: 'new-pw-7788',
      headers: { 'x-b': 'b' },
      query: { k: 'k1', n: 'n1' },
      passphrase: 'pp',
      proxyPassword: 'xp',
    });
    expect(redact('pw new-pw-7788')).toBe('pw [redacted]');
    expect(base.headers).toEqual({ 'x-a': 'a' });
    const same = applySecretChanges(base, undefined);
    expect(same).toEqual(base);
    expect(same.headers).not.toBe(base.headers);
  });
});

describe('reading secrets back', () => {
  it('reads each secret the settings use from the keychain, and skips what it lacks', async () => {
    const keychain = sessionKeychain({ service: testServiceName() });
    await keychain.set('p1:password', 'r-pw');
    await keychain.set('p1:header:x-vendor-key', 'r-hv');
    await keychain.set('p1:query:key', 'r-qv');
    await keychain.set('p1:passphrase', 'r-pp');
    await keychain.set('p1:proxy-password', 'r-xp');
    expect(await readSecrets(keychain, profile(everything))).toEqual({
      ...noSecrets(),
      password: 'r-pw',
      headers: { 'x-vendor-key': 'r-hv' },
      query: { key: 'r-qv' },
      passphrase: 'r-pp',
      proxyPassword: 'r-xp',
    });
    await keychain.set('p1:token', 'r-tok');
    expect(await readSecrets(keychain, profile({ auth: { kind: 'bearer' } }))).toEqual({
      ...noSecrets(),
      token: 'r-tok',
    });
    expect(
      await readSecrets(keychain, profile({ auth: { kind: 'header', name: 'X-Vendor-Key' } })),
    ).toEqual({
      ...noSecrets(),
      headers: { 'x-vendor-key': 'r-hv' },
    });
    expect(
      await readSecrets(sessionKeychain({ service: testServiceName() }), profile(everything)),
    ).toEqual(noSecrets());
  });

  it('lists the accounts, or says the keychain cannot be read', async () => {
    const keychain = sessionKeychain({ service: testServiceName() });
    await keychain.set('p1:password', 'x');
    expect(await keychainAccounts(keychain)).toEqual({
      accounts: new Set(['p1:password']),
      status: { available: true, mode: 'session', service: keychain.service },
    });
    // A keychain whose listing fails (the OS keychain's calls fail like this when it is locked).
    const broken = (error: unknown): Keychain => ({
      ...keychain,
      mode: 'os',
      accounts: () => Promise.reject(error),
    });
    const plain = await keychainAccounts(broken(new Error('dbus')));
    expect(plain).toEqual({
      accounts: new Set(),
      status: {
        available: false,
        mode: 'os',
        service: keychain.service,
        error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'The keychain could not be read.' },
      },
    });
    const typed = await keychainAccounts(
      broken(new AppError({ code: 'KEYCHAIN_UNAVAILABLE', message: 'locked', hint: 'unlock' })),
    );
    expect(typed.status).toMatchObject({
      available: false,
      error: { message: 'locked', hint: 'unlock' },
    });
  });
});
