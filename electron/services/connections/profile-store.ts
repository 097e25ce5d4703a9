/**
 * The profile file: one versioned JSON document in the data folder. Reads are lock-free (every
 * write is an atomic rename, so a reader sees the old or the new file, never half of one);
 * every change is a read-modify-write inside a cross-process lock, so two windows or processes
 * saving at once never lose an update. A damaged file is moved aside, never overwritten.
 */
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError, type WireError } from '../../../shared/errors';
import { PROFILE_FILE_VERSION, Profile, formatIssuePath } from '../../../shared/profile';
import { createLogger } from '../log';
import { writeFileAtomic } from './atomic-file';
import { PROFILES_FILE_NAME, dataDir } from './data-dir';

const log = createLogger('profiles');

/** Something the person should be told about the profile file. */
export interface StoreNotice {
  kind: 'recovered';
  /** Where the damaged file now lives. */
  backupPath: string;
  /** What was wrong with it (code PROFILE_STORE). */
  problem: WireError;
  /** Profiles that could be read and were kept. */
  kept: number;
  /** Entries that could not be read (they remain in the backup). */
  dropped: number;
}

/** The profiles, plus anything to tell the person about the file. */
export interface LoadedProfiles {
  profiles: Profile[];
  notices: StoreNotice[];
}

/** Options of a `ProfileStore`. */
export interface ProfileStoreOptions {
  /** The data folder; defaults to `dataDir()` (TAXIWAY_HOME or the platform's app-data folder). */
  dir?: string;
  /**
   * A lock older than this is taken over: its holder crashed. proper-lockfile refreshes a held
   * lock every stale/2 ms, so a live holder is never considered stale.
   */
  lockStaleMs?: number;
  /** How long to wait for another process's lock before giving up. */
  lockWaitMs?: number;
}

type Parsed =
  | { state: 'missing' }
  | { state: 'ok'; profiles: Profile[] }
  | { state: 'damaged'; profiles: Profile[]; dropped: number; problem: string }
  | { state: 'newer'; version: unknown };

/** Reads `profiles.json` text into profiles, keeping every valid entry of a partly damaged file. */
export function parseProfileFile(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      state: 'damaged',
      profiles: [],
      dropped: 0,
      problem: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { state: 'damaged', profiles: [], dropped: 0, problem: 'it is not a JSON object' };
  }
  const doc = data as { version?: unknown; profiles?: unknown };
  if (typeof doc.version === 'number' && doc.version > PROFILE_FILE_VERSION) {
    return { state: 'newer', version: doc.version };
  }
  if (doc.version !== PROFILE_FILE_VERSION) {
    return {
      state: 'damaged',
      profiles: [],
      dropped: 0,
      problem: `its "version" is ${JSON.stringify(doc.version) ?? 'missing'}, expected ${PROFILE_FILE_VERSION}`,
    };
  }
  if (!Array.isArray(doc.profiles)) {
    return { state: 'damaged', profiles: [], dropped: 0, problem: '"profiles" is not a list' };
  }
  const profiles: Profile[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  doc.profiles.forEach((entry, i) => {
    const result = Profile.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      problems.push(`${formatIssuePath(['profiles', i, ...issue.path])}: ${issue.message}`);
    } else if (ids.has(result.data.id)) {
      problems.push(`profiles[${i}].id: the id ${result.data.id} appears twice`);
    } else {
      ids.add(result.data.id);
      profiles.push(result.data);
    }
  });
  if (problems.length > 0) {
    return {
      state: 'damaged',
      profiles,
      dropped: problems.length,
      problem: `${problems.length} entr${problems.length === 1 ? 'y is' : 'ies are'} unreadable (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''})`,
    };
  }
  return { state: 'ok', profiles };
}

// Same-process callers queue here, so they do not spin on the file lock against each other.
const inProcessQueues = new Map<string, Promise<unknown>>();

/** The profile file of one data folder. */
export class ProfileStore {
  /** The data folder. */
  readonly dir: string;
  /** `<dir>/profiles.json`. */
  readonly file: string;
  private readonly staleMs: number;
  private readonly waitMs: number;

  constructor(options: ProfileStoreOptions = {}) {
    this.dir = options.dir ?? dataDir();
    this.file = join(this.dir, PROFILES_FILE_NAME);
    this.staleMs = Math.max(options.lockStaleMs ?? 10_000, 2_000);
    this.waitMs = options.lockWaitMs ?? 30_000;
  }

  /** Every saved profile. A damaged file is moved aside (inside the lock) and reported. */
  async load(): Promise<LoadedProfiles> {
    const parsed = await this.read();
    if (parsed.state === 'ok') return { profiles: parsed.profiles, notices: [] };
    if (parsed.state === 'missing') return { profiles: [], notices: [] };
    if (parsed.state === 'newer') throw this.newerError(parsed.version);
    // Recover under the lock: another process may have fixed or replaced the file meanwhile.
    const { notices, profiles } = await this.update((current) => ({
      profiles: current,
      result: undefined,
      write: false,
    }));
    return { profiles, notices };
  }

