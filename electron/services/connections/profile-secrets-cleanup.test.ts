/**
 * Secrets never outlive the settings they belong to, on the real keychain: a profile replaced by
 * an import loses its old secrets, and a save whose profile file cannot be written takes back
 * the secrets it had already stored.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { osKeychain, type Keychain } from '../keychain';
import { ProfileService } from './profiles';
import { clearService, tempDir, testServiceName } from '../../../e2e/support/connections';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ dir: string; keychain: Keychain; service: ProfileService }> {
  const { dir, cleanup } = await tempDir();
  const keychainService = testServiceName();
  cleanups.push(async () => {
    await clearService(keychainService);
    await cleanup();
  });
  const keychain = osKeychain({ service: keychainService });
  return { dir, keychain, service: new ProfileService({ dir, keychain }) };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('profile secrets', () => {
  it('an import that replaces a profile removes the secrets of its old settings', async () => {
    const { keychain, service } = await setup();
    const { profile } = await service.save({
      settings: {
        name: 'Shared',
        server: { kind: 'discovery', url: 'https://old.test/taxii2/' },
        auth: { kind: 'basic', username: 'old-user' },
      },
      secrets: { password: 'Pw-old-server-4417' },
    });
    expect(await keychain.accounts()).toEqual([`${profile.id}:password`]);

    const doc = {
      format: 'taxiway-profiles',
      version: 1,
      profiles: [
        {
          name: 'Shared',
          server: { kind: 'discovery', url: 'https://new.test/taxii2/' },
          auth: { kind: 'basic', username: 'new-user' },
        },
      ],
    };
    const result = await service.importProfiles(doc, { onClash: 'replace' });
    expect(result.replaced).toEqual(['Shared']);
    expect(result.imported[0]?.secrets).toMatchObject({
      hasPassword: false,
      missing: ['password'],
    });
    expect(await keychain.accounts()).toEqual([]);
    const secrets = await service.secretsOf(await service.get('Shared'));
    expect(JSON.stringify(secrets)).not.toContain('Pw-old-server-4417');
  });

  it('a new profile refused by the profile file leaves no secret in the keychain', async () => {
    const { keychain, service } = await setup();
    const taken = await service.save({
      settings: { name: 'Taken', server: { kind: 'discovery', url: 'https://a.test/taxii2/' } },
    });
    const error = await rejection(
      service.save({
        settings: {
          name: 'taken',
          server: { kind: 'discovery', url: 'https://b.test/taxii2/' },
          auth: { kind: 'bearer' },
        },
        secrets: { token: 'tok-refused-8810' },
      }),
    );
    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    expect(await keychain.accounts()).toEqual([]);
    expect((await service.list()).profiles.map((p) => p.id)).toEqual([taken.profile.id]);
  });

  it('a new profile whose file cannot be written leaves no secret in the keychain', async () => {
    const { dir, keychain } = await setup();
    // The data folder is a plain file: the keychain works, the profile file cannot be written.
    const notAFolder = join(dir, 'data');
    await writeFile(notAFolder, 'not a folder');
    const service = new ProfileService({ dir: notAFolder, keychain });
    await rejection(
      service.save({
        settings: {
          name: 'Unsaved',
          server: { kind: 'discovery', url: 'https://c.test/taxii2/' },
          auth: { kind: 'basic', username: 'u' },
        },
        secrets: { password: 'Pw-unsaved-5521' },
      }),
    );
    expect(await keychain.accounts()).toEqual([]);
  });
});
