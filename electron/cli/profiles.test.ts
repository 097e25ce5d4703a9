/**
 * `taxiway profiles …`, `--profile` and `taxiway test NAME` end to end, on the real keychain
 * (run under `bash scripts/with-keyring.sh`), with TAXIWAY_HOME a fresh folder and a keychain
 * service of this run's own, against the project's TAXII server. Every secret used is searched
 * for in the profile folder and in everything the command printed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { clearService, filesContaining, testServiceName } from '../../e2e/support/connections';
import { osKeychain } from '../services/keychain';
import { taxiway, tempFolder, type CliRun, type RunOptions } from './test-cli';

let server: RunningTaxiiServer;
let home: { dir: string; cleanup: () => Promise<void> };
let otherHome: { dir: string; cleanup: () => Promise<void> };
const service = testServiceName();
const { basic, bearer, apiKey } = DEMO_CREDENTIALS;
const WRONG = 'wrong-password-for-test-9876';
const SECRETS = [basic.password, bearer, apiKey.value, WRONG];
const printed: CliRun[] = [];

/** Runs taxiway with this file's TAXIWAY_HOME and keychain service; keeps the output to search. */
async function run(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const result = await taxiway(args, {
    ...options,
    env: { TAXIWAY_HOME: home.dir, TAXIWAY_KEYCHAIN_SERVICE: service, ...options.env },
  });
  printed.push(result);
  return result;
}

type Summary = {
  id: string;
  name: string;
  auth: { kind: string; username?: string; name?: string };
  headers: { name: string; secret: boolean; value?: string }[];
  secrets: { hasPassword: boolean; hasToken: boolean; hasHeaderValue: boolean; missing: string[] };
};

beforeAll(async () => {
  [home, otherHome] = await Promise.all([tempFolder(), tempFolder()]);
  server = await startTaxiiServer({ mitreDir: null });
  const secure = server.rootUrl('secure');
  // Four profiles saved at once: the profile file's lock keeps every one of them.
  const added = await Promise.all([
    run(['profiles', 'add', 'demo', '--url', server.discoveryUrl]),
    run(['profiles', 'add', 'secure', '--url', secure, '--user', basic.username], {
      env: { TAXIWAY_PASSWORD: basic.password },
    }),
    run(['profiles', 'add', 'token', '--url', secure, '--token', '--secret-stdin'], {
      stdin: `${bearer}\n`,
    }),
    run(
      [
        'profiles',
        'add',
        'apikey',
        '--url',
        secure,
        '--header-name',
        apiKey.header,
        '--header',
        'X-Request-Source: taxiway-cli-test',
        '--timeout',
        '12',
      ],
      { env: { TAXIWAY_API_KEY: apiKey.value } },
    ),
  ]);
  for (const a of added) expect(a.code, a.stderr).toBe(0);
});

afterAll(async () => {
  await server?.close();
  await clearService(service);
  await Promise.all([home?.cleanup(), otherHome?.cleanup()]);
});

