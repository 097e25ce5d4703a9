/**
 * A profile's secrets: which keychain accounts it has (`secretFlags`), credentials taken out of
 * pasted URLs (`takeUrlSecrets`), what a save writes and removes (`plannedSecretWrites`), secret
 * changes applied in memory (`applySecretChanges`), and reading them back from the keychain.
 * Values stay in memory: nothing here logs, stores or returns them anywhere else.
 */
import { AppError, type WireError } from '../../../shared/errors';
import {
  type Profile,
  type ProfileSettings,
  type ProfileSettingsInput,
  type SecretChanges,
  type SecretFlags,
  type SecretRef,
  type SecretStorageState,
  secretAccount,
  secretRefsOf,
} from '../../../shared/profile';
import type { Keychain, KeychainStatus } from '../keychain';
import { registerSecret } from '../log';
import { type ProfileSecretValues, noSecrets } from './connection-options';
import { takeHeaderSecrets } from './header-secrets';
import { extractUrlSecrets } from './url-secrets';

/** How a secret is named to a person: `password`, `header:X-Api-Key`, `query:key`. */
export function refLabel(ref: SecretRef): string {
  return ref.kind === 'header' || ref.kind === 'query' ? `${ref.kind}:${ref.name}` : ref.kind;
}

/** The `has…` flags of a profile from the set of accounts its keychain holds. */
export function secretFlags(profile: Profile, accounts: ReadonlySet<string>): SecretFlags {
  const has = (ref: SecretRef) => accounts.has(secretAccount(profile.id, ref));
  const refs = secretRefsOf(profile);
  return {
    hasPassword: profile.auth.kind === 'basic' && has({ kind: 'password' }),
    hasToken: profile.auth.kind === 'bearer' && has({ kind: 'token' }),
    hasHeaderValue:
      profile.auth.kind === 'header' && has({ kind: 'header', name: profile.auth.name }),
    storedSecretHeaders: profile.headers
      .filter((h) => h.secret && has({ kind: 'header', name: h.name }))
      .map((h) => h.name),
    storedUrlSecretParams: profile.urlSecretParams.filter((q) => has({ kind: 'query', name: q })),
    hasPassphrase: profile.tls.clientCertificate !== undefined && has({ kind: 'passphrase' }),
    hasProxyPassword:
      profile.proxy.kind === 'url' && !!profile.proxy.username && has({ kind: 'proxy-password' }),
    // A client key may have no passphrase, so a missing one is not reported as missing.
    missing: refs.filter((r) => r.kind !== 'passphrase' && !has(r)).map(refLabel),
  };
}

/**
 * Takes credentials out of raw settings (server URL userinfo and secret query parameters, proxy
 * URL userinfo, plain headers with a credential's name) and returns settings without them plus
 * the secrets found.
 */
export function takeUrlSecrets(input: ProfileSettingsInput): {
  settings: ProfileSettingsInput;
  secrets: SecretChanges;
  moved: string[];
} {
  const settings: ProfileSettingsInput = structuredClone(input);
  const secrets: SecretChanges = {};
  const moved: string[] = [];
  const server = settings.server as { kind?: unknown; url?: unknown } | undefined;
  if (
    server &&
    (server.kind === 'discovery' || server.kind === 'api-root') &&
    typeof server.url === 'string'
  ) {
    let found;
    try {
      found = extractUrlSecrets(server.url, 'server URL');
    } catch {
      found = undefined; // Left for schema validation to report.
    }
    if (found) {
      server.url = found.url;
      if (found.password !== undefined || found.username !== undefined) {
        const auth = settings.auth as { kind?: unknown; username?: unknown } | undefined;
        if (auth && auth.kind !== undefined && auth.kind !== 'none' && auth.kind !== 'basic') {
          throw new AppError({
            code: 'INVALID_INPUT',
            message:
              'The server URL holds a user name and password, but the profile uses another kind of authentication.',
            hint: 'Remove "user:password@" from the URL, or choose Basic authentication.',
            where: 'server.url',
          });
        }
        const username =
          found.username ?? (typeof auth?.username === 'string' ? auth.username : undefined);
        if (username) settings.auth = { kind: 'basic', username };
        if (found.password !== undefined) {
          secrets.password = found.password;
          moved.push('password');
        }
      }
      const params = Object.keys(found.params);
      if (params.length > 0) {
        settings.urlSecretParams = [...new Set([...(settings.urlSecretParams ?? []), ...params])];
        secrets.query = { ...found.params };
        moved.push(...params.map((p) => `query:${p}`));
      }
    }
  }
  const proxy = settings.proxy as { kind?: unknown; url?: unknown; username?: unknown } | undefined;
  if (proxy && proxy.kind === 'url' && typeof proxy.url === 'string') {
    try {
      const found = extractUrlSecrets(proxy.url, 'proxy URL');
      proxy.url = found.url;
      if (found.username) proxy.username = found.username;
      if (found.password !== undefined) {
        secrets.proxyPassword = found.password;
        moved.push('proxy-password');
      }
    } catch {
      // Left for schema validation to report.
    }
  }
  const headers = takeHeaderSecrets(settings);
  if (Object.keys(headers).length > 0) {
    secrets.headers = headers;
    moved.push(...Object.keys(headers).map((h) => `header:${h}`));
  }
  return { settings, secrets, moved };
}

