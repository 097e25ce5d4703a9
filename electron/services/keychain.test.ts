import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors';
import { openKeychain, osKeychain, sessionKeychain } from './keychain';
import { redact } from './log';
import { clearService, runChild, tempDir, testServiceName } from '../../e2e/support/connections';

const services: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await clearService(s);
  for (const c of cleanups.splice(0)) await c();
});

function service(): string {
  const name = testServiceName();
  services.push(name);
  return name;
}

describe('the OS keychain', () => {
  it('stores, reads, lists and deletes a secret under its own service name', async () => {
    const keychain = osKeychain({ service: service() });
    expect(await keychain.available()).toMatchObject({ available: true, mode: 'os' });
    expect(await keychain.get('p1:password')).toBeNull();
    await keychain.set('p1:password', 'correct horse battery staple');
    await keychain.set('p1:token', 'tok-0123456789');
    expect(await keychain.get('p1:password')).toBe('correct horse battery staple');
    expect((await keychain.accounts()).sort()).toEqual(['p1:password', 'p1:token']);
    expect(await keychain.delete('p1:password')).toBe(true);
    expect(await keychain.delete('p1:password')).toBe(false);
    expect(await keychain.get('p1:password')).toBeNull();
    expect(await keychain.accounts()).toEqual(['p1:token']);
  });

  it('keeps entries of different services apart', async () => {
    const a = osKeychain({ service: service() });
    const b = osKeychain({ service: service() });
    await a.set('same', 'value-of-a');
    expect(await b.get('same')).toBeNull();
    expect(await b.accounts()).toEqual([]);
  });

  it('replaces a secret that is set twice', async () => {
    const keychain = osKeychain({ service: service() });
    await keychain.set('p:token', 'first-token-value');
    await keychain.set('p:token', 'second-token-value');
    expect(await keychain.get('p:token')).toBe('second-token-value');
    expect(await keychain.accounts()).toEqual(['p:token']);
  });

  it('registers every secret it stores or hands out, so logs cannot show it', async () => {
    const keychain = osKeychain({ service: service() });
    await keychain.set('p:password', 'zebra-cactus-91');
    expect(redact('login failed for zebra-cactus-91')).toBe('login failed for [redacted]');
  });
});

describe('without a Secret Service', () => {
  it('says KEYCHAIN_UNAVAILABLE with how to fix it, and works for this session only when asked', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const name = testServiceName();
    const result = await runChild(
      dir,
      `
      const { osKeychain, openKeychain } = await import(SERVICES + '/keychain.ts');
      const os = osKeychain({ service: ${JSON.stringify(name)} });
      const status = await os.available();
      let getError;
      try { await os.get('p:password'); } catch (e) { getError = e.wire ?? String(e); }
      let setError;
      try { await os.set('p:password', 'never-stored-anywhere'); } catch (e) { setError = e.wire ?? String(e); }
      const plain = await openKeychain({ service: ${JSON.stringify(name)} });
      const session = await openKeychain({ service: ${JSON.stringify(name)}, sessionOnlyFallback: true });
      await session.set('p:password', 'kept-in-memory-only');
      const again = await openKeychain({ service: ${JSON.stringify(name)}, sessionOnlyFallback: true });
      console.log(JSON.stringify({
        status, getError, setError, plainMode: plain.mode, sessionMode: session.mode,
        readBack: await again.get('p:password'), accounts: await again.accounts(),
      }));
      `,
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(out.status.available).toBe(false);
    expect(out.status.error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(out.status.error.message).toMatch(/Secret Service/);
    expect(out.status.error.hint).toMatch(/gnome-keyring/);
    expect(out.status.error.hint).toMatch(/session only/);
    expect(out.getError.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(out.setError.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(JSON.stringify(out.setError)).not.toContain('never-stored-anywhere');
    expect(out.plainMode).toBe('os');
    expect(out.sessionMode).toBe('session');
    expect(out.readBack).toBe('kept-in-memory-only');
    expect(out.accounts).toEqual(['p:password']);
    expect(result.stderr).not.toContain('never-stored-anywhere');
  });

  it('asks quietly whether it works and what it holds, and warns of a failed read once', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const name = testServiceName();
    const result = await runChild(
      dir,
      `
      const { osKeychain } = await import(SERVICES + '/keychain.ts');
      const os = osKeychain({ service: ${JSON.stringify(name)} });
      const probes = [await os.available(), await os.available()];
      let listed = 0;
      for (let i = 0; i < 2; i++) { try { await os.accounts(); } catch { listed++; } }
      let reads = 0;
      for (let i = 0; i < 3; i++) { try { await os.get('p:password'); } catch { reads++; } }
      console.log(JSON.stringify({ available: probes.map((p) => p.available), listed, reads }));
      `,
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(out).toEqual({ available: [false, false], listed: 2, reads: 3 });
    expect(result.stderr).not.toMatch(/keychain (probe|list) failed/);
    expect(result.stderr.match(/keychain read failed/g)).toHaveLength(1);
  });

  it('forgets session-only secrets when the process ends', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const name = testServiceName();
    const code = (write: boolean) => `
      const { sessionKeychain } = await import(SERVICES + '/keychain.ts');
      const k = sessionKeychain({ service: ${JSON.stringify(name)} });
      ${write ? "await k.set('p:token', 'short-lived-token');" : ''}
      console.log(JSON.stringify(await k.get('p:token')));`;
    expect((await runChild(dir, code(true))).stdout.trim()).toBe('"short-lived-token"');
    expect((await runChild(dir, code(false))).stdout.trim()).toBe('null');
  });

  it('uses the OS keychain, not memory, when it works even if session-only was allowed', async () => {
    const name = service();
    const keychain = await openKeychain({ service: name, sessionOnlyFallback: true });
    expect(keychain.mode).toBe('os');
    await keychain.set('p:token', 'goes-to-the-real-keychain');
    expect(await osKeychain({ service: name }).get('p:token')).toBe('goes-to-the-real-keychain');
    expect(await sessionKeychain({ service: name }).get('p:token')).toBeNull();
  });

  it('refuses an empty account name', async () => {
    const keychain = sessionKeychain({ service: testServiceName() });
    await expect(keychain.set('', 'x')).rejects.toSatisfy((e) => isAppError(e, 'INVALID_INPUT'));
  });
});
