/**
 * Profiles against the project's TAXII server over real HTTPS on loopback: every kind of
 * authentication, custom CA, pinned self-signed certificate, client certificates, a proxy, DNS
 * SRV, and the connection test's step reports; then a search for every secret used.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import {
  ProfileSettings,
  type ProfileSettingsInput,
  type SecretChanges,
} from '../../../shared/profile';
import { DEMO_CREDENTIALS } from '../../../e2e/server/layout';
import { type TestPki, makeTestPki } from '../../../e2e/server/pki';
import { startTaxiiServer } from '../../../e2e/server/server';
import { osKeychain } from '../keychain';
import { addLogSink, setLogLevel } from '../log';
import { TaxiiClient } from '../taxii/client';
import { noSecrets, type ResolvedConnection } from './connection-options';
import { applySecretChanges } from './profile-secrets';
import { ProfileService } from './profiles';
import { makeResolver } from './srv';
import { type ConnectionTestReport, type TestStepReport, testConnection } from './test-connection';
import {
  clearService,
  filesContaining,
  tempDir,
  testServiceName,
} from '../../../e2e/support/connections';
import { startTestDns } from '../../../e2e/support/dns-server';
import { startTestProxy } from '../../../e2e/support/connect-proxy';

type Server = Awaited<ReturnType<typeof startTaxiiServer>>;

const PROXY_PASSWORD = 'proxy-pw-connect-5521';
const WRONG_PASSWORD = 'wrong-pw-connect-7310';
// Demo values are not secret in the project, but here they stand in for real ones: none may leak.
const SECRETS = [
  DEMO_CREDENTIALS.basic.password,
  DEMO_CREDENTIALS.bearer,
  DEMO_CREDENTIALS.apiKey.value,
  PROXY_PASSWORD,
  WRONG_PASSWORD,
];

let pki: TestPki;
// Each test gets its own data folder and keychain service (set in beforeEach).
let home: string;
let profiles: ProfileService;
const logLines: string[] = [];
const shown: string[] = [];
const exchanges: string[] = [];
const fileHits: string[] = [];
let foldersSearched = 0;
const closers: (() => Promise<void>)[] = [];
let removeSink: () => void;

beforeAll(async () => {
  pki = await makeTestPki();
  SECRETS.push(pki.clientPfxPassphrase);
  removeSink = addLogSink((_r, line) => logLines.push(line));
  setLogLevel('debug');
});

beforeEach(async () => {
  const { dir, cleanup } = await tempDir();
  const keychainService = testServiceName();
  home = dir;
  profiles = new ProfileService({ dir, keychain: osKeychain({ service: keychainService }) });
  closers.push(async () => {
    // Before the folder goes: every file in it is searched for every secret.
    fileHits.push(...(await filesContaining(dir, SECRETS)));
    foldersSearched++;
    await clearService(keychainService);
    await cleanup();
  });
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

afterAll(() => {
  removeSink();
  setLogLevel('warn');
});

async function server(options: Parameters<typeof startTaxiiServer>[0]): Promise<Server> {
  const s = await startTaxiiServer({ mitreDir: null, ...options });
  closers.push(() => s.close());
  return s;
}

let counter = 0;
async function save(settings: Omit<ProfileSettingsInput, 'name'>, secrets?: SecretChanges) {
  const name = `p${++counter}`;
  const { profile } = await profiles.save({
    settings: { name, ...settings },
    ...(secrets ? { secrets } : {}),
  });
  shown.push(JSON.stringify(profile));
  return profile;
}

/** Lists the secure root's collections through the client core, as the app would. */
async function listSecure(connection: ResolvedConnection, rootUrl: string) {
  // Raw exchange records, before any log redaction: they are searched for secrets at the end.
  const client = new TaxiiClient({
    ...connection.options,
    onExchange: (record) => exchanges.push(JSON.stringify(record)),
  });
  try {
    return await client.collections(rootUrl);
  } finally {
    await client.close();
  }
}

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (error) {
    shown.push(JSON.stringify((error as { wire?: unknown }).wire ?? String(error)), String(error));
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function runTest(
  ref: string,
  extra: Parameters<typeof testConnection>[1] = {},
): Promise<{
  report: ConnectionTestReport;
  progress: TestStepReport[];
}> {
  const profile = await profiles.get(ref);
  const secrets = await profiles.secretsOf(profile);
  const progress: TestStepReport[] = [];
  const report = await testConnection(
    { settings: profile, secrets },
    {
      ...extra,
      onStep: (s) => {
        progress.push(s);
        extra.onStep?.(s);
      },
    },
  );
  shown.push(JSON.stringify(report));
  return { report, progress };
}

function step(report: ConnectionTestReport, name: string): TestStepReport {
  return report.steps.find((s) => s.step === name)!;
}

describe('authentication over HTTPS with a custom CA', () => {
  it('reaches the secure root with Basic, bearer and API key profiles, credentials only to its origin', async () => {
    const s = await server({ tls: pki.server });
    const ca = { kind: 'pem' as const, pem: pki.ca.cert };
    const variants: [
      string,
      Omit<ProfileSettingsInput, 'name' | 'server'>,
      SecretChanges,
      string,
    ][] = [
      [
        'basic',
        { auth: { kind: 'basic', username: DEMO_CREDENTIALS.basic.username } },
        { password: DEMO_CREDENTIALS.basic.password },
        'authorization',
      ],
      ['bearer', { auth: { kind: 'bearer' } }, { token: DEMO_CREDENTIALS.bearer }, 'authorization'],
      [
        'header',
        { auth: { kind: 'header', name: 'X-Api-Key' } },
        { headers: { 'X-Api-Key': DEMO_CREDENTIALS.apiKey.value } },
        'x-api-key',
      ],
    ];
    for (const [kind, settings, secrets, header] of variants) {
      const profile = await save(
        { server: { kind: 'discovery', url: s.discoveryUrl }, tls: { ca }, ...settings },
        secrets,
      );
      const { connection } = await profiles.connect(profile.id);
      expect(connection.options.authOrigins).toEqual([s.origin]);
      s.requests.length = 0;
      const result = await listSecure(connection, s.rootUrl('secure'));
      expect(result.value.length, kind).toBeGreaterThan(0);
      const seen = s.requests.filter((r) => r.path.startsWith('/secure/'));
      expect(seen.length).toBeGreaterThan(0);
      for (const r of seen) expect(r.headers[header], kind).toBeTruthy();
      expect(seen.every((r) => r.status === 200)).toBe(true);
    }
  });

  it('refuses a certificate from the private CA when the profile lacks the CA', async () => {
    const s = await server({ tls: pki.server });
    const profile = await save({ server: { kind: 'discovery', url: s.discoveryUrl } });
    const { connection } = await profiles.connect(profile.id);
    const error = await failure(listSecure(connection, s.rootUrl('api1')));
    expect(isAppError(error, 'TLS_UNTRUSTED')).toBe(true);
    expect(s.requests).toEqual([]);
  });

  it('reads the CA from a file', async () => {
    const s = await server({ tls: pki.server });
    const caFile = join(home, 'ca.pem');
    await writeFile(caFile, pki.ca.cert);
    const profile = await save({
      server: { kind: 'api-root', url: s.rootUrl('api1') },
      tls: { ca: { kind: 'file', path: caFile } },
    });
    const { connection } = await profiles.connect(profile.id);
    expect((await listSecure(connection, s.rootUrl('api1'))).value.length).toBeGreaterThan(0);
    const missing = await save({
      server: { kind: 'api-root', url: s.rootUrl('api1') },
      tls: { ca: { kind: 'file', path: join(home, 'nope.pem') } },
    });
    const error = await failure(profiles.connect(missing.id));
    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    expect(error.message).toMatch(/nope\.pem cannot be read \(no such file\)/);
  });
});

describe('a pinned self-signed certificate', () => {
  it('is accepted when the fingerprint matches and refused loudly when it does not', async () => {
    const s = await server({ tls: true });
    const good = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { pinSha256: s.fingerprint256! },
    });
    const { connection } = await profiles.connect(good.id);
    expect((await listSecure(connection, s.rootUrl('api1'))).value.length).toBeGreaterThan(0);

    const stale = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { pinSha256: '00'.repeat(32) },
    });
    const bad = await profiles.connect(stale.id);
    s.requests.length = 0;
    const error = await failure(listSecure(bad.connection, s.rootUrl('api1')));
    expect(isAppError(error, 'TLS_PIN_MISMATCH')).toBe(true);
    expect(error.message).toContain(s.fingerprint256);
    expect(s.requests).toEqual([]);
  });
});

