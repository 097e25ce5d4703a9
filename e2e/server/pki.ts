/**
 * A throw-away test PKI: a CA, a server certificate for localhost/127.0.0.1/::1 signed by it, a
 * client certificate signed by it, and the client identity as a PKCS#12 with a passphrase. Tests of
 * "custom CA", "pinned self-signed" and "client certificate" use it.
 *
 * Certificates come from `selfsigned` (already a dependency; WebCrypto keys, fast), the PKCS#12 from
 * `node-forge`, the one well-kept JavaScript library that writes PKCS#12 (selfsigned cannot).
 */
import forge from 'node-forge';
import { generate } from 'selfsigned';
import { LOOPBACK_SANS, type CertAndKey } from './tls-material';

/** Everything makeTestPki makes, all PEM except the PKCS#12 bytes. */
export interface TestPki {
  ca: CertAndKey;
  server: CertAndKey;
  client: CertAndKey;
  /** The client key, certificate and CA certificate as PKCS#12 (DER bytes). */
  clientPfx: Buffer;
  clientPfxPassphrase: string;
}

const DAY = 86_400_000;

function validity(): { notBeforeDate: Date; notAfterDate: Date } {
  const now = Date.now();
  return { notBeforeDate: new Date(now - 60_000), notAfterDate: new Date(now + 30 * DAY) };
}

/** Makes a fresh CA, server certificate, client certificate and client PKCS#12. */
export async function makeTestPki(passphrase = 'taxiway-p12'): Promise<TestPki> {
  const caPems = await generate([{ name: 'commonName', value: 'Taxiway Test CA' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    ...validity(),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const ca = { cert: caPems.cert, key: caPems.private };
  const serverPems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    ...validity(),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: LOOPBACK_SANS },
    ],
  });
  const clientPems = await generate([{ name: 'commonName', value: 'taxiway-test-client' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    ...validity(),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  const client = { cert: clientPems.cert, key: clientPems.private };
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(client.key),
    [forge.pki.certificateFromPem(client.cert), forge.pki.certificateFromPem(ca.cert)],
    passphrase,
    { algorithm: 'aes256', friendlyName: 'taxiway-test-client' },
  );
  const clientPfx = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
  return {
    ca,
    server: { cert: serverPems.cert, key: serverPems.private },
    client,
    clientPfx,
    clientPfxPassphrase: passphrase,
  };
}
