/**
 * Keychain entries nobody owns. Saving a new profile writes its secrets before the profile file
 * (so a failing keychain leaves the file as it was), and removing one deletes the file entry
 * before the secrets: a process killed in between (`kill -9`, a power cut) leaves `<id>:token`
 * entries with no profile. Each such step is journalled in the data folder first
 * (`pending-secrets/<id>.json`, holding the writer's pid) and cleared after; the next start sweeps
 * the journal and deletes the entries of ids whose writer is gone and whose profile does not exist.
 *
 * Only journalled ids are ever swept: another data folder (TAXIWAY_HOME) may share the keychain
 * service, and its profiles' secrets look exactly like orphans from here.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keychain } from '../keychain';

/** A journal entry older than this is stale even if its pid runs (the pid was reused). */
const STALE_MS = 10 * 60_000;

const ID = /^[A-Za-z0-9-]{1,100}$/;

function folder(dataDir: string): string {
  return join(dataDir, 'pending-secrets');
}

/** Records that keychain entries of profile `id` are about to exist without (or outlive) its profile. */
export async function journalSecrets(dataDir: string, id: string): Promise<void> {
  if (!ID.test(id)) return;
  await mkdir(folder(dataDir), { recursive: true });
  await writeFile(
    join(folder(dataDir), `${id}.json`),
    JSON.stringify({ pid: process.pid, at: Date.now() }),
  );
}

/** Clears the journal entry of `id` once the profile file and the keychain agree again. */
export async function settleSecrets(dataDir: string, id: string): Promise<void> {
  if (!ID.test(id)) return;
  await rm(join(folder(dataDir), `${id}.json`), { force: true });
}

function running(pid: unknown): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the keychain entries of journalled ids whose writer is no longer running and that no
 * profile has; returns the accounts deleted. Entries of a profile that exists are never touched.
 */
export async function sweepOrphanSecrets(
  dataDir: string,
  keychain: Keychain,
  profileIds: () => Promise<ReadonlySet<string>>,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder(dataDir));
  } catch {
    return []; // No journal: nothing was ever left half-done here.
  }
  const done: string[] = [];
  for (const name of names) {
    const id = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || !ID.test(id)) continue;
    let entry: { pid?: unknown; at?: unknown } = {};
    try {
      entry = JSON.parse(await readFile(join(folder(dataDir), name), 'utf8')) as typeof entry;
    } catch {
      // Unreadable: its writer died while writing it, so it is not running.
    }
    const fresh = typeof entry.at === 'number' && Date.now() - entry.at < STALE_MS;
    if (fresh && running(entry.pid)) continue; // A save or remove in progress.
    done.push(id);
  }
  if (done.length === 0) return [];
  if (!(await keychain.available()).available) return [];
  // Read after the journal: a writer that settled meanwhile wrote its profile first.
  const owned = await profileIds();
  const accounts = await keychain.accounts();
  const removed: string[] = [];
  for (const id of done) {
    if (!owned.has(id)) {
      for (const account of accounts.filter((a) => a.startsWith(`${id}:`))) {
        if (await keychain.delete(account)) removed.push(account);
      }
    }
    await settleSecrets(dataDir, id);
  }
  return removed;
}

/** `sweepOrphanSecrets` for a profile service's data folder, keychain and profiles. */
export function sweepProfileOrphans(profiles: {
  dir: string;
  keychain: Keychain;
  list(): Promise<{ profiles: readonly { id: string }[] }>;
}): Promise<string[]> {
  return sweepOrphanSecrets(
    profiles.dir,
    profiles.keychain,
    async () => new Set((await profiles.list()).profiles.map((p) => p.id)),
  );
}
