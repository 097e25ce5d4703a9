/**
 * Connection profiles as a service: the profile file plus the keychain. This is what the app's
 * handlers and the command line call. Secrets go in through `SecretChanges` and come out only as
 * `ProfileSecretValues` for a connection (memory only) or as `has…` flags in a `ProfileSummary`.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type WireError } from '../../../shared/errors';
import {
  ImportClash,
  PROFILE_EXPORT_FORMAT,
  PROFILE_EXPORT_VERSION,
  type ImportProblem,
  type ImportResult,
  type Profile,
  ProfileExport,
  ProfileSettings,
  type ProfileSettingsInput,
  type ProfileSummary,
  SecretChanges,
  type SecretFlags,
  type SecretRef,
  type SecretStorageState,
  formatIssuePath,
  normalizeFingerprint,
  secretAccount,
  secretRefsOf,
} from '../../../shared/profile';
import { type Keychain, type KeychainStatus, osKeychain } from '../keychain';
import { createLogger, registerSecret } from '../log';
import {
  type BuildConnectionOptions,
  type ProfileSecretValues,
  type ResolvedConnection,
  buildConnection,
  describeProfileServer,
  noSecrets,
} from './connection-options';
import { ProfileStore, type StoreNotice } from './profile-store';
import {
  type ConnectionTestReport,
  type TestConnectionOptions,
  testConnection,
} from './test-connection';
import { extractUrlSecrets } from './url-secrets';

const log = createLogger('profiles');

/** Options of `openProfiles`. */
export interface ProfileServiceOptions {
  /** Data folder; defaults to `TAXIWAY_HOME` or the platform's app-data folder. */
  dir?: string;
  /** Where secrets live; defaults to the OS keychain under service `Taxiway`. */
  keychain?: Keychain;
  /** Lock tuning, passed to the store. */
  lockStaleMs?: number;
  lockWaitMs?: number;
}

/** The result of `list()`. */
export interface ProfileList {
  profiles: ProfileSummary[];
  /** Things to tell the person about the profile file (a damaged file kept aside…). */
  notices: StoreNotice[];
  /** Whether secrets can be read; when not, the flags in `profiles` are all false. */
  keychain: KeychainStatus;
}

/** The result of `remove()`. */
export interface RemoveResult {
  id: string;
  name: string;
  /** Keychain entries removed. */
  secretsRemoved: number;
  /** Set when the keychain could not be reached: its entries for this profile are still there. */
  secretsLeft?: WireError;
}

/** The result of `save()`. */
export interface SaveResult {
  profile: ProfileSummary;
  created: boolean;
  notices: StoreNotice[];
}

function notFound(ref: string): AppError {
  return new AppError({
    code: 'PROFILE_NOT_FOUND',
    message: `No profile named "${ref}".`,
    hint: 'List the saved profiles with `taxiway profiles list`.',
    where: ref,
  });
}

function invalidSettings(issues: readonly { path: PropertyKey[]; message: string }[]): AppError {
  const lines = issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  return new AppError({
    code: 'INVALID_INPUT',
    message: `The profile settings are not valid: ${lines.join('; ')}.`,
    hint: 'Correct the fields named above.',
    where: formatIssuePath(issues[0]?.path ?? []),
  });
}

/** Finds a profile by id, else by name (case-insensitive). */
export function findProfile(profiles: Profile[], ref: string): Profile | undefined {
  return (
    profiles.find((p) => p.id === ref) ??
    profiles.find((p) => p.name.toLowerCase() === ref.trim().toLowerCase())
  );
}

function nameTaken(profiles: Profile[], name: string, exceptId?: string): boolean {
  const lower = name.toLowerCase();
  return profiles.some((p) => p.id !== exceptId && p.name.toLowerCase() === lower);
}

