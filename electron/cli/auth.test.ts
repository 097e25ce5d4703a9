/**
 * Authentication and TLS trust on the command line, end to end: the real command against the
 * project's TAXII server over HTTP (the `secure` root) and HTTPS (a private CA with client
 * certificates, and a self-signed server to pin), with secrets only in the environment or stdin.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { makeTestPki, type TestPki } from '../../e2e/server/pki';
import { startTestDns } from '../../e2e/support/dns-server';
import { taxiway, tempFolder } from './test-cli';

let plain: RunningTaxiiServer;
let mutual: RunningTaxiiServer;
let selfSigned: RunningTaxiiServer;
let pki: TestPki;
let files: { dir: string; cleanup: () => Promise<void> };
const file = (name: string): string => path.join(files.dir, name);
const SECRETS = [
  DEMO_CREDENTIALS.basic.password,
  DEMO_CREDENTIALS.bearer,
  DEMO_CREDENTIALS.apiKey.value,
];

beforeAll(async () => {
  pki = await makeTestPki('cli-p12-passphrase');
  files = await tempFolder();
  await Promise.all([
    writeFile(file('ca.pem'), pki.ca.cert),
    writeFile(file('client.pem'), pki.client.cert),
    writeFile(file('client.key'), pki.client.key),
    writeFile(file('client.p12'), pki.clientPfx),
  ]);
  [plain, mutual, selfSigned] = await Promise.all([
    startTaxiiServer({ mitreDir: null }),
    startTaxiiServer({ mitreDir: null, tls: pki.server, requireClientCert: { ca: pki.ca.cert } }),
    startTaxiiServer({ mitreDir: null, tls: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), mutual?.close(), selfSigned?.close()]);
  await files?.cleanup();
});

describe.concurrent('taxiway authentication and trust', { timeout: 90_000 }, () => {
  it('authenticates with --user, --password-stdin, --token and an API key header, printing no secret', async () => {
    const secure = plain.rootUrl('secure');
    const { basic, bearer, apiKey } = DEMO_CREDENTIALS;
    const runs = await Promise.all([
      taxiway(['collections', secure, '--user', basic.username, '--verbose'], {
        env: { TAXIWAY_PASSWORD: basic.password },
      }),
      taxiway(['collections', secure, '--user', basic.username, '--password-stdin', '--verbose'], {
        stdin: `${basic.password}\n`,
      }),
      taxiway(['collections', secure, '--token', '--verbose'], { env: { TAXIWAY_TOKEN: bearer } }),
      taxiway(['collections', secure, '--header-name', apiKey.header, '--verbose'], {
        env: { TAXIWAY_API_KEY: apiKey.value },
      }),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.json<{ collections: { title: string }[] }>().collections[0]!.title).toBe(
        'Secure feed',
      );
      for (const secret of SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    const sent = plain.requests
      .filter((r) => r.path.startsWith('/secure/'))
      .map(
        (r) =>
          r.headers.authorization?.split(' ')[0] ?? (r.headers['x-api-key'] ? 'X-Api-Key' : 'none'),
      );
    // (Other tests here send anonymous requests to the same root at the same time.)
    expect([...new Set(sent)]).toEqual(expect.arrayContaining(['Basic', 'Bearer', 'X-Api-Key']));
  });

  it('says plainly that credentials were refused, and that none were given', async () => {
    const secure = plain.rootUrl('secure');
    const wrong = 'not-the-password-1234';
    const [refused, anonymous] = await Promise.all([
      taxiway(['root', secure, '--user', 'analyst'], { env: { TAXIWAY_PASSWORD: wrong } }),
      taxiway(['root', secure]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/did not accept the credentials \(401\)/);
    expect(refused.stderr).toMatch(/Authentication required/);
    expect(refused.stdout + refused.stderr).not.toContain(wrong);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/wants you to log in \(401\)/);
  });

  it('runs the connection test on a URL, step by step, and names the failing step', async () => {
    const secure = plain.rootUrl('secure');
    const [good, bad] = await Promise.all([
      taxiway(['test', secure, '--user', 'analyst'], {
        env: { TAXIWAY_PASSWORD: DEMO_CREDENTIALS.basic.password },
      }),
      taxiway(['test', secure, '--user', 'analyst'], {
        env: { TAXIWAY_PASSWORD: 'wrong-password-5678' },
      }),
    ]);
    expect(good.code, good.stderr).toBe(0);
    const report = good.json<{ ok: boolean; steps: { step: string; status: string }[] }>();
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.step)).toEqual([
      'settings',
      'resolve',
      'tcp',
      'tls',
      'auth',
      'discovery',
      'api-roots',
      'collections',
    ]);
    expect(good.stderr).toMatch(/ok {6}HTTP authentication +\d+ ms/);
    expect(good.stderr).toMatch(/connection works \(TAXII 2\.1/);
    expect(bad.code).toBe(1);
    const failed = bad.json<{ ok: boolean; steps: { step: string; status: string }[] }>();
    expect(failed.ok).toBe(false);
    expect(failed.steps.find((s) => s.status === 'failed')?.step).toBe('auth');
    expect(bad.stderr).toMatch(/FAILED {2}HTTP authentication/);
    expect(bad.stderr).toMatch(/connection failed at "HTTP authentication"/);
    expect(bad.stdout + bad.stderr).not.toContain('wrong-password-5678');
  });

  it('trusts a private CA with --ca and presents a client certificate (PEM, or PKCS#12 with its passphrase)', async () => {
    const root = mutual.rootUrl('api1');
    const [untrusted, pem, p12, badPassphrase] = await Promise.all([
      taxiway(['root', root, '--cert', file('client.pem'), '--key', file('client.key')]),
      taxiway([
        'root',
        root,
        '--ca',
        file('ca.pem'),
        '--cert',
        file('client.pem'),
        '--key',
        file('client.key'),
      ]),
      taxiway(['root', root, '--ca', file('ca.pem'), '--pfx', file('client.p12')], {
        env: { TAXIWAY_PASSPHRASE: pki.clientPfxPassphrase },
      }),
      taxiway(['root', root, '--ca', file('ca.pem'), '--pfx', file('client.p12')], {
        env: { TAXIWAY_PASSPHRASE: 'not-the-passphrase' },
      }),
    ]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(
      /certificate of 127\.0\.0\.1:\d+ is not trusted: its chain ends in a self-signed certificate authority/,
    );
    expect(pem.code, pem.stderr).toBe(0);
    expect(pem.json()).toMatchObject({ title: 'Demo feed' });
    expect(p12.code, p12.stderr).toBe(0);
    expect(badPassphrase.code).toBe(2);
    expect(badPassphrase.stderr).toMatch(/passphrase for .*client\.p12 is wrong/);
    expect(badPassphrase.stderr).not.toContain('not-the-passphrase');
  });

  it('accepts a self-signed server with its --pin, and refuses any other certificate', async () => {
    const root = selfSigned.rootUrl('api1');
    const [pinned, wrongPin, unpinned] = await Promise.all([
      taxiway(['root', root, '--pin', selfSigned.fingerprint256!]),
      taxiway(['root', root, '--pin', '00'.repeat(32)]),
      taxiway(['root', root]),
    ]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.json()).toMatchObject({ title: 'Demo feed' });
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr).toMatch(/is not the pinned one/);
    expect(wrongPin.stderr).toContain(selfSigned.fingerprint256!);
    expect(unpinned.code).toBe(1);
    expect(unpinned.stderr).toMatch(/not trusted/);
  });

  it('finds a server from a bare domain through DNS SRV, falling over to the next target', async () => {
    const port = Number(new URL(selfSigned.origin).port);
    const dns = await startTestDns({
      // Priority 0 points at a closed port; the client must move on to priority 10.
      '_taxii2._tcp.taxii.example.test': [
        { target: 'localhost', port: 1, priority: 0 },
        { target: 'localhost', port, priority: 10 },
      ],
    });
    try {
      const env = { TAXIWAY_DNS_SERVERS: dns.server };
      const pin = ['--pin', selfSigned.fingerprint256!];
      const [discovered, tested, unknown] = await Promise.all([
        taxiway(['discover', 'taxii.example.test', ...pin], { env }),
        taxiway(['test', 'taxii.example.test', ...pin], { env }),
        taxiway(['discover', 'nothing.example.test'], { env }),
      ]);
      expect(discovered.code, discovered.stderr).toBe(0);
      expect(discovered.json<{ api_roots: string[] }>().api_roots).toContain(
        `https://localhost:${port}/api1/`,
      );
      expect(discovered.stderr).toMatch(
        /DNS SRV for taxii\.example\.test: localhost:1 \(priority 0/,
      );
      expect(discovered.stderr).toMatch(/trying the next target/);
      expect(discovered.stderr).toContain(
        `localhost:${port} (priority 10, weight 0) → https://localhost:${port}/taxii2/`,
      );
      expect(tested.stderr).toMatch(/ok {6}Name resolution/);
      expect(tested.json<{ steps: { step: string; detail: string }[] }>().steps[1]!.detail).toMatch(
        /_taxii2\._tcp\.taxii\.example\.test/,
      );
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/nothing\.example\.test advertises no TAXII server/);
      expect(dns.questions).toContain('_taxii2._tcp.taxii.example.test');
    } finally {
      await dns.close();
    }
  });
});
