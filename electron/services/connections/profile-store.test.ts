import { mkdir, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import type { Profile } from '../../../shared/profile';
import { dataDir } from './data-dir';
import { ProfileStore, parseProfileFile } from './profile-store';
import { runChild, tempDir } from '../../../e2e/support/connections';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function freshDir(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return dir;
}

function profile(name: string, id = `id-${name.replace(/\W/g, '')}`): Profile {
  const now = new Date().toISOString();
  return {
    id,
    name,
    server: { kind: 'discovery', url: `https://${id}.example.test/taxii2/` },
    taxiiVersion: 'auto',
    auth: { kind: 'none' },
    tls: {},
    proxy: { kind: 'system' },
    timeoutMs: 30_000,
    pageSize: 100,
    headers: [],
    urlSecretParams: [],
    cache: true,
    createdAt: now,
    updatedAt: now,
  };
}

describe('the data folder', () => {
  it('is TAXIWAY_HOME when set, else the platform app-data folder', () => {
    expect(dataDir({ TAXIWAY_HOME: '/tmp/th' }, 'linux', '/home/a')).toBe('/tmp/th');
    expect(dataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Taxiway');
    expect(dataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/Taxiway');
    expect(dataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/a')).toBe(
      '/home/a/.config/Taxiway',
    );
    expect(dataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Taxiway');
    expect(dataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Taxiway',
    );
  });
});

describe('the profile file', () => {
  it('starts empty, saves versioned JSON and reads it back', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    expect(await store.load()).toEqual({ profiles: [], notices: [] });
    await store.update((ps) => ({ profiles: [...ps, profile('One')], result: null }));
    const text = await readFile(store.file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, profiles: [{ name: 'One' }] });
    expect((await store.load()).profiles.map((p) => p.name)).toEqual(['One']);
    // Only the file itself remains: no temp file, no lock.
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });

  it('writes nothing when a change fails', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    await store.update((ps) => ({ profiles: [...ps, profile('Kept')], result: null }));
    const before = await readFile(store.file, 'utf8');
    await expect(
      store.update(() => {
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await readFile(store.file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });

  it('never shows a reader a half-written file while another process keeps rewriting it', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    await store.update(() => ({ profiles: [profile('Seed')], result: null }));
    const writer = runChild(
      dir,
      `
      const { ProfileStore } = await import(SERVICES + '/connections/profile-store.ts');
      const store = new ProfileStore({ dir: ${JSON.stringify(dir)} });
      const big = 'x'.repeat(2000);
      for (let i = 0; i < 60; i++) {
        await store.update((ps) => ({
          profiles: Array.from({ length: 40 }, (_, k) => ({ ...ps[0], id: 'id' + k, name: 'P' + i + '-' + k, headers: [{ name: 'X-Pad', secret: false, value: big }] })),
          result: null,
        }));
      }
      console.log('done');
      `,
    );
    let reads = 0;
    let running = true;
    void writer.then(() => (running = false));
    while (running) {
      const text = await readFile(store.file, 'utf8');
      expect(parseProfileFile(text).state).toBe('ok');
      reads++;
    }
    const result = await writer;
    expect(result.stdout.trim(), result.stderr).toBe('done');
    expect(reads).toBeGreaterThan(5);
  });

  it('loses no update when several processes save at once', async () => {
    const dir = await freshDir();
    const writers = 6;
    const perWriter = 8;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        runChild(
          dir,
          `
          const { ProfileService } = await import(SERVICES + '/connections/profiles.ts');
          const { sessionKeychain } = await import(SERVICES + '/keychain.ts');
          const service = new ProfileService({ dir: ${JSON.stringify(dir)}, keychain: sessionKeychain() });
          for (let i = 0; i < ${perWriter}; i++) {
            await service.save({ settings: { name: 'w${w}-' + i, server: { kind: 'discovery', url: 'https://w${w}.example.test/taxii2/' } } });
          }
          console.log('ok');
          `,
        ),
      ),
    );
    for (const r of results) expect(r.stdout.trim(), r.stderr).toBe('ok');
    const doc = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8'));
    expect(doc.version).toBe(1);
    const names = (doc.profiles as { name: string }[]).map((p) => p.name).sort();
    const expected = Array.from({ length: writers }, (_, w) =>
      Array.from({ length: perWriter }, (_, i) => `w${w}-${i}`),
    )
      .flat()
      .sort();
    expect(names).toEqual(expected);
    expect((await readdir(dir)).filter((n) => !n.startsWith('child-'))).toEqual(['profiles.json']);
  });

  it('takes over a lock left behind by a crashed process', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir, lockStaleMs: 2000 });
    await mkdir(`${store.file}.lock`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${store.file}.lock`, old, old);
    await store.update((ps) => ({ profiles: [...ps, profile('After crash')], result: null }));
    expect((await store.load()).profiles.map((p) => p.name)).toEqual(['After crash']);
  });

  it('waits for a live lock and then fails clearly instead of writing', async () => {
    const dir = await freshDir();
    const holder = new ProfileStore({ dir });
    const waiter = new ProfileStore({ dir, lockWaitMs: 300 });
    let release!: () => void;
    const held = holder.update(
      () =>
        new Promise<{ profiles: Profile[]; result: null }>((resolve) => {
          release = () => resolve({ profiles: [profile('Holder')], result: null });
        }),
    );
    await new Promise((r) => setTimeout(r, 50));
    // A different store object in the same process still queues; a second process would not.
    const other = await runChild(
      dir,
      `
      const { ProfileStore } = await import(SERVICES + '/connections/profile-store.ts');
      const store = new ProfileStore({ dir: ${JSON.stringify(dir)}, lockWaitMs: 300 });
      try { await store.update(() => ({ profiles: [], result: null })); console.log('wrote'); }
      catch (e) { console.log(JSON.stringify(e.wire)); }
      `,
    );
    release();
    await held;
    const wire = JSON.parse(other.stdout.trim());
    expect(wire.code).toBe('PROFILE_STORE');
    expect(wire.message).toMatch(/locked/);
    expect((await waiter.load()).profiles.map((p) => p.name)).toEqual(['Holder']);
  });
});

describe('a damaged profile file', () => {
  it('is moved aside with its content intact, explained, and replaced by an empty list', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    const garbage = '{"version":1,"profiles":[{"name": "half';
    await writeFile(store.file, garbage);
    const loaded = await store.load();
    expect(loaded.profiles).toEqual([]);
    expect(loaded.notices).toHaveLength(1);
    const notice = loaded.notices[0]!;
    expect(notice.problem.code).toBe('PROFILE_STORE');
    expect(notice.problem.message).toMatch(/not valid JSON/);
    expect(notice.problem.hint).toContain(notice.backupPath);
    expect(notice.backupPath).toMatch(/profiles\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(await readFile(notice.backupPath, 'utf8')).toBe(garbage);
    expect(await store.backups()).toEqual([notice.backupPath]);
    expect(JSON.parse(await readFile(store.file, 'utf8'))).toEqual({ version: 1, profiles: [] });
    // Told once: the next load finds a sound file.
    expect((await store.load()).notices).toEqual([]);
  });

  it('keeps the readable profiles of a partly damaged file and names the bad entries', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    const text = JSON.stringify({
      version: 1,
      profiles: [
        profile('Good'),
        { ...profile('Bad'), server: { kind: 'ftp' } },
        profile('Also good'),
      ],
    });
    await writeFile(store.file, text);
    const loaded = await store.load();
    expect(loaded.profiles.map((p) => p.name)).toEqual(['Good', 'Also good']);
    expect(loaded.notices[0]).toMatchObject({ kept: 2, dropped: 1 });
    expect(loaded.notices[0]!.problem.message).toContain('profiles[1].server');
    expect(await readFile(loaded.notices[0]!.backupPath, 'utf8')).toBe(text);
  });

  it('is recovered before a save, and the save still happens', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    await writeFile(store.file, 'not json at all');
    const { notices } = await store.update((ps) => ({
      profiles: [...ps, profile('New')],
      result: null,
    }));
    expect(notices).toHaveLength(1);
    expect((await store.load()).profiles.map((p) => p.name)).toEqual(['New']);
  });

  it('that cannot be read at all is moved aside too', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    await mkdir(store.file); // a folder where the file should be: EISDIR
    const loaded = await store.load();
    expect(loaded.notices[0]!.problem.message).toMatch(/could not be read \(EISDIR\)/);
    expect(loaded.profiles).toEqual([]);
  });

  it('written by a newer Taxiway is left untouched and refused', async () => {
    const dir = await freshDir();
    const store = new ProfileStore({ dir });
    const text = JSON.stringify({ version: 2, profiles: [], future: true });
    await writeFile(store.file, text);
    await expect(store.load()).rejects.toSatisfy(
      (e) => isAppError(e, 'PROFILE_STORE') && /newer Taxiway/.test((e as Error).message),
    );
    await expect(store.update((ps) => ({ profiles: ps, result: null }))).rejects.toSatisfy((e) =>
      isAppError(e, 'PROFILE_STORE'),
    );
    expect(await readFile(store.file, 'utf8')).toBe(text);
    expect(await store.backups()).toEqual([]);
  });
});