describe.sequential('taxiway profiles on the real keychain', { timeout: 90_000 }, () => {
  it('lists and shows the saved profiles with their secrets as flags only', async () => {
    const [list, show] = await Promise.all([
      run(['profiles', 'list']),
      run(['profiles', 'show', 'APIKEY']),
    ]);
    expect(list.code, list.stderr).toBe(0);
    const { profiles, keychain } = list.json<{
      profiles: Summary[];
      keychain: { available: boolean; service: string };
    }>();
    expect(keychain).toMatchObject({ available: true, service });
    expect(profiles.map((p) => p.name).sort()).toEqual(['apikey', 'demo', 'secure', 'token']);
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    expect(by.secure).toMatchObject({
      auth: { kind: 'basic', username: 'analyst' },
      secrets: { hasPassword: true, missing: [] },
    });
    expect(by.token).toMatchObject({ auth: { kind: 'bearer' }, secrets: { hasToken: true } });
    expect(by.demo).toMatchObject({ auth: { kind: 'none' }, secrets: { missing: [] } });
    const apikey = show.json<Summary & { timeoutMs: number }>();
    expect(apikey).toMatchObject({
      name: 'apikey',
      auth: { kind: 'header', name: 'X-Api-Key' },
      timeoutMs: 12_000,
      secrets: { hasHeaderValue: true },
    });
    expect(apikey.headers).toEqual([
      { name: 'X-Request-Source', secret: false, value: 'taxiway-cli-test' },
    ]);
    expect((await osKeychain({ service }).accounts()).length).toBe(3);
  });

  it('uses a profile and its keychain secrets with --profile on other commands', async () => {
    const secure = server.rootUrl('secure');
    const runs = await Promise.all([
      run(['collections', secure, '--profile', 'secure']),
      run(['collections', '--profile', 'token']),
      run(['root', '--profile', 'apikey']),
      run(['discover', '--profile', 'demo']),
      // A discovery profile without a URL: its server's default API root.
      run(['root', '--profile', 'demo']),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]!.json<{ collections: unknown[] }>().collections).toHaveLength(1);
    expect(runs[1]!.json<{ collections: { title: string }[] }>().collections[0]!.title).toBe(
      'Secure feed',
    );
    expect(runs[2]!.json()).toMatchObject({ title: 'Secure feed' });
    expect(runs[3]!.json<{ api_roots: string[] }>().api_roots).toContain(secure);
    expect(runs[4]!.json()).toMatchObject({ title: 'Demo feed' });
    const extra = server.requests.find((r) => r.headers['x-request-source'] === 'taxiway-cli-test');
    expect(extra?.headers['x-api-key']).toBe(apiKey.value);
    const missing = await run(['collections', secure, '--profile', 'nobody']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No profile named "nobody"/);
  });

  it('tests a saved profile step by step, and a wrong stored password fails at authentication', async () => {
    const saved = await run(
      ['profiles', 'add', 'wrong', '--url', server.rootUrl('secure'), '--user', 'analyst'],
      {
        env: { TAXIWAY_PASSWORD: WRONG },
      },
    );
    expect(saved.code, saved.stderr).toBe(0);
    const [good, bad, overridden] = await Promise.all([
      run(['test', 'secure']),
      run(['test', '--profile', 'wrong']),
      // The right password on stdin overrides the stored one for this run only.
      run(
        [
          'root',
          server.rootUrl('secure'),
          '--profile',
          'wrong',
          '--password-stdin',
          '--user',
          'analyst',
        ],
        {
          stdin: `${basic.password}\n`,
        },
      ),
    ]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.json<{ ok: boolean }>().ok).toBe(true);
    expect(good.stderr).toMatch(/testing profile "secure"/);
    expect(bad.code).toBe(1);
    const report = bad.json<{ ok: boolean; steps: { step: string; status: string }[] }>();
    expect(report.steps.find((s) => s.status === 'failed')?.step).toBe('auth');
    expect(bad.stderr).toMatch(/FAILED {2}HTTP authentication/);
    expect(overridden.code, overridden.stderr).toBe(0);

    // --replace stores the right password under the same profile; the test then passes.
    const replaced = await run(
      [
        'profiles',
        'add',
        'wrong',
        '--url',
        server.rootUrl('secure'),
        '--user',
        'analyst',
        '--replace',
      ],
      { env: { TAXIWAY_PASSWORD: basic.password } },
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.json<Summary>().id).toBe(saved.json<Summary>().id);
    const fixed = await run(['test', 'wrong']);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('exports profiles without secrets and imports them elsewhere, renaming clashes', async () => {
    const exported = await run(['profiles', 'export', 'secure', 'apikey']);
    expect(exported.code, exported.stderr).toBe(0);
    const doc = exported.json<{ format: string; note: string; profiles: { name: string }[] }>();
    expect(doc.format).toBe('taxiway-profiles');
    expect(doc.profiles.map((p) => p.name)).toEqual(['secure', 'apikey']);
    expect(doc.note).toMatch(/password/);
    const file = path.join(otherHome.dir, 'shared.json');
    await writeFile(file, exported.stdout);
    const elsewhere = { TAXIWAY_HOME: path.join(otherHome.dir, 'home') };
    const first = await run(['profiles', 'import', file], { env: elsewhere });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json<{ imported: Summary[] }>().imported.map((p) => p.name)).toEqual([
      'secure',
      'apikey',
    ]);
    expect(first.json<{ imported: Summary[] }>().imported[0]!.secrets).toMatchObject({
      hasPassword: false,
      missing: ['password'],
    });
    const [again, broken] = await Promise.all([
      run(['profiles', 'import', '-'], { env: elsewhere, stdin: exported.stdout }),
      run(['profiles', 'import', '-'], { env: elsewhere, stdin: '{"format": "something-else"}' }),
    ]);
    expect(again.json<{ renamed: { from: string; to: string }[] }>().renamed).toEqual([
      { from: 'secure', to: 'secure (2)' },
      { from: 'apikey', to: 'apikey (2)' },
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not a Taxiway profiles file/);
  });

  it('removes a profile with its keychain entries', async () => {
    const before = (await osKeychain({ service }).accounts()).length;
    const removed = await run(['profiles', 'remove', 'secure']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.json()).toMatchObject({ name: 'secure', secretsRemoved: 1 });
    expect((await osKeychain({ service }).accounts()).length).toBe(before - 1);
    const gone = await run(['profiles', 'show', 'secure']);
    expect(gone.code).toBe(2);
  });

  it('never wrote a secret to the profile folder, stdout or stderr', async () => {
    expect(await filesContaining(home.dir, SECRETS)).toEqual([]);
    expect(await filesContaining(otherHome.dir, SECRETS)).toEqual([]);
    const profileFile = JSON.parse(
      await readFile(path.join(home.dir, 'profiles.json'), 'utf8'),
    ) as {
      profiles: { name: string }[];
    };
    expect(profileFile.profiles.map((p) => p.name)).toContain('apikey');
    for (const r of printed) for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
    expect(printed.length).toBeGreaterThan(15);
  });
});
