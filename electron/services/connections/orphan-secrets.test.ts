/**
 * Keychain entries left by a save killed with SIGKILL between writing its secrets and writing the
 * profile file are deleted on the next start, of the CLI and of the app, on the real keychain (run
 * under `bash scripts/with-keyring.sh`). Secrets of profiles that exist, and entries of the same
 * keychain service this data folder never wrote (another TAXIWAY_HOME's), stay; `profiles orphans`
 * lists what no profile owns (older builds' leftovers) and deletes it only when asked.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../app/runtime';
import { DownloadSink } from '../../app/export-sink';
import { taxiway } from '../../cli/test-cli';
import { osKeychain } from '../keychain';
import { ProfileService } from './profiles';
import { clearService, runChild, tempDir, testServiceName } from '../../../e2e/support/connections';

const service = testServiceName();
const keychain = osKeychain({ service });
let home: { dir: string; cleanup: () => Promise<void> };
let data: string;
let keptId: string;
const foreign = `${randomUUID()}:token`;

beforeAll(async () => {
  home = await tempDir('taxiway-orphans-');
  data = path.join(home.dir, 'data');
  const saved = await new ProfileService({ dir: data, keychain }).save({
    settings: {
      name: 'kept',
      server: { kind: 'discovery', url: 'https://kept.example.test/taxii2/' },
      auth: { kind: 'bearer' },
    },
    secrets: { token: 'kept-token-1234' },
  });
  keptId = saved.profile.id;
  await keychain.set(foreign, 'another-data-folder-token');
});

afterAll(async () => {
  await clearService(service);
  await home?.cleanup();
});

/** A child that saves a profile and is killed with SIGKILL right after its first keychain write. */
async function saveKilledMidway(name: string): Promise<void> {
  const result = await runChild(
    home.dir,
    `
    const { ProfileService } = await import(SERVICES + '/connections/profiles.ts');
    const { osKeychain } = await import(SERVICES + '/keychain.ts');
    const real = osKeychain({ service: ${JSON.stringify(service)} });
    const dying = new Proxy(real, {
      get(target, prop) {
        if (prop !== 'set') return Reflect.get(target, prop);
        return async (account, secret) => {
          await target.set(account, secret);
          process.kill(process.pid, 'SIGKILL');
          await new Promise(() => {});
        };
      },
    });
    await new ProfileService({ dir: ${JSON.stringify(data)}, keychain: dying }).save({
      settings: {
        name: ${JSON.stringify(name)},
        server: { kind: 'discovery', url: 'https://doomed.example.test/taxii2/' },
        auth: { kind: 'basic', username: 'u' },
      },
      secrets: { password: 'doomed-password-5678' },
    });
    console.log('not killed');
    `,
  );
  expect(result.stdout).not.toContain('not killed');
  expect(result.code).toBeNull(); // Killed by a signal.
}

async function orphans(): Promise<string[]> {
  const file = await readFile(path.join(data, 'profiles.json'), 'utf8');
  return (await keychain.accounts()).filter(
    (a) => a !== foreign && !a.startsWith(`${keptId}:`) && !file.includes(a.split(':')[0]!),
  );
}

describe('keychain entries without a profile', { timeout: 90_000 }, () => {
  it('are deleted on the next start of the CLI, and nothing else is', async () => {
    await saveKilledMidway('doomed-cli');
    expect(await orphans()).toHaveLength(1);
    const list = await taxiway(['profiles', 'list'], {
      env: { TAXIWAY_HOME: data, TAXIWAY_KEYCHAIN_SERVICE: service },
    });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toContain('removed 1 keychain entry left without a profile');
    expect(await orphans()).toEqual([]);
    expect(await keychain.get(`${keptId}:token`)).toBe('kept-token-1234');
    expect(await keychain.get(foreign)).toBe('another-data-folder-token');
  });

  it('are deleted on the next start of the app, and nothing else is', async () => {
    await saveKilledMidway('doomed-app');
    expect(await orphans()).toHaveLength(1);
    const downloads = new DownloadSink();
    const runtime = await createRuntime({
      mode: 'web',
      version: '0.0.0-test',
      home: data,
      keychainService: service,
      exportSink: downloads,
      checkResults: true,
    });
    await runtime.close();
    await downloads.close();
    expect(await orphans()).toEqual([]);
    expect(await keychain.get(`${keptId}:token`)).toBe('kept-token-1234');
    expect(await keychain.get(foreign)).toBe('another-data-folder-token');
  });

  it('left by older builds (no journal) are listed by profiles orphans, and deleted only with --delete', async () => {
    const old = `${randomUUID()}:password`;
    await keychain.set(old, 'left-by-an-older-build');
    const env = { TAXIWAY_HOME: data, TAXIWAY_KEYCHAIN_SERVICE: service };
    const listed = await taxiway(['profiles', 'orphans'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const found = listed.json<{ unowned: string[]; deleted: string[] }>();
    // The other data folder's entry is listed too: nothing tells it apart, hence no deleting unasked.
    expect(found).toEqual({ unowned: [old, foreign].sort(), deleted: [] });
    expect(listed.stdout).not.toContain('left-by-an-older-build');
    expect(await keychain.get(old)).toBe('left-by-an-older-build');

    const deleted = await taxiway(['profiles', 'orphans', '--delete'], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.json<{ deleted: string[] }>().deleted).toEqual([old, foreign].sort());
    expect(await keychain.get(old)).toBeNull();
    expect(await keychain.get(`${keptId}:token`)).toBe('kept-token-1234');
    await keychain.set(foreign, 'another-data-folder-token');
  });
});
