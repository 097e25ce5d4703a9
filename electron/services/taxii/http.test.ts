/**
 * The request engine against the project's TAXII server on loopback: credentials and where they
 * go, redirects, TLS trust (untrusted, pinned, custom CA, client certificates), proxies,
 * timeouts, cancellation and broken connections.
 */
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  startTaxiiServer,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import { makeTestPki, type TestPki } from '../../../e2e/server/pki';
import pkg from '../../../package.json' with { type: 'json' };
import { TaxiiClient } from './client';
import type { ExchangeRecord } from './options';
import { startTestProxy } from '../../../e2e/support/connect-proxy';
import { expectAppError, startRedirectingFront } from '../../../e2e/support/taxii';

const { username, password } = DEMO_CREDENTIALS.basic;

describe('over HTTP', () => {
  let srv: RunningTaxiiServer;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('names Taxiway and its version in User-Agent', async () => {
    srv.reset();
    const client = new TaxiiClient();
    await client.discover(srv.discoveryUrl);
    await client.close();
    expect(srv.requests.at(-1)?.headers['user-agent']).toBe(`Taxiway/${pkg.version} (+node)`);
  });

  it('authenticates with Basic, a bearer token or an API key header', async () => {
    for (const auth of [
      { kind: 'basic', username, password },
      { kind: 'bearer', token: DEMO_CREDENTIALS.bearer },
      {
        kind: 'header',
        name: DEMO_CREDENTIALS.apiKey.header,
        value: DEMO_CREDENTIALS.apiKey.value,
      },
    ] as const) {
      const client = new TaxiiClient({ auth });
      const root = await client.apiRoot(srv.rootUrl('secure'));
      expect(root.value.title).toBe('Secure feed');
      await client.close();
    }
  });

  it('sends credentials only to the credential origins', async () => {
    srv.reset();
    const client = new TaxiiClient({
      auth: { kind: 'basic', username, password },
      authOrigins: ['https://elsewhere.example'],
    });
    const err = await expectAppError(client.apiRoot(srv.rootUrl('secure')), 'UNAUTHORIZED');
    expect(err.message).toMatch(/wants you to log in/);
    expect(srv.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    await client.close();
  });

  it('binds credentials to the first origin it is pointed at', async () => {
    const client = new TaxiiClient({ auth: { kind: 'bearer', token: 'x' } });
    await client.discover(srv.discoveryUrl);
    expect(client.http.credentialOrigins).toEqual([srv.origin]);
    expect(client.http.sendsCredentialsTo(`${srv.otherOrigin}/taxii2/`)).toBe(false);
    await client.close();
  });

  it('records each exchange with credential headers redacted', async () => {
    const records: ExchangeRecord[] = [];
    const client = new TaxiiClient({
      auth: { kind: 'basic', username, password },
      headers: { 'X-Api-Key': 'secret-key-value', 'X-Tenant': 'blue' },
      onExchange: (r) => records.push(r),
    });
    await client.apiRoot(srv.rootUrl('secure'));
    await client.close();
    expect(records).toHaveLength(1);
    const rec = records[0] as ExchangeRecord;
    expect(rec).toMatchObject({ method: 'GET', url: srv.rootUrl('secure'), status: 200 });
    expect(rec.requestHeaders.authorization).toBe('[redacted]');
    expect(rec.requestHeaders['x-api-key']).toBe('[redacted]');
    expect(rec.requestHeaders['x-tenant']).toBe('blue');
    expect(rec.bytes).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain(password);
    expect(JSON.stringify(records)).not.toContain('secret-key-value');
  });

  it('follows a same-origin redirect and keeps the credentials', async () => {
    const front = await startRedirectingFront(srv.origin);
    try {
      const client = new TaxiiClient({ auth: { kind: 'basic', username, password } });
      const root = await client.apiRoot(`${front.origin}/moved/secure/`);
      expect(root.value.title).toBe('Secure feed');
      expect(root.url).toBe(`${front.origin}/secure/`);
      expect(front.hits).toEqual(['GET /moved/secure/ auth=yes', 'GET /secure/ auth=yes']);
      await client.close();
    } finally {
      await front.close();
    }
  });

  it('refuses a cross-origin redirect, naming the target, and sends nothing there', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'redirect', endpoint: 'api-root' }]);
    const client = new TaxiiClient({ auth: { kind: 'basic', username, password } });
    const err = await expectAppError(client.apiRoot(srv.rootUrl('secure')), 'REDIRECT_REFUSED');
    expect(err.message).toContain(`${srv.otherOrigin}/secure/`);
    expect(err.wire.details?.location).toBe(`${srv.otherOrigin}/secure/`);
    expect(srv.requests.filter((r) => r.listener === 'other')).toEqual([]);
    expect(err.message).not.toContain(password);
    await client.close();
    srv.setFaults([]);
  });

  it('reports a refused connection', async () => {
    const client = new TaxiiClient();
    const err = await expectAppError(client.discover('http://127.0.0.1:1/taxii2/'), 'NETWORK');
    expect(err.message).toBe('127.0.0.1:1 refused the connection.');
    expect(err.wire.retryable).toBe(true);
    await client.close();
  });

  it('reports a name that does not resolve', async () => {
    const client = new TaxiiClient();
    const err = await expectAppError(
      client.discover('http://taxiway-test-host.invalid/taxii2/'),
      'DNS',
    );
    expect(err.message).toContain('taxiway-test-host.invalid could not be found');
    await client.close();
  });

  it('times out a server that does not answer in time', async () => {
    srv.setFaults([{ kind: 'latency', ms: 3000, endpoint: 'discovery' }]);
    const client = new TaxiiClient({ timeoutMs: 300, retry: false });
    const started = Date.now();
    const err = await expectAppError(client.discover(srv.discoveryUrl), 'TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(err.message).toMatch(/took longer than 0.3 s to answer/);
    await client.close();
    srv.setFaults([]);
  });

  it('takes a per-call timeout', async () => {
    srv.setFaults([{ kind: 'latency', ms: 3000, endpoint: 'api-root' }]);
    const client = new TaxiiClient({ retry: false });
    await expectAppError(client.apiRoot(srv.rootUrl('api1'), { timeoutMs: 200 }), 'TIMEOUT');
    await client.close();
    srv.setFaults([]);
  });

  it('cancels a request in flight', async () => {
    srv.setFaults([{ kind: 'latency', ms: 3000, endpoint: 'api-root' }]);
    const client = new TaxiiClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expectAppError(
      client.apiRoot(srv.rootUrl('api1'), { signal: controller.signal }),
      'CANCELLED',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    await expectAppError(
      client.apiRoot(srv.rootUrl('api1'), { signal: controller.signal }),
      'CANCELLED',
    );
    await client.close();
    srv.setFaults([]);
  });

  it('reports a reset connection as retryable', async () => {
    srv.setFaults([{ kind: 'reset', endpoint: 'api-root' }]);
    const client = new TaxiiClient({ retry: false });
    const err = await expectAppError(client.apiRoot(srv.rootUrl('api1')), 'NETWORK');
    expect(err.wire.retryable).toBe(true);
    expect(err.message).toMatch(/closed before the server answered/);
    await client.close();
    srv.setFaults([]);
  });

  it('reports a truncated body', async () => {
    srv.setFaults([{ kind: 'truncate', endpoint: 'collections' }]);
    const client = new TaxiiClient({ taxiiVersion: '2.1', retry: false });
    const err = await expectAppError(client.collections(srv.rootUrl('api1')), 'NETWORK');
    expect(err.message).toMatch(/cut off|closed before the whole answer/);
    await client.close();
    srv.setFaults([]);
  });

  it('reads a trickled body that keeps coming within the timeout', async () => {
    srv.setFaults([{ kind: 'trickle', bytes: 64, intervalMs: 5, endpoint: 'api-root' }]);
    const client = new TaxiiClient({ timeoutMs: 1000 });
    expect((await client.apiRoot(srv.rootUrl('api1'))).value.title).toBe('Demo feed');
    await client.close();
    srv.setFaults([]);
  });

  it('goes through an HTTP proxy, with proxy credentials', async () => {
    const proxy = await startTestProxy({ username: 'p', password: 'q' });
    try {
      const ok = new TaxiiClient({ proxy: { url: proxy.url, username: 'p', password: 'q' } });
      expect((await ok.apiRoot(srv.rootUrl('api1'))).value.title).toBe('Demo feed');
      expect(proxy.tunnels.map((t) => t.target)).toEqual([new URL(srv.origin).host]);
      await ok.close();
      const denied = new TaxiiClient({ proxy: { url: proxy.url } });
      const err = await expectAppError(denied.apiRoot(srv.rootUrl('api1')), 'PROXY');
      expect(err.message).toMatch(/407/);
      await denied.close();
    } finally {
      await proxy.close();
    }
  });
});

