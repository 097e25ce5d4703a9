import { describe, expect, it } from 'vitest';
import { buildCurl, shellQuote, type CurlRequest } from './request-curl';

const base: CurlRequest = {
  method: 'GET',
  url: 'https://taxii.example/api1/collections/abc/objects/?match[type]=indicator',
  accept: 'application/taxii+json;version=2.1',
  auth: { kind: 'none' },
};

describe('copy as curl', () => {
  it('quotes for POSIX shells, including single quotes', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
  it('gives a plain GET with the Accept header and the URL quoted', () => {
    expect(buildCurl(base)).toEqual({
      command:
        "curl --silent --show-error -H 'Accept: application/taxii+json;version=2.1' 'https://taxii.example/api1/collections/abc/objects/?match[type]=indicator'",
      placeholders: [],
    });
  });
  it('puts a placeholder where each kind of secret goes', () => {
    const basic = buildCurl({ ...base, auth: { kind: 'basic', username: "o'neil" } });
    expect(basic.command).toContain(`-u 'o'\\''neil:'"$TAXIWAY_PASSWORD"`);
    expect(buildCurl({ ...base, auth: { kind: 'bearer' } }).command).toContain(
      '"Authorization: Bearer $TAXIWAY_TOKEN"',
    );
    const header = buildCurl({
      ...base,
      auth: { kind: 'header', headerName: 'X-Api-Key' },
      headers: [
        { name: 'X-Tenant', value: 'blue', secret: false },
        { name: 'X-Session', secret: true },
      ],
    });
    expect(header.command).toContain(`-H 'X-Api-Key: '"$TAXIWAY_HEADER_VALUE"`);
    expect(header.command).toContain(`-H 'X-Tenant: blue'`);
    expect(header.command).toContain(`-H 'X-Session: '"$TAXIWAY_HEADER_X_SESSION"`);
    expect(header.placeholders).toEqual(['TAXIWAY_HEADER_VALUE', 'TAXIWAY_HEADER_X_SESSION']);
  });
  it('replaces secret query parameters in the URL, whatever value it showed', () => {
    const curl = buildCurl({
      ...base,
      url: 'https://t.example/taxii2/?key=[redacted]&x=1',
      querySecrets: ['key'],
    });
    expect(curl.command).toContain(`'https://t.example/taxii2/?key='"$TAXIWAY_QUERY_KEY"'&x=1'`);
    expect(curl.command).not.toContain('redacted');
  });
  it('covers TLS, proxies and uploads', () => {
    const curl = buildCurl({
      ...base,
      method: 'POST',
      contentType: 'application/taxii+json;version=2.1',
      tls: { hasCa: true, hasClientCert: true, pinned: true },
      proxy: { url: 'http://proxy:3128', username: 'p', hasPassword: true },
    });
    expect(curl.command).toContain('-X POST');
    expect(curl.command).toContain('--data-binary @envelope.json');
    expect(curl.placeholders).toEqual([
      'TAXIWAY_CA_FILE',
      'TAXIWAY_CLIENT_CERT_FILE',
      'TAXIWAY_CLIENT_KEY_FILE',
      'TAXIWAY_PINNED_PUBKEY',
      'TAXIWAY_PROXY_PASSWORD',
    ]);
  });
});

describe('copy as curl for another origin', () => {
  const withCredentials: CurlRequest = {
    ...base,
    auth: { kind: 'bearer' },
    headers: [
      { name: 'X-Tenant', value: 'blue', secret: false },
      { name: 'X-Partner-Key', secret: true },
    ],
    querySecrets: ['key'],
    credentialOrigin: 'https://taxii.example',
  };
  it('keeps the placeholders on the connection’s own origin, without a note', () => {
    const curl = buildCurl(withCredentials);
    expect(curl.placeholders).toEqual([
      'TAXIWAY_TOKEN',
      'TAXIWAY_HEADER_X_PARTNER_KEY',
      'TAXIWAY_QUERY_KEY',
    ]);
    expect(curl.note).toBeUndefined();
  });
  it('leaves every credential out for another origin and says why', () => {
    const curl = buildCurl({
      ...withCredentials,
      url: 'https://mirror.example:8443/api2/collections/abc/objects/?key=[redacted]',
    });
    expect(curl.placeholders).toEqual([]);
    expect(curl.command).not.toContain('Authorization');
    expect(curl.command).not.toContain('X-Partner-Key');
    expect(curl.command).toContain(`-H 'X-Tenant: blue'`);
    expect(curl.note).toContain('https://mirror.example:8443');
    expect(curl.note).toContain('sends credentials only to that server');
  });
  it('adds no note when the connection has no credentials to leave out', () => {
    const curl = buildCurl({
      ...base,
      url: 'https://elsewhere.example/api/',
      credentialOrigin: 'https://taxii.example',
    });
    expect(curl.note).toBeUndefined();
  });
});