describe('client certificates', () => {
  it('authenticate with a PEM pair or a PKCS#12 file whose passphrase is in the keychain', async () => {
    const s = await server({ tls: pki.server, requireClientCert: { ca: pki.ca.cert } });
    const certFile = join(home, 'client.crt');
    const keyFile = join(home, 'client.key');
    const pfxFile = join(home, 'client.p12');
    await writeFile(certFile, pki.client.cert);
    await writeFile(keyFile, pki.client.key, { mode: 0o600 });
    await writeFile(pfxFile, pki.clientPfx, { mode: 0o600 });
    const ca = { kind: 'pem' as const, pem: pki.ca.cert };

    const pem = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { ca, clientCertificate: { format: 'pem', certFile, keyFile } },
    });
    expect(
      (await listSecure((await profiles.connect(pem.id)).connection, s.rootUrl('api1'))).value
        .length,
    ).toBeGreaterThan(0);

    const p12 = await save(
      {
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca, clientCertificate: { format: 'pkcs12', file: pfxFile } },
      },
      { passphrase: pki.clientPfxPassphrase },
    );
    expect(p12.secrets.hasPassphrase).toBe(true);
    expect(
      (await listSecure((await profiles.connect(p12.id)).connection, s.rootUrl('api1'))).value
        .length,
    ).toBeGreaterThan(0);

    const wrong = await save(
      {
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca, clientCertificate: { format: 'pkcs12', file: pfxFile } },
      },
      { passphrase: WRONG_PASSWORD },
    );
    const error = await failure(profiles.connect(wrong.id));
    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    expect(error.message).toMatch(/passphrase for .*client\.p12 is wrong/);

    const none = await save({ server: { kind: 'discovery', url: s.discoveryUrl }, tls: { ca } });
    const refused = await failure(
      listSecure((await profiles.connect(none.id)).connection, s.rootUrl('api1')),
    );
    expect(isAppError(refused)).toBe(true);
  });
});

