import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { makeTestPki } from '../../../e2e/server/pki';
import { startTaxiiServer } from '../../../e2e/server/server';
import { certificateVerdict, inspectCertificate } from './certificate';
import { startTestProxy } from '../../../e2e/support/connect-proxy';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function server(options: Parameters<typeof startTaxiiServer>[0]) {
  const s = await startTaxiiServer({ seed: false, mitreDir: null, ...options });
  closers.push(() => s.close());
  return s;
}

describe('reading a server certificate', () => {
  it('shows a self-signed certificate with its facts and refuses it unless pinned', async () => {
    const s = await server({ tls: true });
    const info = await inspectCertificate(s.discoveryUrl);
    expect(info.fingerprint256).toBe(s.fingerprint256);
    expect(info.subject).toBe('CN=localhost');
    expect(info.issuer).toBe('CN=localhost');
    expect(info.selfSigned).toBe(true);
    expect(info.trusted).toBe(false);
    expect(info.trustProblem?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(info.hostnameMatches).toBe(true);
    expect(Date.parse(info.validFrom)).toBeLessThan(Date.now());
    expect(Date.parse(info.validTo)).toBeGreaterThan(Date.now());
    expect(info.subjectAltNames).toContain('IP Address:127.0.0.1');
    expect(info.protocol).toMatch(/TLSv1\.[23]/);
    const verdict = certificateVerdict(info);
    expect(verdict?.code).toBe('TLS_UNTRUSTED');
    expect(verdict?.wire.details?.fingerprint256).toBe(s.fingerprint256);
    expect(verdict?.wire.hint).toContain(s.fingerprint256);
    // Only read: the server saw no HTTP request at all.
    expect(s.requests).toEqual([]);
  });

  it('accepts a pinned certificate that matches, whatever its case or colons', async () => {
    const s = await server({ tls: true });
    const pin = s.fingerprint256!.replace(/:/g, '').toLowerCase();
    const info = await inspectCertificate(s.discoveryUrl, { tls: { pinSha256: pin } });
    expect(info.pin).toEqual({ expected: s.fingerprint256, matches: true });
    expect(certificateVerdict(info)).toBeUndefined();
  });

  it('refuses loudly a pinned fingerprint that no longer matches, naming both', async () => {
    const s = await server({ tls: true });
    const stale = 'AB:'.repeat(31) + 'AB';
    const info = await inspectCertificate(s.discoveryUrl, { tls: { pinSha256: stale } });
    const verdict = certificateVerdict(info);
    expect(isAppError(verdict, 'TLS_PIN_MISMATCH')).toBe(true);
    expect(verdict!.message).toContain(stale);
    expect(verdict!.message).toContain(s.fingerprint256);
    expect(verdict!.wire.details).toMatchObject({ expected: stale, actual: s.fingerprint256 });
  });

  it('trusts a certificate from a private CA only once that CA is added', async () => {
    const pki = await makeTestPki();
    const s = await server({ tls: pki.server });
    const without = await inspectCertificate(s.discoveryUrl);
    expect(without.trusted).toBe(false);
    expect(without.selfSigned).toBe(false);
    expect(without.issuer).toBe('CN=Taxiway Test CA');
    expect(without.trustProblem?.code).toMatch(
      /UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)/,
    );
    const withCa = await inspectCertificate(s.discoveryUrl, { tls: { ca: [pki.ca.cert] } });
    expect(withCa.trusted).toBe(true);
    expect(certificateVerdict(withCa)).toBeUndefined();
    // The same holds under its other name.
    const byName = await inspectCertificate(s.discoveryUrl.replace('127.0.0.1', 'localhost'), {
      tls: { ca: [pki.ca.cert] },
    });
    expect(byName.trusted).toBe(true);
  });

  it('reads the certificate through a proxy tunnel', async () => {
    const s = await server({ tls: true });
    const proxy = await startTestProxy({ username: 'pu', password: 'proxy-secret-1' });
    closers.push(() => proxy.close());
    const info = await inspectCertificate(s.discoveryUrl, {
      proxy: { url: proxy.url, username: 'pu', password: 'proxy-secret-1' },
    });
    expect(info.fingerprint256).toBe(s.fingerprint256);
    expect(proxy.tunnels).toEqual([
      { target: new URL(s.origin).host, credentials: 'pu:proxy-secret-1', status: 200 },
    ]);
    await expect(
      inspectCertificate(s.discoveryUrl, { proxy: { url: proxy.url } }),
    ).rejects.toSatisfy((e) => isAppError(e, 'PROXY') && /407/.test((e as Error).message));
  });

  it('says plainly when nothing listens or the port is not TLS', async () => {
    const s = await server({});
    await expect(inspectCertificate(s.discoveryUrl.replace('http:', 'https:'))).rejects.toSatisfy(
      (e) => isAppError(e, 'TLS') && /does not speak TLS/.test((e as Error).message),
    );
    const { origin } = s;
    await s.close();
    closers.pop();
    await expect(
      inspectCertificate(`${origin.replace('http:', 'https:')}/taxii2/`),
    ).rejects.toSatisfy(
      (e) => isAppError(e, 'NETWORK') && /connection refused/.test((e as Error).message),
    );
  });
});
