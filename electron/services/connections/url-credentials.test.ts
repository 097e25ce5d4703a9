/**
 * A secret query parameter (`?key=…` pasted into the server URL) and a secret custom header with
 * an ordinary-looking name (`X-Partner-Id`), from a saved profile on the real keychain, against
 * the project's TAXII server on loopback: both reach the server's own origin on every request,
 * never another origin (a cross-origin API root, a cross-origin redirect), and never a log line,
 * an error, an exchange record or the profile file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { osKeychain } from '../keychain';
import { addLogSink, setLogLevel } from '../log';
import { TaxiiClient } from '../taxii/client';
import { ProfileService } from './profiles';
import {
  clearService,
  filesContaining,
  tempDir,
  testServiceName,
} from '../../../e2e/support/connections';

const QUERY_KEY = `qk-${randomBytes(10).toString('hex')}`;
const PARTNER_ID = `partner-${randomBytes(10).toString('hex')}`;
const SECRETS = [QUERY_KEY, PARTNER_ID];

let srv: RunningTaxiiServer;
let profiles: ProfileService;
let home: string;
let service: string;
let cleanup: () => Promise<void>;
const logLines: string[] = [];
const shown: string[] = [];
let removeSink: () => void;

beforeAll(async () => {
  srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  removeSink = addLogSink((_r, line) => logLines.push(line));
  setLogLevel('debug');
});

afterAll(async () => {
  removeSink();
  setLogLevel('warn');
  await srv.close();
});

beforeEach(async () => {
  ({ dir: home, cleanup } = await tempDir());
  service = testServiceName();
  profiles = new ProfileService({ dir: home, keychain: osKeychain({ service }) });
  srv.reset();
});

afterEach(async () => {
  expect(await filesContaining(home, SECRETS)).toEqual([]);
  await clearService(service);
  await cleanup();
});

/** A profile whose URL carried the key and whose partner header is marked secret. */
async function saveProfile(): Promise<string> {
  const { profile } = await profiles.save({
    settings: {
      name: 'Partner feed',
      server: { kind: 'discovery', url: `${srv.discoveryUrl}?key=${QUERY_KEY}` },
      headers: [{ name: 'X-Partner-Id', secret: true }],
      proxy: { kind: 'none' },
    },
    secrets: { headers: { 'X-Partner-Id': PARTNER_ID } },
  });
  shown.push(JSON.stringify(profile));
  expect(profile.urlSecretParams).toEqual(['key']);
  expect(profile.secrets.storedSecretHeaders.map((h) => h.toLowerCase())).toEqual(['x-partner-id']);
  return profile.id;
}

async function connectClient(id: string): Promise<{ client: TaxiiClient; url: string }> {
  const { connection } = await profiles.connect(id, {
    onExchange: (record) => shown.push(JSON.stringify(record)),
  });
  shown.push(connection.url, connection.displayUrl);
  expect(connection.url).not.toContain(QUERY_KEY);
  return { client: new TaxiiClient(connection.options), url: connection.url };
}

/** What each listener of the server received: the key in the query, the partner header. */
function received(listener: 'main' | 'other') {
  return srv.requests
    .filter((r) => r.listener === listener)
    .map((r) => ({
      path: r.path,
      key: new URL(r.path, 'http://x').searchParams.get('key'),
      partner: r.headers['x-partner-id'],
    }));
}

describe('secret query parameters and secret custom headers', () => {
  it('reach the server on every request to its own origin', async () => {
    const { client, url } = await connectClient(await saveProfile());
    try {
      const found = await client.discover(url);
      const root = found.value.apiRoots.find((r) => r.endsWith('/api1/'))!;
      await client.collections(root);
      const page = await client.objects(srv.collectionUrl('api1', 'seed'), { limit: 3 });
      expect(page.items).toHaveLength(3);
      shown.push(page.url, found.url);
    } finally {
      await client.close();
    }
    const main = received('main');
    expect(main.length).toBeGreaterThanOrEqual(3);
    for (const r of main) {
      expect(r.key, r.path).toBe(QUERY_KEY);
      expect(r.partner, r.path).toBe(PARTNER_ID);
    }
  });

  it('never go to an API root on another origin', async () => {
    const { client, url } = await connectClient(await saveProfile());
    srv.setQuirks(['cross-origin-root']);
    try {
      const found = await client.discover(url);
      const foreign = found.value.apiRoots.find((r) => r.startsWith(srv.otherOrigin));
      expect(foreign).toBeDefined();
      // The other origin gets a plain request (its secure root then wants credentials it never got).
      const error = await client.collections(foreign!).catch((e: unknown) => e);
      expect(isAppError(error, 'UNAUTHORIZED')).toBe(true);
      shown.push(JSON.stringify((error as { wire?: unknown }).wire), String(error));
    } finally {
      await client.close();
    }
    const other = received('other');
    expect(other.length).toBeGreaterThan(0);
    for (const r of other) {
      expect(r.key, r.path).toBeNull();
      expect(r.partner, r.path).toBeUndefined();
    }
    expect(received('main').every((r) => r.key === QUERY_KEY && r.partner === PARTNER_ID)).toBe(
      true,
    );
  });

  it('never follow a redirect to another origin, and the refusal does not show them', async () => {
    const { client, url } = await connectClient(await saveProfile());
    srv.setQuirks(['cross-origin-redirect']);
    try {
      const error = await client.discover(url).catch((e: unknown) => e);
      expect(isAppError(error, 'REDIRECT_REFUSED')).toBe(true);
      shown.push(JSON.stringify((error as { wire?: unknown }).wire), String(error));
    } finally {
      await client.close();
    }
    expect(received('other')).toEqual([]);
    expect(received('main').length).toBeGreaterThan(0);
  });

  it('appear in no log line, error, exchange record or profile summary', () => {
    expect(shown.length).toBeGreaterThan(10);
    const everything = [...logLines, ...shown].join('\n');
    for (const secret of SECRETS)
      expect(everything.includes(secret), 'a secret leaked').toBe(false);
    expect(everything).toContain('[redacted]');
  });
});