function refLabel(ref: SecretRef): string {
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

/** A profile without secrets, for the renderer and `profiles list/show`. */
export function summarize(
  profile: Profile,
  accounts: ReadonlySet<string>,
  storage: SecretStorageState,
): ProfileSummary {
  return {
    id: profile.id,
    name: profile.name,
    server: profile.server,
    location: describeProfileServer(profile),
    taxiiVersion: profile.taxiiVersion,
    auth: profile.auth,
    tls: profile.tls,
    proxy: profile.proxy,
    timeoutMs: profile.timeoutMs,
    pageSize: profile.pageSize,
    headers: profile.headers,
    urlSecretParams: profile.urlSecretParams,
    ...(profile.budget ? { budget: profile.budget } : {}),
    cache: profile.cache,
    ...(profile.cacheLifetimeMinutes !== undefined
      ? { cacheLifetimeMinutes: profile.cacheLifetimeMinutes }
      : {}),
    secrets: secretFlags(profile, accounts),
    secretStorage: storage,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}

/**
 * Takes credentials out of the URLs of raw settings (server URL userinfo and secret query
 * parameters, proxy URL userinfo) and returns settings without them plus the secrets found.
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
  return { settings, secrets, moved };
}

function mergeSecretChanges(a: SecretChanges, b: SecretChanges | undefined): SecretChanges {
  if (!b) return a;
  return {
    ...a,
    ...b,
    headers: { ...a.headers, ...b.headers },
    query: { ...a.query, ...b.query },
  };
}

/** Secret writes (value) and removals (null) a save implies, as keychain accounts. */
function plannedSecretWrites(
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

/** Profiles and their secrets: the one API the app's handlers and the CLI share. */
export class ProfileService {
  readonly store: ProfileStore;
  #keychain: Keychain;

  constructor(options: ProfileServiceOptions = {}) {
    this.store = new ProfileStore({
      ...(options.dir !== undefined ? { dir: options.dir } : {}),
      ...(options.lockStaleMs !== undefined ? { lockStaleMs: options.lockStaleMs } : {}),
      ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
    });
    this.#keychain = options.keychain ?? osKeychain();
  }

  /** Where secrets live now. */
  get keychain(): Keychain {
    return this.#keychain;
  }

  /**
   * Keeps secrets somewhere else from now on: the app swaps the unavailable OS keychain for
   * `sessionKeychain()` when the person chooses session-only secrets. Nothing is copied.
   */
  useKeychain(keychain: Keychain): void {
    this.#keychain = keychain;
  }

  /** The data folder in use. */
  get dir(): string {
    return this.store.dir;
  }

  /** Every profile without secrets, the file's notices, and the keychain's state. */
  async list(): Promise<ProfileList> {
    const { profiles, notices } = await this.store.load();
    const { accounts, status } = await this.accountSet();
    const storage = this.storageState(status);
    return {
      profiles: profiles.map((p) => summarize(p, accounts, storage)),
      notices,
      keychain: status,
    };
  }

  /** The full profile named or identified by `ref` (no secrets in it). PROFILE_NOT_FOUND if none. */
  async get(ref: string): Promise<Profile> {
    const { profiles } = await this.store.load();
    const found = findProfile(profiles, ref);
    if (!found) throw notFound(ref);
    return found;
  }

  /** One profile without secrets. */
  async summary(ref: string): Promise<ProfileSummary> {
    const profile = await this.get(ref);
    const { accounts, status } = await this.accountSet();
    return summarize(profile, accounts, this.storageState(status));
  }

  /**
   * Creates (no `id`) or replaces (with `id`) a profile. Credentials inside URLs are moved to
   * the keychain; `secrets` are written to the keychain; secrets the new settings no longer use
   * are removed. Secrets are written before the file, and rolled back if the file write fails.
   */
  async save(input: {
    id?: string;
    settings: ProfileSettingsInput;
    secrets?: SecretChanges;
  }): Promise<SaveResult> {
    const taken = takeUrlSecrets(input.settings);
    const parsedSettings = ProfileSettings.safeParse(taken.settings);
    if (!parsedSettings.success) throw invalidSettings(parsedSettings.error.issues);
    const parsedSecrets = SecretChanges.safeParse(input.secrets ?? {});
    if (!parsedSecrets.success) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `The secrets given are not valid: ${parsedSecrets.error.issues
          .map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
          .join('; ')}.`,
        where: 'secrets',
      });
    }
    const settings = parsedSettings.data;
    const changes = mergeSecretChanges(taken.secrets, parsedSecrets.data);
    for (const v of [
      changes.password,
      changes.token,
      changes.passphrase,
      changes.proxyPassword,
      ...Object.values(changes.headers ?? {}),
      ...Object.values(changes.query ?? {}),
    ]) {
      if (v) registerSecret(v);
    }
    const id = input.id ?? randomUUID();
    const plan = plannedSecretWrites(id, settings, changes);
    const now = new Date().toISOString();

    // Writes first (so a failing keychain leaves the file as it was), removals after the file.
    const written: string[] = [];
    try {
      for (const [account, value] of plan) {
        if (value !== null) {
          await this.keychain.set(account, value);
          written.push(account);
        }
      }
    } catch (error) {
      if (input.id === undefined) await this.deleteAccounts(written);
      throw error;
    }

    let outcome;
    try {
      outcome = await this.store.update((profiles) => {
        const index = input.id === undefined ? -1 : profiles.findIndex((p) => p.id === input.id);
        if (input.id !== undefined && index < 0) throw notFound(input.id);
        if (nameTaken(profiles, settings.name, input.id)) {
          throw new AppError({
            code: 'INVALID_INPUT',
            message: `A profile named "${settings.name}" already exists.`,
            hint: 'Choose another name, or edit the existing profile.',
            where: 'name',
          });
        }
        const previous = index >= 0 ? profiles[index] : undefined;
        const profile: Profile = {
          ...settings,
          id,
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
        };
        const next = [...profiles];
        if (index >= 0) next[index] = profile;
        else next.push(profile);
        return { profiles: next, result: { profile, created: index < 0 } };
      });
    } catch (error) {
      if (input.id === undefined) await this.deleteAccounts(written);
      throw error;
    }

    // Remove what was cleared, and what the new settings cannot use any more.
    const keep = new Set(secretRefsOf(settings).map((r) => secretAccount(id, r)));
    const removals = [...plan].filter(([, v]) => v === null).map(([a]) => a);
    try {
      const stored = (await this.keychain.accounts()).filter((a) => a.startsWith(`${id}:`));
      for (const account of stored) if (!keep.has(account)) removals.push(account);
      await this.deleteAccounts([...new Set(removals)]);
    } catch (error) {
      if (removals.length > 0 || plan.size > 0) throw error;
      // No secrets involved and no keychain: the profile itself is saved, which is what matters.
    }

    if (taken.moved.length > 0) {
      log.info('credentials found in a URL were moved to the keychain', { moved: taken.moved });
    }
    const { accounts, status } = await this.accountSet();
    return {
      profile: summarize(outcome.result.profile, accounts, this.storageState(status)),
      created: outcome.result.created,
      notices: outcome.notices,
    };
  }

  /** Deletes a profile and every keychain entry it had. */
  async remove(ref: string): Promise<RemoveResult> {
    const { result } = await this.store.update((profiles) => {
      const profile = findProfile(profiles, ref);
      if (!profile) throw notFound(ref);
      return { profiles: profiles.filter((p) => p.id !== profile.id), result: profile };
    });
    const out: RemoveResult = { id: result.id, name: result.name, secretsRemoved: 0 };
    try {
      out.secretsRemoved = await this.removeSecretsOf(result.id);
    } catch (error) {
      if (error instanceof AppError) out.secretsLeft = error.toWire();
      else throw error;
    }
    return out;
  }

  /** Pins the server certificate fingerprint of a profile (from a certificate the person saw). */
  async pinCertificate(ref: string, fingerprintSha256: string): Promise<ProfileSummary> {
    const profile = await this.get(ref);
    const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = profile;
    const saved = await this.save({
      id: profile.id,
      settings: {
        ...settings,
        tls: { ...settings.tls, pinSha256: normalizeFingerprint(fingerprintSha256) },
      },
    });
    return saved.profile;
  }

  /** The secret values of a profile, from the keychain. Memory only: never log or send them. */
  async secretsOf(profile: Profile): Promise<ProfileSecretValues> {
    const out = noSecrets();
    const refs = secretRefsOf(profile);
    if (refs.length === 0) return out;
    for (const ref of refs) {
      const value = await this.keychain.get(secretAccount(profile.id, ref));
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

  /**
   * A saved profile, ready for the TAXII client: start URL, `ConnectionOptions` with its
   * keychain secrets, `overrides` (secrets given for this run, e.g. from the CLI's environment)
   * taking precedence.
   */
  async connect(
    ref: string,
    options: BuildConnectionOptions & { overrides?: Partial<ProfileSecretValues> } = {},
  ): Promise<{ profile: Profile; connection: ResolvedConnection }> {
    const profile = await this.get(ref);
    const stored = await this.secretsOf(profile);
    const secrets: ProfileSecretValues = {
      ...stored,
      ...options.overrides,
      headers: { ...stored.headers, ...options.overrides?.headers },
      query: { ...stored.query, ...options.overrides?.query },
    };
    return { profile, connection: await buildConnection(profile, secrets, options) };
  }

  /**
   * Runs the connection test for a saved profile (`{ ref }`) or a draft being edited
   * (`{ settings, secrets, id? }`: stored secrets of `id` fill in what the draft does not give).
   * Credentials pasted into the draft's URLs are used, not saved.
   */
  async test(
    target:
      { ref: string } | { id?: string; settings: ProfileSettingsInput; secrets?: SecretChanges },
    options: TestConnectionOptions = {},
  ): Promise<ConnectionTestReport> {
    if ('ref' in target) {
      const profile = await this.get(target.ref);
      return testConnection({ settings: profile, secrets: await this.secretsOf(profile) }, options);
    }
    const taken = takeUrlSecrets(target.settings);
    const parsed = ProfileSettings.safeParse(taken.settings);
    if (!parsed.success) throw invalidSettings(parsed.error.issues);
    let stored = noSecrets();
    if (target.id) {
      const { profiles } = await this.store.load();
      const existing = profiles.find((p) => p.id === target.id);
      if (existing)
        stored = await this.secretsOf({
          ...parsed.data,
          id: existing.id,
          createdAt: '',
          updatedAt: '',
        });
    }
    const secrets = applySecretChanges(stored, mergeSecretChanges(taken.secrets, target.secrets));
    return testConnection({ settings: parsed.data, secrets }, options);
  }

  /** A shareable document of the given profiles (all when none), without secrets. */
  async exportProfiles(refs?: string[], note?: string): Promise<ProfileExport> {
    const { profiles } = await this.store.load();
    const chosen = refs
      ? refs.map((ref) => {
          const p = findProfile(profiles, ref);
          if (!p) throw notFound(ref);
          return p;
        })
      : profiles;
    const missingSecrets = new Set<string>();
    const exported = chosen.map((p) => {
      const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = p;
      for (const r of secretRefsOf(p)) missingSecrets.add(refLabel(r));
      return settings;
    });
    return {
      format: PROFILE_EXPORT_FORMAT,
      version: PROFILE_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      note:
        note ??
        (missingSecrets.size > 0
          ? `Secrets are not included. The recipient enters them after import (${[...missingSecrets].join(', ')}).`
          : 'Secrets are not included.'),
      profiles: exported,
    };
  }

  /**
   * Imports a document made by `exportProfiles` (object or JSON text). Every problem is reported
   * with its path; valid entries are imported even when others are not. A name already taken is
   * renamed (`Name (2)`), skipped or replaced, as `onClash` says. Imported profiles get new ids
   * and no secrets; credentials found inside URLs are dropped, not imported.
   */
  async importProfiles(
    input: unknown,
    options: { onClash?: ImportClash } = {},
  ): Promise<ImportResult> {
    const onClash = ImportClash.parse(options.onClash ?? 'rename');
    const result: ImportResult = {
      imported: [],
      renamed: [],
      skipped: [],
      replaced: [],
      problems: [],
    };
    let data = input;
    if (typeof input === 'string') {
      try {
        data = JSON.parse(input);
      } catch (error) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
          hint: 'Import a file made by "Export profiles" or `taxiway profiles export`.',
          where: '(root)',
        });
      }
    }
    const doc = ProfileExport.safeParse(data);
    if (!doc.success) {
      const formatIssue = doc.error.issues.find((i) => i.path[0] === 'format');
      throw new AppError({
        code: 'INVALID_INPUT',
        message: formatIssue
          ? `This is not a Taxiway profiles file (expected "format": "${PROFILE_EXPORT_FORMAT}").`
          : `The profiles file is not valid: ${doc.error.issues
              .map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
              .join('; ')}.`,
        hint: 'Import a file made by "Export profiles" or `taxiway profiles export`.',
        where: formatIssuePath(doc.error.issues[0]?.path ?? []),
      });
    }
    const candidates: ProfileSettings[] = [];
    doc.data.profiles.forEach((entry, i) => {
      const base = ['profiles', i];
      let raw = entry;
      if (typeof entry === 'object' && entry !== null) {
        try {
          const taken = takeUrlSecrets(entry as ProfileSettingsInput);
          if (taken.moved.length > 0) {
            result.problems.push({
              path: formatIssuePath([...base, 'server', 'url']),
              message: 'the URL held credentials; they were removed and not imported',
            });
            // Drop the secret parameter names too: there is no value to go with them.
            raw = { ...taken.settings, urlSecretParams: [] };
          }
        } catch (error) {
          if (error instanceof AppError) {
            result.problems.push({
              path: formatIssuePath([...base, 'server', 'url']),
              message: error.message,
            });
            return;
          }
          throw error;
        }
      }
      const parsed = ProfileSettings.safeParse(raw);
      if (!parsed.success) {
        const problems: ImportProblem[] = parsed.error.issues.map((issue) => ({
          path: formatIssuePath([...base, ...issue.path]),
          message: issue.message,
        }));
        result.problems.push(...problems);
        const name =
          typeof (entry as { name?: unknown })?.name === 'string'
            ? (entry as { name: string }).name
            : `profiles[${i}]`;
        result.skipped.push({
          name,
          reason: `invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        });
        return;
      }
      candidates.push(parsed.data);
    });

    const replacedIds: string[] = [];
    const { result: added } = await this.store.update((profiles) => {
      const next = [...profiles];
      const added: Profile[] = [];
      const now = new Date().toISOString();
      for (const settings of candidates) {
        let name = settings.name;
        const clash = next.find((p) => p.name.toLowerCase() === name.toLowerCase());
        if (clash) {
          if (onClash === 'skip') {
            result.skipped.push({ name, reason: 'a profile with this name already exists' });
            continue;
          }
          if (onClash === 'replace') {
            const profile: Profile = {
              ...settings,
              id: clash.id,
              createdAt: clash.createdAt,
              updatedAt: now,
            };
            next[next.indexOf(clash)] = profile;
            replacedIds.push(clash.id);
            result.replaced.push(name);
            added.push(profile);
            continue;
          }
          let n = 2;
          while (nameTaken(next, `${settings.name} (${n})`)) n++;
          name = `${settings.name} (${n})`;
          result.renamed.push({ from: settings.name, to: name });
        }
        const profile: Profile = {
          ...settings,
          name,
          id: randomUUID(),
          createdAt: now,
          updatedAt: now,
        };
        next.push(profile);
        added.push(profile);
      }
      return { profiles: next, result: added, write: added.length > 0 };
    });
    // A replaced profile's settings came from someone else: its old secrets may not fit them.
    for (const id of replacedIds) await this.removeSecretsOf(id).catch(() => 0);
    const { accounts, status } = await this.accountSet();
    result.imported = added.map((p) => summarize(p, accounts, this.storageState(status)));
    return result;
  }

  private async accountSet(): Promise<{ accounts: Set<string>; status: KeychainStatus }> {
    try {
      const accounts = await this.keychain.accounts();
      return {
        accounts: new Set(accounts),
        status: { available: true, mode: this.keychain.mode, service: this.keychain.service },
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
          mode: this.keychain.mode,
          service: this.keychain.service,
          error: wire,
        },
      };
    }
  }

  private storageState(status: KeychainStatus): SecretStorageState {
    if (!status.available) return 'unavailable';
    return status.mode === 'session' ? 'session' : 'keychain';
  }

  private async removeSecretsOf(profileId: string): Promise<number> {
    const accounts = (await this.keychain.accounts()).filter((a) => a.startsWith(`${profileId}:`));
    await this.deleteAccounts(accounts);
    return accounts.length;
  }

  private async deleteAccounts(accounts: string[]): Promise<void> {
    for (const account of accounts) await this.keychain.delete(account);
  }
}

/** The profile service for a data folder and keychain (defaults: `dataDir()`, OS keychain). */
export function openProfiles(options: ProfileServiceOptions = {}): ProfileService {
  return new ProfileService(options);
}
