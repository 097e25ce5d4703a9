/**
 * Connection profiles as a service: the profile file plus the keychain. This is what the app's
 * handlers and the command line call. Secrets go in through `SecretChanges` and come out only as
 * `ProfileSecretValues` for a connection (memory only) or as `has…` flags in a `ProfileSummary`.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type WireError } from '../../../shared/errors';
import {
  ImportClash,
  type ImportResult,
  type Profile,
  type ProfileExport,
  ProfileSettings,
  type ProfileSettingsInput,
  type ProfileSummary,
  SecretChanges,
  type SecretStorageState,
  formatIssuePath,
  normalizeFingerprint,
  secretAccount,
  secretRefsOf,
} from '../../../shared/profile';
import type { CollectionWatch, SavedView } from '../../../shared/saved-view';
import { type Keychain, type KeychainStatus, osKeychain } from '../keychain';
import { createLogger, registerSecret } from '../log';
import {
  type BuildConnectionOptions,
  type ProfileSecretValues,
  type ResolvedConnection,
  buildConnection,
  describeProfileServer,
} from './connection-options';
import { findProfile, nameTaken, profileNotFound } from './profile-names';
import {
  keychainAccounts,
  mergeSecretChanges,
  plannedSecretWrites,
  readSecrets,
  secretFlags,
  storageState,
  takeUrlSecrets,
} from './profile-secrets';
import { ProfileStore, type StoreNotice } from './profile-store';
import { exportDocument, placeImports, readImport } from './profile-transfer';
import { journalSecrets, settleSecrets } from './secret-journal';

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

function invalidSettings(issues: readonly { path: PropertyKey[]; message: string }[]): AppError {
  const lines = issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  return new AppError({
    code: 'INVALID_INPUT',
    message: `The profile settings are not valid: ${lines.join('; ')}.`,
    hint: 'Correct the fields named above.',
    where: formatIssuePath(issues[0]?.path ?? []),
  });
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
    ...(profile.deadlineMs !== undefined ? { deadlineMs: profile.deadlineMs } : {}),
    pageSize: profile.pageSize,
    headers: profile.headers,
    urlSecretParams: profile.urlSecretParams,
    ...(profile.budget ? { budget: profile.budget } : {}),
    cache: profile.cache,
    ...(profile.cacheLifetimeMinutes !== undefined
      ? { cacheLifetimeMinutes: profile.cacheLifetimeMinutes }
      : {}),
    savedViews: profile.savedViews ?? [],
    watches: profile.watches ?? [],
    secrets: secretFlags(profile, accounts),
    secretStorage: storage,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
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
    const storage = storageState(status);
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
    if (!found) throw profileNotFound(ref);
    return found;
  }

  /** One profile without secrets. */
  async summary(ref: string): Promise<ProfileSummary> {
    const profile = await this.get(ref);
    const { accounts, status } = await this.accountSet();
    return summarize(profile, accounts, storageState(status));
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

    // Writes first (so a failing keychain leaves the file as it was), removals after the file;
    // journalled, so a process killed in between leaves no secret without a profile for long.
    const written: string[] = [];
    const journalled = input.id === undefined && [...plan.values()].some((v) => v !== null);
    if (journalled) await journalSecrets(this.dir, id);
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
        if (input.id !== undefined && index < 0) throw profileNotFound(input.id);
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
          // A form that does not show saved views and watches does not wipe them.
          ...(settings.savedViews === undefined && previous?.savedViews
            ? { savedViews: previous.savedViews }
            : {}),
          ...(settings.watches === undefined && previous?.watches
            ? { watches: previous.watches }
            : {}),
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
    } finally {
      if (journalled) await settleSecrets(this.dir, id);
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
      profile: summarize(outcome.result.profile, accounts, storageState(status)),
      created: outcome.result.created,
      notices: outcome.notices,
    };
  }

  /**
   * Changes only a profile's saved views and collection watches (no secrets, no other settings):
   * `change` gets the current lists and returns the new ones and a result.
   */
  async updateFeeds<R>(
    ref: string,
    change: (feeds: { savedViews: SavedView[]; watches: CollectionWatch[] }) => {
      savedViews: SavedView[];
      watches: CollectionWatch[];
      result: R;
    },
  ): Promise<R> {
    const { result } = await this.store.update((profiles) => {
      const index = profiles.findIndex((p) => p.id === ref || p.name === ref);
      const profile = profiles[index];
      if (!profile) throw profileNotFound(ref);
      const out = change({
        savedViews: profile.savedViews ?? [],
        watches: profile.watches ?? [],
      });
      const next = [...profiles];
      next[index] = {
        ...profile,
        savedViews: out.savedViews,
        watches: out.watches,
        updatedAt: new Date().toISOString(),
      };
      return { profiles: next, result: out.result };
    });
    return result;
  }

  /** Deletes a profile and every keychain entry it had. */
  async remove(ref: string): Promise<RemoveResult> {
    const { result } = await this.store.update(async (profiles) => {
      const profile = findProfile(profiles, ref);
      if (!profile) throw profileNotFound(ref);
      await journalSecrets(this.dir, profile.id);
      return { profiles: profiles.filter((p) => p.id !== profile.id), result: profile };
    });
    const out: RemoveResult = { id: result.id, name: result.name, secretsRemoved: 0 };
    try {
      out.secretsRemoved = await this.removeSecretsOf(result.id);
      await settleSecrets(this.dir, result.id);
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
  secretsOf(profile: Profile): Promise<ProfileSecretValues> {
    return readSecrets(this.keychain, profile);
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

  /** A shareable document of the given profiles (all when none), without secrets. */
  async exportProfiles(refs?: string[], note?: string): Promise<ProfileExport> {
    const { profiles } = await this.store.load();
    return exportDocument(profiles, refs, note);
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
    const candidates = readImport(input, result);
    const { result: placed } = await this.store.update((profiles) => {
      const out = placeImports(profiles, candidates, onClash, result);
      return { profiles: out.profiles, result: out, write: out.added.length > 0 };
    });
    // A replaced profile's settings came from someone else: its old secrets may not fit them.
    for (const id of placed.replacedIds) await this.removeSecretsOf(id).catch(() => 0);
    const { accounts, status } = await this.accountSet();
    result.imported = placed.added.map((p) => summarize(p, accounts, storageState(status)));
    return result;
  }

  private accountSet(): Promise<{ accounts: Set<string>; status: KeychainStatus }> {
    return keychainAccounts(this.keychain);
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
