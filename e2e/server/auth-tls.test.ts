import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startTaxiiServer, type RunningTaxiiServer } from './index';
import { makeTestPki, type TestPki } from './pki';
import { agentFor, call, get21, T21 } from './test-http';

describe('authentication on the secure root (§1.6.9)', () => {
  let s: RunningTaxiiServer;
  beforeAll(async () => {
    s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  });
  afterAll(() => s.close());

  const feed = (): string => `${s.collectionUrl('secure', 'secure-feed')}objects/?limit=1`;
  const basic = (u: string, p: string): string =>
    `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  it('answers 401 with a Basic challenge and a TAXII error without credentials', async () => {
    for (const url of [s.rootUrl('secure'), `${s.rootUrl('secure')}collections/`, feed()]) {
      const r = await get21(url);
      expect(r.status, url).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe(`Basic realm="${DEMO_CREDENTIALS.realm}"`);
      expect(r.headers.get('content-type')).toBe(T21);
      expect(r.json.http_status).toBe('401');
    }
  });

  it('accepts Basic, bearer and the API key header', async () => {
    const { username, password } = DEMO_CREDENTIALS.basic;
    for (const headers of [
      { Authorization: basic(username, password) },
      { Authorization: `Bearer ${DEMO_CREDENTIALS.bearer}` },
      { [DEMO_CREDENTIALS.apiKey.header]: DEMO_CREDENTIALS.apiKey.value },
    ] as Record<string, string>[]) {
      const r = await get21(feed(), headers);
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(r.json.objects).toHaveLength(1);
    }
  });

  it('refuses wrong credentials', async () => {
    for (const headers of [
      { Authorization: basic('analyst', 'wrong') },
      { Authorization: basic('someone', DEMO_CREDENTIALS.basic.password) },
      { Authorization: 'Bearer nope' },
      { [DEMO_CREDENTIALS.apiKey.header]: 'nope' },
      { Authorization: 'Digest whatever' },
    ] as Record<string, string>[]) {
      expect((await get21(feed(), headers)).status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('keeps discovery and other roots open, and records whether Authorization was sent', async () => {
    s.requests.length = 0;
    expect((await get21(s.discoveryUrl)).status).toBe(200);
    expect((await get21(s.rootUrl('api1'))).status).toBe(200);
    await get21(feed(), { Authorization: `Bearer ${DEMO_CREDENTIALS.bearer}` });
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([
      undefined,
      undefined,
      `Bearer ${DEMO_CREDENTIALS.bearer}`,
    ]);
  });
});

describe('HTTPS', () => {
  let s: RunningTaxiiServer;
  beforeAll(async () => {
    s = await startTaxiiServer({ tls: true, mitreDir: null, seed: false });
  });
  afterAll(() => s.close());

  it('serves over TLS with a self-signed certificate whose fingerprint it reports', async () => {
    expect(s.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get21(s.discoveryUrl, {}, agentFor({ ca: s.certificatePem }));
    expect(r.status).toBe(200);
    const seen = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect(
        { host: '127.0.0.1', port: Number(new URL(s.origin).port), rejectUnauthorized: false },
        () => {
          resolve(socket.getPeerCertificate().fingerprint256);
          socket.end();
        },
      );
      socket.on('error', reject);
    });
    expect(seen).toBe(s.fingerprint256);
    expect(new X509Certificate(s.certificatePem as string).checkHost('localhost')).toBe(
      'localhost',
    );
    expect(new X509Certificate(s.certificatePem as string).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(call(s.discoveryUrl, { headers: { Accept: T21 } })).rejects.toThrow();
  });
});

describe('client certificates and the test PKI', () => {
  let pki: TestPki;
  let s: RunningTaxiiServer;
  beforeAll(async () => {
    pki = await makeTestPki();
    s = await startTaxiiServer({
      tls: pki.server,
      requireClientCert: { ca: pki.ca.cert },
      mitreDir: null,
      seed: false,
    });
  });
  afterAll(() => s.close());

  it('accepts a client certificate signed by the CA (PEM or PKCS#12)', async () => {
    const pem = await get21(
      s.discoveryUrl,
      {},
      agentFor({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key }),
    );
    expect(pem.status).toBe(200);
    const p12 = await get21(
      s.discoveryUrl,
      {},
      agentFor({ ca: pki.ca.cert, pfx: pki.clientPfx, passphrase: pki.clientPfxPassphrase }),
    );
    expect(p12.status).toBe(200);
  });

  it('refuses a connection without a client certificate, or with one from another CA', async () => {
    await expect(get21(s.discoveryUrl, {}, agentFor({ ca: pki.ca.cert }))).rejects.toThrow();
    const stranger = await makeTestPki();
    await expect(
      get21(
        s.discoveryUrl,
        {},
        agentFor({ ca: pki.ca.cert, cert: stranger.client.cert, key: stranger.client.key }),
      ),
    ).rejects.toThrow();
  });

  it('makes a server certificate for the loopback names, signed by the CA, and a PKCS#12 that needs its passphrase', () => {
    const server = new X509Certificate(pki.server.cert);
    expect(server.verify(new X509Certificate(pki.ca.cert).publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(new X509Certificate(pki.ca.cert).ca).toBe(true);
    expect(() => tls.createSecureContext({ pfx: pki.clientPfx, passphrase: 'wrong' })).toThrow();
    expect(() =>
      tls.createSecureContext({ pfx: pki.clientPfx, passphrase: pki.clientPfxPassphrase }),
    ).not.toThrow();
  });
});
