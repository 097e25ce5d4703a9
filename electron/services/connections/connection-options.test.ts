import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { ProfileSettings } from '../../../shared/profile';
import { buildConnection, bypassesProxy, noSecrets, resolveProxy } from './connection-options';
import { guessServerTarget } from './server-target';
import { extractUrlSecrets } from './url-secrets';

describe('guessing a server target from what a person typed', () => {
  it.each([
    ['taxii.example.com', { kind: 'srv', domain: 'taxii.example.com' }],
    ['https://taxii.example.com', { kind: 'discovery', url: 'https://taxii.example.com/' }],
    [
      'https://taxii.example.com/taxii2',
      { kind: 'discovery', url: 'https://taxii.example.com/taxii2/' },
    ],
    ['https://h.example/taxii/', { kind: 'discovery', url: 'https://h.example/taxii/' }],
    ['https://h.example:8443/api1/', { kind: 'api-root', url: 'https://h.example:8443/api1/' }],
    ['h.example:8443', { kind: 'discovery', url: 'https://h.example:8443/' }],
  ])('%s', (input, expected) => {
    expect(guessServerTarget(input)).toEqual(expected);
  });

  it('refuses other schemes', () => {
    expect(() => guessServerTarget('ftp://h.example/')).toThrow(/cannot reach a TAXII server/);
  });
});

describe('the system proxy', () => {
  const target = 'https://taxii.corp.example:8443/taxii2/';
  it('comes from HTTPS_PROXY, with credentials split out of its URL', async () => {
    expect(
      await resolveProxy({ kind: 'system' }, target, undefined, {
        env: { HTTPS_PROXY: 'http://u:p%40ss@proxy.example:3128' },
      }),
    ).toEqual({ url: 'http://proxy.example:3128/', username: 'u', password: 'p@ss' });
    expect(
      await resolveProxy({ kind: 'system' }, target, undefined, {
        env: { https_proxy: 'proxy:3128' },
      }),
    ).toEqual({ url: 'http://proxy:3128/' });
  });

  it('is skipped for hosts in NO_PROXY', () => {
    const url = new URL(target);
    expect(bypassesProxy(url, 'corp.example')).toBe(true);
    expect(bypassesProxy(url, '.corp.example')).toBe(true);
    expect(bypassesProxy(url, '*')).toBe(true);
    expect(bypassesProxy(url, 'taxii.corp.example:8443')).toBe(true);
    expect(bypassesProxy(url, 'taxii.corp.example:443')).toBe(false);
    expect(bypassesProxy(url, 'other.example,ample')).toBe(false);
  });

  it('can come from the app (Electron session) instead of the environment', async () => {
    expect(
      await resolveProxy({ kind: 'system' }, target, undefined, {
        env: { HTTPS_PROXY: 'http://ignored:1' },
        systemProxy: () => 'http://pac-chosen.example:8080',
      }),
    ).toEqual({ url: 'http://pac-chosen.example:8080/' });
    expect(
      await resolveProxy({ kind: 'none' }, target, undefined, {
        env: { HTTPS_PROXY: 'http://x:1' },
      }),
    ).toBe(undefined);
  });
});

describe('connection options', () => {
  it('send credentials only to the profile origin and keep URL secrets out of the shown URL', async () => {
    const settings = ProfileSettings.parse({
      name: 'x',
      server: { kind: 'api-root', url: 'https://h.example/api1/' },
      auth: { kind: 'bearer' },
      urlSecretParams: ['token'],
      headers: [
        { name: 'X-Team', secret: false, value: 'blue' },
        { name: 'X-Vendor-Key', secret: true },
      ],
      proxy: { kind: 'none' },
    });
    const conn = await buildConnection(settings, {
      ...noSecrets(),
      token: 'bearer-token-0001',
      headers: { 'x-vendor-key': 'vendor-key-0001' },
      query: { token: 'query-token-0001' },
    });
    expect(conn.kind).toBe('api-root');
    // The secret parameter travels in `query` (added per request, to the origin only), not the URL.
    expect(conn.url).toBe('https://h.example/api1/');
    expect(conn.displayUrl).toBe('https://h.example/api1/');
    expect(conn.options).toEqual({
      auth: { kind: 'bearer', token: 'bearer-token-0001' },
      authOrigins: ['https://h.example'],
      headers: { 'X-Team': 'blue', 'X-Vendor-Key': 'vendor-key-0001' },
      secretHeaders: ['X-Vendor-Key'],
      query: { token: 'query-token-0001' },
      timeoutMs: 30_000,
      taxiiVersion: 'auto',
    });
  });

  it('map a request budget to requests per window in milliseconds, and pass onWait through', async () => {
    const onWait = (): void => undefined;
    const settings = ProfileSettings.parse({
      name: 'x',
      server: { kind: 'api-root', url: 'https://h.example/api1/' },
      budget: { requests: 10, windowSeconds: 600 },
      proxy: { kind: 'none' },
    });
    expect(settings.cache).toBe(true);
    const conn = await buildConnection(settings, noSecrets(), { onWait });
    expect(conn.options.budget).toEqual({ requests: 10, windowMs: 600_000 });
    expect(conn.options.onWait).toBe(onWait);
    expect(conn.options.query).toBeUndefined();
    expect(conn.options.secretHeaders).toBeUndefined();
  });

  it('say which secret is missing', async () => {
    const settings = ProfileSettings.parse({
      name: 'Mine',
      server: { kind: 'discovery', url: 'https://h.example/taxii2/' },
      auth: { kind: 'basic', username: 'a' },
    });
    await expect(buildConnection(settings, noSecrets())).rejects.toSatisfy(
      (e) =>
        isAppError(e, 'INVALID_INPUT') &&
        /Profile "Mine" uses HTTP Basic, but no password is stored/.test((e as Error).message),
    );
  });
});

describe('secrets inside URLs', () => {
  it('are split from the URL, which keeps everything else', () => {
    expect(
      extractUrlSecrets('https://me:s3cr%2Ft@h.example:1/taxii2/?api_key=K1&x=1#frag'),
    ).toEqual({
      url: 'https://h.example:1/taxii2/?x=1#frag',
      username: 'me',
      password: 's3cr/t',
      params: { api_key: 'K1' },
    });
  });
});
