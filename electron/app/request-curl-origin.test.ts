/**
 * "Copy as curl" through the real runtime and keychain (run under `bash scripts/with-keyring.sh`):
 * for a URL on the connection's own server the command has placeholders for its credentials; for
 * an API root on another server (discovery may list one, TAXII 2.1 §4.1.1) it has none, because
 * the app never sends credentials there, and says so.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { CallRegistry } from './call-registry';
import { DownloadSink } from './export-sink';
import { createRuntime, type Runtime } from './runtime';
import { clearService, tempDir, testServiceName } from '../../e2e/support/connections';

const service = testServiceName();
let home: { dir: string; cleanup: () => Promise<void> };
let runtime: Runtime;
let downloads: DownloadSink;

beforeAll(async () => {
  home = await tempDir('taxiway-curl-origin-');
  downloads = new DownloadSink();
  runtime = await createRuntime({
    mode: 'web',
    version: '0.0.0-test',
    home: path.join(home.dir, 'data'),
    keychainService: service,
    exportSink: downloads,
    checkResults: true,
  });
});

afterAll(async () => {
  await runtime?.close();
  await downloads?.close();
  await clearService(service);
  await home?.cleanup();
});

describe('copy as curl and the credential origin', () => {
  it('puts credential placeholders only in commands for the connection’s own server', async () => {
    const registry = new CallRegistry();
    let n = 0;
    const call = async <T>(name: string, args: unknown): Promise<T> => {
      const wire = await registry.run(
        runtime.handlers,
        `call-curl-${++n}`,
        name,
        args,
        () => {},
        runtime.dispatch,
      );
      if (!wire.ok) throw new Error(`${name}: ${JSON.stringify(wire.error)}`);
      return wire.value as T;
    };
    const saved = await call<Result<'connections.save'>>('connections.save', {
      settings: {
        name: 'Own',
        server: { kind: 'discovery', url: 'https://taxii.example.test/taxii2/' },
        auth: { kind: 'bearer' },
        headers: [{ name: 'X-Partner-Id', secret: true }],
      },
      secrets: { token: 'tok-curl-origin-1234', headers: { 'X-Partner-Id': 'partner-5678' } },
    });
    const own = await call<Result<'request.curl'>>('request.curl', {
      connectionId: saved.id,
      url: 'https://taxii.example.test/api1/collections/',
    });
    expect(own.placeholders).toEqual(['TAXIWAY_TOKEN', 'TAXIWAY_HEADER_X_PARTNER_ID']);
    expect(own.note).toBeUndefined();
    const other = await call<Result<'request.curl'>>('request.curl', {
      connectionId: saved.id,
      url: 'https://mirror.example.test/api2/collections/',
    });
    expect(other.placeholders).toEqual([]);
    expect(other.command).not.toContain('Authorization');
    expect(other.command).not.toContain('X-Partner-Id');
    expect(other.note).toMatch(/No credentials .*https:\/\/mirror\.example\.test/);
  });
});
