/** A self-signed certificate for localhost/127.0.0.1/::1, made at server start with `selfsigned`. */
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A certificate and its key, PEM. */
export interface CertAndKey {
  cert: string;
  key: string;
}

/** Loopback names every test certificate covers. */
export const LOOPBACK_SANS = [
  { type: 2 as const, value: 'localhost' },
  { type: 7 as const, ip: '127.0.0.1' },
  { type: 7 as const, ip: '::1' },
];

/** Makes a fresh self-signed server certificate (EC P-256, SHA-256, valid 30 days). */
export async function makeSelfSignedServerCert(): Promise<CertAndKey> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: LOOPBACK_SANS },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** SHA-256 fingerprint of a PEM certificate, upper-case hex with colons (like Node's `fingerprint256`). */
export function fingerprint256(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