/** `b` over `a`: what a later change says wins, header by header and parameter by parameter. */
export function mergeSecretChanges(a: SecretChanges, b: SecretChanges | undefined): SecretChanges {
  if (!b) return a;
  return {
    ...a,
    ...b,
    headers: { ...a.headers, ...b.headers },
    query: { ...a.query, ...b.query },
  };
}

/** Secret writes (value) and removals (null) a save implies, as keychain accounts. */
export function plannedSecretWrites(
  profileId: string,
  settings: ProfileSettings,
  changes: SecretChanges,
): Map<string, string | null> {
  const plan = new Map<string, string | null>();
  const put = (ref: SecretRef, value: string | null | undefined) => {
    if (value !== undefined) plan.set(secretAccount(profileId, ref), value);
  };
  put({ kind: 'password' }, changes.password);
  put({ kind: 'token' }, changes.token);
  put({ kind: 'passphrase' }, changes.passphrase);
  put({ kind: 'proxy-password' }, changes.proxyPassword);
  for (const [name, value] of Object.entries(changes.headers ?? {}))
    put({ kind: 'header', name }, value);
  for (const [name, value] of Object.entries(changes.query ?? {}))
    put({ kind: 'query', name }, value);
  // Only secrets the settings can use are kept; a secret given for another kind is refused.
  const usable = new Set(secretRefsOf(settings).map((r) => secretAccount(profileId, r)));
  for (const [account, value] of plan) {
    if (value !== null && !usable.has(account)) {
      const kind = account.slice(profileId.length + 1);
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `A ${kind} secret was given, but the profile's settings do not use one.`,
        hint: 'Give only the secrets the chosen authentication, headers, certificate and proxy need.',
        where: kind,
      });
    }
  }
  return plan;
}

/** Secret values after applying changes (values set, `null` removes, omitted keeps). */
export function applySecretChanges(
  base: ProfileSecretValues,
  changes: SecretChanges | undefined,
): ProfileSecretValues {
  const out: ProfileSecretValues = {
    ...base,
    headers: { ...base.headers },
    query: { ...base.query },
  };
  if (!changes) return out;
  const set = (
    key: 'password' | 'token' | 'passphrase' | 'proxyPassword',
    v: string | null | undefined,
  ) => {
    if (v === null) delete out[key];
    else if (v !== undefined) out[key] = v;
  };
  set('password', changes.password);
  set('token', changes.token);
  set('passphrase', changes.passphrase);
  set('proxyPassword', changes.proxyPassword);
  for (const [name, v] of Object.entries(changes.headers ?? {})) {
    if (v === null) delete out.headers[name.toLowerCase()];
    else out.headers[name.toLowerCase()] = v;
  }
  for (const [name, v] of Object.entries(changes.query ?? {})) {
    if (v === null) delete out.query[name];
    else out.query[name] = v;
  }
  for (const v of [out.password, out.token, out.passphrase, out.proxyPassword]) registerSecret(v);
  return out;
}

/** The secret values of a profile, from `keychain`. Memory only: never log or send them. */
export async function readSecrets(
  keychain: Keychain,
  profile: Profile,
): Promise<ProfileSecretValues> {
  const out = noSecrets();
  const refs = secretRefsOf(profile);
  if (refs.length === 0) return out;
  for (const ref of refs) {
    const value = await keychain.get(secretAccount(profile.id, ref));
    if (value === null) continue;
    switch (ref.kind) {
      case 'password':
        out.password = value;
        break;
      case 'token':
        out.token = value;
        break;
      case 'passphrase':
        out.passphrase = value;
        break;
      case 'proxy-password':
        out.proxyPassword = value;
        break;
      case 'header':
        out.headers[ref.name.toLowerCase()] = value;
        break;
      case 'query':
        out.query[ref.name] = value;
        break;
    }
  }
  return out;
}

/** The accounts `keychain` holds and its state (no accounts, with the error, when it cannot be read). */
export async function keychainAccounts(
  keychain: Keychain,
): Promise<{ accounts: Set<string>; status: KeychainStatus }> {
  try {
    const accounts = await keychain.accounts();
    return {
      accounts: new Set(accounts),
      status: { available: true, mode: keychain.mode, service: keychain.service },
    };
  } catch (error) {
    const wire =
      error instanceof AppError
        ? error.toWire()
        : ({
            code: 'KEYCHAIN_UNAVAILABLE',
            message: 'The keychain could not be read.',
          } as WireError);
    return {
      accounts: new Set(),
      status: {
        available: false,
        mode: keychain.mode,
        service: keychain.service,
        error: wire,
      },
    };
  }
}

/** Where a profile's secrets live, by the keychain's state. */
export function storageState(status: KeychainStatus): SecretStorageState {
  if (!status.available) return 'unavailable';
  return status.mode === 'session' ? 'session' : 'keychain';
}