describe('a proxy', () => {
  it('carries every request, with the proxy password from the keychain', async () => {
    const s = await server({ tls: pki.server });
    const proxy = await startTestProxy({ username: 'proxyuser', password: PROXY_PASSWORD });
    closers.push(() => proxy.close());
    const profile = await save(
      {
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca: { kind: 'pem', pem: pki.ca.cert } },
        proxy: { kind: 'url', url: proxy.url, username: 'proxyuser' },
        auth: { kind: 'basic', username: DEMO_CREDENTIALS.basic.username },
      },
      { password: DEMO_CREDENTIALS.basic.password, proxyPassword: PROXY_PASSWORD },
    );
    const { connection } = await profiles.connect(profile.id);
    const result = await listSecure(connection, s.rootUrl('secure'));
    expect(result.value.length).toBeGreaterThan(0);
    const target = new URL(s.origin).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(
      proxy.tunnels.every(
        (t) =>
          t.target === target &&
          t.credentials === `proxyuser:${PROXY_PASSWORD}` &&
          t.status === 200,
      ),
    ).toBe(true);
    expect(s.requests.length).toBeGreaterThan(0);

    const { report } = await runTest(profile.id);
    expect(report.ok, JSON.stringify(report.steps)).toBe(true);
    expect(step(report, 'tcp').detail).toMatch(
      /proxy .* opened a tunnel .*proxy credentials accepted/,
    );
  });

  it('that wants credentials the profile lacks fails with PROXY 407', async () => {
    const s = await server({ tls: true });
    const proxy = await startTestProxy({ username: 'proxyuser', password: PROXY_PASSWORD });
    closers.push(() => proxy.close());
    const profile = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { pinSha256: s.fingerprint256! },
      proxy: { kind: 'url', url: proxy.url },
    });
    const { connection } = await profiles.connect(profile.id);
    const error = await failure(listSecure(connection, s.rootUrl('api1')));
    expect(isAppError(error, 'PROXY')).toBe(true);
    expect(error.message).toMatch(/407/);
    expect(s.requests).toEqual([]);
    const { report } = await runTest(profile.id);
    expect(step(report, 'tcp')).toMatchObject({ status: 'failed', error: { code: 'PROXY' } });
  });
});

