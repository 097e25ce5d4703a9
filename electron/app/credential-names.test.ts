/**
 * Credentials recognised by their name, wherever settings are stored: headers such as
 * `Ocp-Apim-Subscription-Key` left plain in the connection form or given with `--header`, and URL
 * parameters such as `subscription-key` pasted into a server URL, go to the real keychain (run under
 * `bash scripts/with-keyring.sh`) and never into `profiles.json`, the connection list, `profiles
 * list/show`, an export or a copied curl command.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { DownloadSink } from './export-sink';
import { CallRegistry } from './call-registry';
import { createRuntime, type Runtime } from './runtime';
import { taxiway } from '../cli/test-cli';
import {
  clearService,
  filesContaining,
  tempDir,
  testServiceName,
} from '../../e2e/support/connections';
import { osKeychain } from '../services/keychain';

// Header and URL parameter names real services use for credentials, each with a value of its own.
const HEADERS = [
  'Ocp-Apim-Subscription-Key',
  'X-Key',
  'Key',
  'X-Access-Key',
  'X-Client-Key',
  'X-Partner-Key',
  'X-Licence-Key',
  'X-TAXII-Key',
  'X-Subscription-Key',
];
const PARAMS = [
  'subscription-key',
  'subscription_key',
  'authkey',
  'user_key',
  'license_key',
  'private_key',
  'session_id',
  'access_key',
];
const run = randomBytes(4).toString('hex');
const headerValue = (name: string): string => `hv-${name.toLowerCase()}-${run}`;
const paramValue = (name: string): string => `pv-${name}-${run}`;
const SECRETS = [...HEADERS.map(headerValue), ...PARAMS.map(paramValue)];
const URL_WITH_SECRETS = `https://taxii.example.test/taxii2/?${PARAMS.map((p) => `${p}=${paramValue(p)}`).join('&')}&lang=en`;

let home: { dir: string; cleanup: () => Promise<void> };
const services = [testServiceName(), testServiceName()];

beforeAll(async () => {
  home = await tempDir('taxiway-credential-names-');
});

afterAll(async () => {
  for (const s of services) await clearService(s);
  await home?.cleanup();
});

describe('credentials recognised by their name', { timeout: 150_000 }, () => {
  it('are kept in the keychain when the connection form saves them plain', async () => {
    const data = path.join(home.dir, 'app');
    const downloads = new DownloadSink();
    const runtime: Runtime = await createRuntime({
      mode: 'web',
      version: '0.0.0-test',
      home: data,
      keychainService: services[0],
      exportSink: downloads,
      checkResults: true,
    });
    try {
      const registry = new CallRegistry();
      let n = 0;
      const call = async <T>(name: string, args: unknown): Promise<T> => {
        const wire = await registry.run(
          runtime.handlers,
          `call-names-${++n}`,
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
          name: 'Gateway',
          server: { kind: 'discovery', url: URL_WITH_SECRETS },
          headers: [
            ...HEADERS.map((name) => ({ name, secret: false, value: headerValue(name) })),
            { name: 'X-Request-Source', secret: false, value: 'taxiway-test' },
          ],
        },
      });
      expect(saved.headers).toEqual([
        ...HEADERS.map((name) => ({ name, secret: true })),
        { name: 'X-Request-Source', secret: false, value: 'taxiway-test' },
      ]);
      expect([...saved.urlSecretParams].sort()).toEqual([...PARAMS].sort());
      expect(saved.secrets.missing).toEqual([]);
      const accounts = await osKeychain({ service: services[0]! }).accounts();
      expect(accounts).toHaveLength(HEADERS.length + PARAMS.length);

      const list = await call<unknown>('connections.list', {});
      const exported = await call<Result<'connections.export'>>('connections.export', {});
      const curl = await call<Result<'request.curl'>>('request.curl', {
        connectionId: saved.id,
        url: 'https://taxii.example.test/taxii2/',
      });
      for (const secret of SECRETS) {
        expect(JSON.stringify([saved, list, exported, curl])).not.toContain(secret);
      }
      expect(curl.placeholders).toContain('TAXIWAY_HEADER_OCP_APIM_SUBSCRIPTION_KEY');
      expect(curl.placeholders).toContain('TAXIWAY_QUERY_SUBSCRIPTION_KEY');
      expect(await filesContaining(data, SECRETS)).toEqual([]);
    } finally {
      await runtime.close();
      await downloads.close();
    }
  });

  it('are kept in the keychain when given to profiles add with --header', async () => {
    const data = path.join(home.dir, 'cli');
    const env = { TAXIWAY_HOME: data, TAXIWAY_KEYCHAIN_SERVICE: services[1] };
    const add = await taxiway(
      [
        'profiles',
        'add',
        'gateway',
        '--url',
        URL_WITH_SECRETS,
        ...HEADERS.flatMap((name) => ['--header', `${name}: ${headerValue(name)}`]),
        '--header',
        'X-Request-Source: taxiway-test',
      ],
      { env },
    );
    expect(add.code, add.stderr).toBe(0);
    const [list, show, exported] = await Promise.all([
      taxiway(['profiles', 'list'], { env }),
      taxiway(['profiles', 'show', 'gateway'], { env }),
      taxiway(['profiles', 'export', 'gateway'], { env }),
    ]);
    for (const r of [list, show, exported]) expect(r.code, r.stderr).toBe(0);
    const shown = show.json<{ headers: { name: string; secret: boolean }[] }>();
    expect(shown.headers.filter((h) => h.secret).map((h) => h.name)).toEqual(HEADERS);
    for (const r of [add, list, show, exported])
      for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(await filesContaining(data, SECRETS)).toEqual([]);
    const accounts = await osKeychain({ service: services[1]! }).accounts();
    expect(accounts).toHaveLength(HEADERS.length + PARAMS.length);
  });
});