describe('over HTTPS', () => {
  let pki: TestPki;
  let selfSigned: RunningTaxiiServer;
  let caSigned: RunningTaxiiServer;
  let mutual: RunningTaxiiServer;
  beforeAll(async () => {
    pki = await makeTestPki();
    [selfSigned, caSigned, mutual] = await Promise.all([
      startTaxiiServer({ mitreDir: null, seed: false, tls: true }),
      startTaxiiServer({ mitreDir: null, seed: false, tls: pki.server }),
      startTaxiiServer({
        mitreDir: null,
        seed: false,
        tls: pki.server,
        requireClientCert: { ca: pki.ca.cert },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([selfSigned.close(), caSigned.close(), mutual.close()]);
  });

  it('refuses an untrusted certificate and describes it', async () => {
    const client = new TaxiiClient();
    const err = await expectAppError(client.discover(selfSigned.discoveryUrl), 'TLS_UNTRUSTED');
    expect(err.message).toMatch(/is not trusted: it is self-signed/);
    expect(err.wire.details).toMatchObject({
      subject: expect.stringContaining('CN='),
      issuer: expect.stringContaining('CN='),
      validFrom: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      validTo: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      fingerprint256: selfSigned.fingerprint256,
      reason: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(selfSigned.requests).toEqual([]);
    await client.close();
  });

  it('accepts a pinned self-signed certificate (fingerprint in any case, colons optional)', async () => {
    const pin = (selfSigned.fingerprint256 as string).replace(/:/g, '').toLowerCase();
    const client = new TaxiiClient({ tls: { pinSha256: pin } });
    expect((await client.discover(selfSigned.discoveryUrl)).version).toBe('2.1');
    await client.close();
  });

  it('refuses a certificate that does not match the pin, even one a CA vouches for', async () => {
    const client = new TaxiiClient({
      tls: { pinSha256: selfSigned.fingerprint256, ca: [pki.ca.cert] },
    });
    const err = await expectAppError(client.discover(caSigned.discoveryUrl), 'TLS_PIN_MISMATCH');
    expect(err.wire.details?.fingerprint256).toBe(caSigned.fingerprint256);
    expect(err.message).toContain(selfSigned.fingerprint256);
    expect(caSigned.requests).toEqual([]);
    await client.close();
  });

  it('trusts a server signed by an extra CA, and not without it', async () => {
    const without = new TaxiiClient();
    const err = await expectAppError(without.discover(caSigned.discoveryUrl), 'TLS_UNTRUSTED');
    expect(err.wire.details?.issuer).toContain('Taxiway Test CA');
    await without.close();
    const withCa = new TaxiiClient({ tls: { ca: [pki.ca.cert] } });
    expect((await withCa.discover(caSigned.discoveryUrl)).value.discovery.title).toBeTruthy();
    await withCa.close();
  });

  it('refuses a certificate issued for another host name', async () => {
    // A name of our own that resolves to loopback; the certificate names only localhost and 127.0.0.1.
    const lookup = ((
      _host: string,
      options: { all?: boolean },
      cb: (...args: unknown[]) => void,
    ): void => {
      if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as unknown as LookupFunction;
    const client = new TaxiiClient({ tls: { ca: [pki.ca.cert] } }, { lookup });
    const url = caSigned.discoveryUrl.replace('127.0.0.1', 'taxii.test');
    const err = await expectAppError(client.discover(url), 'TLS_UNTRUSTED');
    expect(err.message).toMatch(/issued for another host name/);
    expect(err.wire.details?.reason).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    await client.close();
  });

  it('presents a client certificate (PEM or PKCS#12) when the server requires one', async () => {
    const none = new TaxiiClient({ tls: { ca: [pki.ca.cert] } });
    const err = await expectAppError(none.discover(mutual.discoveryUrl), 'TLS');
    expect(err.message).toMatch(/requires a client certificate/);
    await none.close();
    const pem = new TaxiiClient({
      tls: { ca: [pki.ca.cert], cert: pki.client.cert, key: pki.client.key },
    });
    expect((await pem.discover(mutual.discoveryUrl)).version).toBe('2.1');
    await pem.close();
    const pfx = new TaxiiClient({
      tls: { ca: [pki.ca.cert], pfx: pki.clientPfx, passphrase: pki.clientPfxPassphrase },
    });
    expect((await pfx.discover(mutual.discoveryUrl)).version).toBe('2.1');
    await pfx.close();
  });

  it('tunnels HTTPS through a proxy and still checks the certificate', async () => {
    const proxy = await startTestProxy();
    try {
      const pinned = new TaxiiClient({
        proxy: { url: proxy.url },
        tls: { pinSha256: selfSigned.fingerprint256 },
      });
      expect((await pinned.discover(selfSigned.discoveryUrl)).version).toBe('2.1');
      await pinned.close();
      const untrusted = new TaxiiClient({ proxy: { url: proxy.url } });
      await expectAppError(untrusted.discover(selfSigned.discoveryUrl), 'TLS_UNTRUSTED');
      await untrusted.close();
    } finally {
      await proxy.close();
    }
  });
});
