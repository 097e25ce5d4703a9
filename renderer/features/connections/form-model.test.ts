import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../shared/profile';
import {
  emptyForm,
  formFromProfile,
  formProblems,
  secretChangesOf,
  settingsOf,
  withoutTypedSecrets,
} from './form-model';

const summary: ProfileSummary = {
  id: 'p1',
  name: 'Secure',
  server: { kind: 'discovery', url: 'https://taxii.example/taxii2/' },
  location: 'https://taxii.example/taxii2/',
  taxiiVersion: '2.1',
  auth: { kind: 'basic', username: 'analyst' },
  tls: { pinSha256: 'AB:CD', clientCertificate: { format: 'pkcs12', file: '/k/id.p12' } },
  proxy: { kind: 'url', url: 'http://proxy:3128', username: 'pu' },
  timeoutMs: 15000,
  pageSize: 500,
  headers: [
    { name: 'X-Team', secret: false, value: 'blue' },
    { name: 'X-Key', secret: true },
  ],
  urlSecretParams: ['apikey'],
  budget: { requests: 10, windowSeconds: 600 },
  cache: false,
  secrets: {
    hasPassword: true,
    hasToken: false,
    hasHeaderValue: false,
    storedSecretHeaders: ['X-Key'],
    storedUrlSecretParams: ['apikey'],
    hasPassphrase: true,
    hasProxyPassword: false,
    missing: ['proxy-password'],
  },
  secretStorage: 'keychain',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('connection form', () => {
  it('round-trips every setting of a saved profile', () => {
    const s = settingsOf(formFromProfile(summary));
    expect(s).toEqual({
      name: 'Secure',
      server: { kind: 'discovery', url: 'https://taxii.example/taxii2/' },
      taxiiVersion: '2.1',
      auth: { kind: 'basic', username: 'analyst' },
      tls: { pinSha256: 'AB:CD', clientCertificate: { format: 'pkcs12', file: '/k/id.p12' } },
      proxy: { kind: 'url', url: 'http://proxy:3128', username: 'pu' },
      timeoutMs: 15000,
      pageSize: 500,
      headers: [
        { name: 'X-Team', secret: false, value: 'blue' },
        { name: 'X-Key', secret: true },
      ],
      urlSecretParams: ['apikey'],
      budget: { requests: 10, windowSeconds: 600 },
      cache: false,
    });
  });

  it('starts with every secret field empty and sends no secret unless one is typed', () => {
    const f = formFromProfile(summary);
    expect([
      f.password,
      f.passphrase,
      f.proxyPassword,
      f.headers[1]!.value,
      f.queryParams[0]!.value,
    ]).toEqual(['', '', '', '', '']);
    expect(secretChangesOf(f)).toEqual({});
  });

  it('sends typed secrets and removals, and forgets typed secrets after saving', () => {
    const f = {
      ...formFromProfile(summary),
      password: 'pw',
      proxyPassword: 'pp',
      headers: [
        { name: 'X-Team', secret: false, value: 'blue' },
        { name: 'X-Key', secret: true, value: 'k' },
      ],
      remove: ['query:apikey', 'passphrase'],
    };
    expect(secretChangesOf(f)).toEqual({
      password: 'pw',
      headers: { 'X-Key': 'k' },
      query: { apikey: null },
      passphrase: null,
      proxyPassword: 'pp',
    });
    const cleared = withoutTypedSecrets(f);
    expect(JSON.stringify(cleared)).not.toMatch(/"pw"|"pp"|"k"/);
  });

  it('does not send a secret typed for an auth kind no longer chosen', () => {
    const f = {
      ...emptyForm(),
      name: 'x',
      url: 'https://h/taxii2/',
      authKind: 'none' as const,
      password: 'stale',
    };
    expect(secretChangesOf(f)).toEqual({});
  });

  it('names the field of each problem', () => {
    const f = { ...emptyForm(), url: 'ftp://x', timeoutSeconds: '0.1' };
    const problems = formProblems(f);
    expect([...problems.keys()]).toEqual(
      expect.arrayContaining(['name', 'server.url', 'timeoutMs']),
    );
    expect(formProblems({ ...emptyForm(), name: 'ok', url: 'https://h/taxii2/' }).size).toBe(0);
  });
});