  /**
   * Read-modify-write inside the cross-process lock. `change` gets the current profiles and
   * returns the new list and a result; nothing is written when it throws or says `write: false`.
   */
  async update<T>(
    change: (
      profiles: Profile[],
    ) =>
      | { profiles: Profile[]; result: T; write?: boolean }
      | Promise<{ profiles: Profile[]; result: T; write?: boolean }>,
  ): Promise<{ result: T; profiles: Profile[]; notices: StoreNotice[] }> {
    const previous = inProcessQueues.get(this.file) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.updateLocked(change));
    inProcessQueues.set(this.file, run);
    try {
      return await run;
    } finally {
      if (inProcessQueues.get(this.file) === run) inProcessQueues.delete(this.file);
    }
  }

  /** Damaged files kept aside in the data folder, newest first. */
  async backups(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.startsWith(`${PROFILES_FILE_NAME}.corrupt-`))
      .sort()
      .reverse()
      .map((n) => join(this.dir, n));
  }

  private async updateLocked<T>(
    change: (
      profiles: Profile[],
    ) =>
      | { profiles: Profile[]; result: T; write?: boolean }
      | Promise<{ profiles: Profile[]; result: T; write?: boolean }>,
  ): Promise<{ result: T; profiles: Profile[]; notices: StoreNotice[] }> {
    await this.ensureDir();
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.file, {
        realpath: false,
        stale: this.staleMs,
        retries: {
          retries: Math.ceil(this.waitMs / 50),
          minTimeout: 5,
          maxTimeout: 100,
          factor: 1.3,
          randomize: true,
        },
        onCompromised: (error) => {
          compromised = error;
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(
        {
          code: 'PROFILE_STORE',
          message:
            code === 'ELOCKED'
              ? 'Another Taxiway window or command kept the profile file locked for too long.'
              : `The profile file could not be locked (${code ?? 'unknown error'}).`,
          hint:
            code === 'ELOCKED'
              ? 'Try again in a moment. If no other Taxiway is running, the lock is cleared automatically after a few seconds.'
              : `Check that Taxiway may write to ${this.dir}.`,
          where: this.file,
        },
        { cause: error },
      );
    }
    try {
      const notices: StoreNotice[] = [];
      const parsed = await this.read();
      let profiles: Profile[] = [];
      if (parsed.state === 'newer') throw this.newerError(parsed.version);
      if (parsed.state === 'ok') profiles = parsed.profiles;
      if (parsed.state === 'damaged') {
        const backupPath = await this.moveAside();
        profiles = parsed.profiles;
        const problem: WireError = {
          code: 'PROFILE_STORE',
          message: `The profile file was damaged: ${parsed.problem}.`,
          hint:
            parsed.profiles.length > 0
              ? `The ${parsed.profiles.length} readable profile(s) were kept. The original file is saved at ${backupPath}; open it to recover the rest.`
              : `Nothing could be read from it. The original file is saved at ${backupPath}; open it to recover your profiles.`,
          where: this.file,
        };
        notices.push({
          kind: 'recovered',
          backupPath,
          problem,
          kept: parsed.profiles.length,
          dropped: parsed.dropped,
        });
        log.warn(problem.message, { backupPath });
        await this.write(profiles);
      }
      const outcome = await change(profiles);
      if (outcome.write !== false) {
        if (compromised) {
          throw new AppError({
            code: 'PROFILE_STORE',
            message: 'The lock on the profile file was lost while saving; nothing was written.',
            hint: 'Try again.',
            where: this.file,
          });
        }
        await this.write(outcome.profiles);
      }
      return { result: outcome.result, profiles: outcome.profiles, notices };
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async ensureDir(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new AppError(
        {
          code: 'PROFILE_STORE',
          message: `The data folder ${this.dir} could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
          hint: 'Set TAXIWAY_HOME to a folder you can write to.',
          where: this.dir,
        },
        { cause: error },
      );
    }
  }

  private async read(): Promise<Parsed> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { state: 'missing' };
      // Unreadable (permissions, a folder in its place, I/O error): treated like a damaged file,
      // so it is moved aside and explained rather than overwritten.
      return {
        state: 'damaged',
        profiles: [],
        dropped: 0,
        problem: `it could not be read (${code ?? String(error)})`,
      };
    }
    return parseProfileFile(text);
  }

  private async write(profiles: Profile[]): Promise<void> {
    const text = `${JSON.stringify({ version: PROFILE_FILE_VERSION, profiles }, null, 2)}\n`;
    try {
      await writeFileAtomic(this.file, text);
    } catch (error) {
      throw new AppError(
        {
          code: 'PROFILE_STORE',
          message: `The profile file could not be saved (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
          hint: `Check that ${this.dir} is writable and the disk is not full.`,
          where: this.file,
        },
        { cause: error },
      );
    }
  }

  private async moveAside(): Promise<string> {
    // No colons: they are not allowed in Windows file names.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let target = `${this.file}.corrupt-${stamp}`;
    for (let n = 2; await exists(target); n++) target = `${this.file}.corrupt-${stamp}-${n}`;
    try {
      await rename(this.file, target);
    } catch (error) {
      throw new AppError(
        {
          code: 'PROFILE_STORE',
          message: `The profile file is damaged and could not be moved aside (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
          hint: `Move ${this.file} elsewhere yourself; Taxiway will not overwrite it.`,
          where: this.file,
        },
        { cause: error },
      );
    }
    return target;
  }

  private newerError(version: unknown): AppError {
    return new AppError({
      code: 'PROFILE_STORE',
      message: `The profile file was written by a newer Taxiway (format version ${String(version)}; this one reads ${PROFILE_FILE_VERSION}).`,
      hint: 'Update Taxiway. The file is left untouched so the newer version keeps working.',
      where: this.file,
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
