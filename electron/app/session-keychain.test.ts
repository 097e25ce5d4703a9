/**
 * Session-only secrets in the app (issue 5): in a process with no Secret Service (a D-Bus address
 * that leads nowhere), the real runtime says the keychain is unavailable and refuses to save a
 * secret; after `keychain.use-session` it keeps secrets in memory, says so in `app.info`, and a
 * connection using one works against the project's TAXII server. No file in the data folder ever
 * holds the secret.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { filesContaining, runChild, tempDir } from '../../e2e/support/connections';

let server: RunningTaxiiServer;
let home: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null });
  home = await tempDir('taxiway-session-');
});

afterAll(async () => {
  await server?.close();
  await home?.cleanup();
});

describe('session-only secrets in the app', () => {
  it('are offered when no Secret Service runs, kept in memory, and used', async () => {
    const data = path.join(home.dir, 'data');
    // The secret reaches the child through its environment, never through a file.
    const result = await runChild(
      home.dir,
      `
      const { createRuntime } = await import(SERVICES + '/../app/runtime.ts');
      const { CallRegistry } = await import(SERVICES + '/../app/call-registry.ts');
      const { DownloadSink } = await import(SERVICES + '/../app/export-sink.ts');
      const runtime = await createRuntime({
        mode: 'web', version: '0.0.0-test', home: ${JSON.stringify(data)},
        keychainService: 'Taxiway-test-session-${randomBytes(4).toString('hex')}',
        exportSink: new DownloadSink(), checkResults: true,
      });
      const registry = new CallRegistry();
      const events = [];
      runtime.hub.subscribe((name, payload) => events.push(name));
      let n = 0;
      const call = (name, args) => registry.run(runtime.handlers, 'call-session-' + ++n, name, args, () => {}, runtime.dispatch);
      const settings = {
        name: 'Secure',
        server: { kind: 'api-root', url: ${JSON.stringify(server.rootUrl('secure'))} },
        auth: { kind: 'bearer' },
      };
      const out = {};
      out.before = await call('app.info', {});
      out.refused = await call('connections.save', { settings, secrets: { token: process.env.TEST_TOKEN } });
      out.switched = await call('keychain.use-session', {});
      out.again = await call('keychain.use-session', {});
      out.saved = await call('connections.save', { settings, secrets: { token: process.env.TEST_TOKEN } });
      out.root = await call('roots.get', { connectionId: out.saved.value.id, apiRoot: ${JSON.stringify(server.rootUrl('secure'))} });
      out.events = events;
      await runtime.close();
      console.log(JSON.stringify(out));
      `,
      {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
        TEST_TOKEN: DEMO_CREDENTIALS.bearer,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<
      string,
      { ok: boolean; value?: Record<string, unknown>; error?: Record<string, unknown> }
    > & { events: string[] };

    expect(out.before!.value!.keychain).toMatchObject({ available: false, storage: 'unavailable' });
    expect(String((out.before!.value!.keychain as { reason: string }).reason)).toMatch(
      /session only/,
    );
    expect(out.refused!.error!.code).toBe('KEYCHAIN_UNAVAILABLE');

    expect(out.switched!.ok).toBe(true);
    const keychain = out.switched!.value!.keychain as { storage: string; reason: string };
    expect(keychain).toMatchObject({ available: true, storage: 'session' });
    expect(keychain.reason).toMatch(/memory only and are forgotten when Taxiway quits/);
    expect(keychain.reason).toMatch(/system keychain cannot be used/);
    expect(out.again!.ok).toBe(true);
    expect(out.events).toContain('connections.changed');

    expect(out.saved!.ok, JSON.stringify(out.saved)).toBe(true);
    expect(out.saved!.value).toMatchObject({
      secretStorage: 'session',
      secrets: { hasToken: true, missing: [] },
    });
    expect(out.root!.ok, JSON.stringify(out.root)).toBe(true);
    expect(server.requests.some((r) => r.headers.authorization?.startsWith('Bearer '))).toBe(true);

    expect(result.stdout + result.stderr).not.toContain(DEMO_CREDENTIALS.bearer);
    expect(await filesContaining(home.dir, [DEMO_CREDENTIALS.bearer])).toEqual([]);
  });
});