describe('the connection test', () => {
  it('passes every step against a good server, reporting each as it finishes', async () => {
    const s = await server({ tls: pki.server });
    const profile = await save(
      {
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca: { kind: 'pem', pem: pki.ca.cert } },
        auth: { kind: 'basic', username: DEMO_CREDENTIALS.basic.username },
        proxy: { kind: 'none' },
      },
      { password: DEMO_CREDENTIALS.basic.password },
    );
    const { report, progress } = await runTest(profile.id);
    expect(report.ok, JSON.stringify(report.steps, null, 1)).toBe(true);
    expect(report.steps.map((x) => [x.step, x.status])).toEqual([
      ['settings', 'ok'],
      ['resolve', 'ok'],
      ['tcp', 'ok'],
      ['tls', 'ok'],
      ['auth', 'ok'],
      ['discovery', 'ok'],
      ['api-roots', 'ok'],
      ['collections', 'ok'],
    ]);
    expect(progress).toEqual(report.steps);
    expect(report.taxiiVersion).toBe('2.1');
    expect(report.certificate?.issuer).toBe('CN=Taxiway Test CA');
    expect(step(report, 'tls').detail).toMatch(/trusted \(system CAs and the profile's CA\)/);
    expect(step(report, 'auth').detail).toMatch(/accepted HTTP Basic as analyst at .*\/secure\//);
    expect(step(report, 'discovery').detail).toMatch(/speaks TAXII 2\.1/);
    expect(step(report, 'collections').detail).toMatch(/collection\(s\) in "Demo feed"/);
    for (const x of report.steps) expect(x.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fails the authentication step with a clear message for a wrong password', async () => {
    const s = await server({ tls: pki.server });
    const profile = await save(
      {
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca: { kind: 'pem', pem: pki.ca.cert } },
        auth: { kind: 'basic', username: DEMO_CREDENTIALS.basic.username },
      },
      { password: WRONG_PASSWORD },
    );
    const { report } = await runTest(profile.id);
    expect(report.ok).toBe(false);
    const auth = step(report, 'auth');
    expect(auth.status).toBe('failed');
    expect(auth.error?.code).toBe('UNAUTHORIZED');
    expect(auth.error?.message).toMatch(/did not accept the credentials \(401\)/);
    expect(auth.error?.hint).toMatch(/user name and password/);
    expect(auth.error?.where).toMatch(/\/secure\/$/);
    expect(report.steps.slice(5).every((x) => x.status === 'skipped')).toBe(true);
  });

  it('fails the TCP step when the server is down', async () => {
    const s = await server({ tls: true });
    const url = s.discoveryUrl;
    await s.close();
    closers.pop();
    const profile = await save({ server: { kind: 'discovery', url } });
    const { report } = await runTest(profile.id);
    expect(step(report, 'resolve').status).toBe('ok');
    const tcp = step(report, 'tcp');
    expect(tcp).toMatchObject({ status: 'failed', error: { code: 'NETWORK' } });
    expect(tcp.error?.message).toMatch(
      /Nothing is listening at 127\.0\.0\.1:\d+ \(connection refused\)/,
    );
    expect(tcp.error?.hint).toMatch(/running/);
    expect(step(report, 'tls').status).toBe('skipped');
  });

  it('fails the TLS step on a self-signed certificate and shows it', async () => {
    const s = await server({ tls: true });
    const profile = await save({ server: { kind: 'discovery', url: s.discoveryUrl } });
    const { report } = await runTest(profile.id);
    const tls = step(report, 'tls');
    expect(tls.status).toBe('failed');
    expect(tls.error?.code).toBe('TLS_UNTRUSTED');
    expect(tls.details).toMatchObject({
      subject: 'CN=localhost',
      issuer: 'CN=localhost',
      fingerprint256: s.fingerprint256,
      selfSigned: true,
      trusted: false,
    });
    expect(tls.details?.validFrom).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(tls.details?.validTo).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(report.certificate?.fingerprint256).toBe(s.fingerprint256);
    expect(s.requests).toEqual([]);
  });

  it('fails the TLS step loudly when the pin no longer matches', async () => {
    const s = await server({ tls: true });
    const profile = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { pinSha256: 'cd'.repeat(32) },
    });
    const { report } = await runTest(profile.id);
    const tls = step(report, 'tls');
    expect(tls.error?.code).toBe('TLS_PIN_MISMATCH');
    expect(tls.details).toMatchObject({
      actual: s.fingerprint256,
      expected: Array(32).fill('CD').join(':'),
    });
  });

  it('finds the server by DNS SRV and reports the lookup', async () => {
    const s = await server({ tls: pki.server });
    const port = Number(new URL(s.origin).port);
    const dns = await startTestDns({
      '_taxii2._tcp.taxii.example.test': [
        { target: 'backup.taxii.example.test', port: 9, priority: 20 },
        { target: 'localhost', port, priority: 10 },
      ],
    });
    closers.push(() => dns.close());
    const profile = await save({
      server: { kind: 'srv', domain: 'taxii.example.test' },
      tls: { ca: { kind: 'pem', pem: pki.ca.cert } },
    });
    const { report } = await runTest(profile.id, { resolver: makeResolver([dns.server]) });
    expect(report.ok, JSON.stringify(report.steps, null, 1)).toBe(true);
    expect(step(report, 'resolve').detail).toContain(
      `_taxii2._tcp.taxii.example.test → localhost:${port} (1 more target to fail over to)`,
    );
    expect(step(report, 'resolve').details?.srvAlternatives).toBe(
      'https://backup.taxii.example.test:9/taxii2/',
    );
    expect(dns.questions).toContain('_taxii2._tcp.taxii.example.test');

    const missing = await save({ server: { kind: 'srv', domain: 'nothing.example.test' } });
    const { report: none } = await runTest(missing.id, { resolver: makeResolver([dns.server]) });
    expect(step(none, 'resolve')).toMatchObject({ status: 'failed', error: { code: 'DNS' } });
    expect(step(none, 'resolve').error?.message).toMatch(
      /^nothing\.example\.test advertises no TAXII server: there are no SRV records at _taxii2\._tcp\.nothing\.example\.test or _taxii\._tcp\.nothing\.example\.test\.$/,
    );
  });

  it('tests a draft before it is saved, with the secret typed into it', async () => {
    const s = await server({ tls: pki.server });
    // As the app and the CLI test a draft: its settings, and the secrets typed into it.
    const report = await testConnection({
      settings: ProfileSettings.parse({
        name: 'Draft only',
        server: { kind: 'discovery', url: s.discoveryUrl },
        tls: { ca: { kind: 'pem', pem: pki.ca.cert } },
        auth: { kind: 'bearer' },
      }),
      secrets: applySecretChanges(noSecrets(), { token: DEMO_CREDENTIALS.bearer }),
    });
    shown.push(JSON.stringify(report));
    expect(report.ok, JSON.stringify(report.steps, null, 1)).toBe(true);
    expect(step(report, 'auth').detail).toMatch(/accepted a bearer token/);
    expect((await profiles.list()).profiles.some((p) => p.name === 'Draft only')).toBe(false);
  });

  it('stops at the step it is on when cancelled', async () => {
    const s = await server({ tls: true });
    const profile = await save({
      server: { kind: 'discovery', url: s.discoveryUrl },
      tls: { pinSha256: s.fingerprint256! },
    });
    const controller = new AbortController();
    const { report } = await runTest(profile.id, {
      signal: controller.signal,
      onStep: (x) => {
        if (x.step === 'tcp') controller.abort();
      },
    });
    expect(step(report, 'tls')).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    expect(step(report, 'collections').status).toBe('skipped');
  });
});

describe('secrets', () => {
  it('appear in no profile file, log line, error message or report', async () => {
    expect(foldersSearched).toBeGreaterThanOrEqual(14);
    expect(fileHits).toEqual([]);
    const everything = [...logLines, ...shown, ...exchanges].join('\n');
    expect(shown.length).toBeGreaterThan(10);
    expect(exchanges.length).toBeGreaterThan(10);
    for (const secret of SECRETS)
      expect(everything.includes(secret), 'a secret leaked').toBe(false);
    // Not even in the keychain service's other spellings (Basic header value).
    const basic = Buffer.from(
      `${DEMO_CREDENTIALS.basic.username}:${DEMO_CREDENTIALS.basic.password}`,
    ).toString('base64');
    expect(everything.includes(basic)).toBe(false);
  });
});
