import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors';
import {
  explainKeychainFailure,
  KEYCHAIN_SERVICE,
  openKeychain,
  osKeychain,
  sessionKeychain,
} from './keychain';
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

describe('what a keychain failure means on each platform', () => {
  const sessionOnly =
    'Or choose to keep secrets for this session only (in memory, forgotten when Taxiway quits).';
  it('macOS: a locked login keychain, or a refusal', () => {
    for (const raw of ['User interaction is not allowed.', 'The keychain is LOCKED'])
      expect(explainKeychainFailure(raw, 'darwin').reason).toBe('the login keychain is locked');
    const refused = explainKeychainFailure('denied', 'darwin');
    expect(refused.reason).toBe('the macOS keychain refused the request');
    expect(refused.hint).toBe(
      `Unlock the login keychain (Keychain Access, or \`security unlock-keychain\`) and allow Taxiway when asked, then try again. ${sessionOnly}`,
    );
  });

  it('Windows: the Credential Manager', () => {
    const w = explainKeychainFailure('locked', 'win32');
    expect(w.reason).toBe('the Windows Credential Manager refused the request');
    expect(w.hint).toMatch(/^Make sure the Credential Manager service \(VaultSvc\) is running/);
    expect(w.hint.endsWith(sessionOnly)).toBe(true);
  });

  it('Linux: a locked keyring, a missing libsecret, or no Secret Service at all', () => {
    for (const raw of [
      'Collection is locked',
      'prompt dismissed',
      'Cannot create an item in a locked collection',
    ])
      expect(explainKeychainFailure(raw, 'linux').reason, raw).toBe(
        'the keyring is locked and could not be unlocked',
      );
    expect(explainKeychainFailure('x', 'linux').hint).toMatch(
      /^Install and start a Secret Service/,
    );
    for (const raw of [
      'libsecret-1.so.0: cannot open shared object file',
      'keytar did not load',
      "Cannot find module 'keytar'",
    ]) {
      const e = explainKeychainFailure(raw, 'linux');
      expect(e.reason, raw).toBe('the Secret Service library (libsecret) is missing');
      expect(e.hint).toMatch(
        /^Install libsecret \(Debian\/Ubuntu: `sudo apt install libsecret-1-0/,
      );
    }
    const none = explainKeychainFailure(
      'The name org.freedesktop.secrets was not provided by any .service files',
      'linux',
    );
    expect(none.reason).toBe(
      'no Secret Service is running (no GNOME Keyring or KWallet reachable on the D-Bus session bus)',
    );
    expect(none.hint.endsWith(sessionOnly)).toBe(true);
    expect(explainKeychainFailure('Collection is locked', 'linux').hint).toMatch(
      /^Unlock your keyring \(GNOME: Passwords and Keys/,
    );
  });
});

describe('account names and session-only secrets', () => {
  it('takes account names of 1 to 500 characters, on every operation', async () => {
    const keychain = sessionKeychain({ service: testServiceName() });
    const long = 'a'.repeat(500);
    await keychain.set(long, 'v');
    expect(await keychain.get(long)).toBe('v');
    for (const bad of ['', 'a'.repeat(501)]) {
      for (const op of [
        () => keychain.get(bad),
        () => keychain.set(bad, 'x'),
        () => keychain.delete(bad),
      ]) {
        const err = await op().catch((e: unknown) => e);
        expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
        expect((err as Error).message).toBe(
          'A keychain account name must have 1 to 500 characters.',
        );
      }
    }
    for (const op of [
      () => osKeychain({ service: service() }).get(''),
      () => osKeychain({ service: service() }).set('', 'x'),
      () => osKeychain({ service: service() }).delete('a'.repeat(501)),
    ])
      expect(isAppError(await op().catch((e: unknown) => e), 'INVALID_INPUT')).toBe(true);
  });

  it('keeps one store per service for the whole process, registered with the logger', async () => {
    const name = testServiceName();
    const a = sessionKeychain({ service: name });
    expect(a).toMatchObject({ service: name, mode: 'session' });
    expect(await a.available()).toEqual({ available: true, mode: 'session', service: name });
    await a.set('p:token', 'session-secret-4242');
    expect(redact('sent session-secret-4242')).toBe('sent [redacted]');
    const b = sessionKeychain({ service: name });
    expect(await b.get('p:token')).toBe('session-secret-4242');
    expect(await b.accounts()).toEqual(['p:token']);
    expect(await sessionKeychain({ service: testServiceName() }).accounts()).toEqual([]);
    expect(await b.delete('p:token')).toBe(true);
    expect(await b.delete('p:token')).toBe(false);
    expect(await a.get('p:token')).toBeNull();
    expect(sessionKeychain().service).toBe('Taxiway');
  });

  it('names its service, and the OS keychain defaults to Taxiway', () => {
    expect(osKeychain()).toMatchObject({ service: 'Taxiway', mode: 'os' });
    expect(KEYCHAIN_SERVICE).toBe('Taxiway');
  });

  it('opens the OS keychain as it is when session-only was not chosen', async () => {
    const k = await openKeychain({ service: service() });
    expect(k.mode).toBe('os');
  });
});
