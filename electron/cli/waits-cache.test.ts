/**
 * Waits and the page cache on the command line, end to end: the real command in a child process
 * against the project's TAXII server. A 429 with Retry-After and a profile's own request budget
 * are shown on stderr while they last; `--all` with a profile keeps its pages in the page cache
 * under TAXIWAY_HOME (`--refresh`, `--no-cache`, and profiles saved with `--no-cache`).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { clearService, testServiceName } from '../../e2e/support/connections';
import { taxiway, tempFolder, type RunOptions } from './test-cli';

let server: RunningTaxiiServer;
let home: { dir: string; cleanup: () => Promise<void> };
const service = testServiceName();
let seed: string;

function run(args: string[], options: RunOptions = {}) {
  return taxiway(args, {
    ...options,
    env: { TAXIWAY_HOME: home.dir, TAXIWAY_KEYCHAIN_SERVICE: service, ...options.env },
  });
}

const objectRequests = (): number => server.requests.filter((r) => r.endpoint === 'objects').length;

async function cacheFiles(): Promise<string[]> {
  const dir = path.join(home.dir, 'cache');
  return readdir(dir, { recursive: true }).catch(() => [] as string[]);
}

beforeAll(async () => {
  home = await tempFolder();
  server = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  seed = server.collectionUrl('api1', 'seed');
});

afterAll(async () => {
  await server?.close();
  await clearService(service);
  await home?.cleanup();
});

describe('waits on the command line', () => {
  it('prints the wait a 429 with Retry-After imposes, then the answer', async () => {
    server.setFaults([
      { kind: 'status', status: 429, retryAfter: 1, endpoint: 'objects', times: 1 },
    ]);
    try {
      const started = Date.now();
      const r = await taxiway(['objects', seed, '--limit', '2']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json<{ objects: unknown[] }>().objects).toHaveLength(2);
      expect(r.stderr).toMatch(/^taxiway: waiting 1 s: server asked \(429\)/m);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      server.setFaults([]);
    }
  });

  it("keeps to a profile's request budget by itself, and says so while waiting", async () => {
    const added = await run([
      'profiles',
      'add',
      'budgeted',
      '--url',
      server.discoveryUrl,
      '--budget',
      '2/2',
      '--no-cache',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({ budget: { requests: 2, windowSeconds: 2 }, cache: false });
    // The API root, then pages of 200: more than two requests, so the budget makes it wait.
    const r = await run(['objects', seed, '--profile', 'budgeted', '--limit', '200', '--all']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^taxiway: waiting [\d.]+ s: request budget \(2 requests per 2 s\)/m);
    expect(await cacheFiles()).toEqual([]);
  });

  it('refuses a malformed --budget with the form it wants', async () => {
    const r = await run(['profiles', 'add', 'bad', '--url', server.discoveryUrl, '--budget', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--budget needs REQUESTS/WINDOW, e.g. 10/600');
  });
});

// Several runs of the real command each: give a busy machine time.
describe('the page cache on the command line', { timeout: 120_000 }, () => {
  it('serves a second --all walk from the cache, refetches with --refresh, and leaves it with --no-cache', async () => {
    const added = await run(['profiles', 'add', 'cached', '--url', server.discoveryUrl]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({ cache: true });
    const args = ['objects', seed, '--profile', 'cached', '--all', '--limit', '20'];

    const before = objectRequests();
    const first = await run([...args, '--format', 'ndjson']);
    expect(first.code, first.stderr).toBe(0);
    const fetched = objectRequests() - before;
    expect(fetched).toBeGreaterThan(1);
    expect(first.stderr).not.toContain('page cache');
    expect((await cacheFiles()).some((f) => f.endsWith('meta.json'))).toBe(true);

    const again = await run([...args, '--format', 'ndjson']);
    expect(again.code, again.stderr).toBe(0);
    // One request: the server is asked what was added after the cached pages (none here).
    expect(objectRequests() - before).toBe(fetched + 1);
    expect(server.requests.filter((r) => r.endpoint === 'objects').at(-1)?.path).toMatch(
      /added_after=/,
    );
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(
      // The cached pages, out of those handed out: they and the one page of what is new.
      new RegExp(
        `^taxiway: ${fetched} of ${fetched + 1} page\\(s\\) came from the page cache`,
        'm',
      ),
    );

    const refreshed = await run([...args, '--format', 'ndjson', '--refresh']);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(objectRequests() - before).toBe(2 * fetched + 1);
    expect(refreshed.stdout).toBe(first.stdout);
    expect(refreshed.stderr).not.toContain('page cache');

    const beforeBypass = objectRequests();
    const bypass = await run([...args, '--format', 'ndjson', '--no-cache']);
    expect(bypass.code, bypass.stderr).toBe(0);
    expect(bypass.stdout).toBe(first.stdout);
    expect(objectRequests() - beforeBypass).toBeGreaterThanOrEqual(fetched);
    expect(bypass.stderr).not.toContain('page cache');

    const both = await run([...args, '--refresh', '--no-cache']);
    expect(both.code).toBe(2);
  });

  it('keeps manifest walks too, and nothing for a one-off connection', async () => {
    const count = async (): Promise<number> => (await cacheFiles()).length;
    const before = await count();
    const oneOff = await run(['manifest', seed, '--all', '--limit', '50', '--format', 'ndjson']);
    expect(oneOff.code, oneOff.stderr).toBe(0);
    expect(await count()).toBe(before);
    const manifest = await run([
      'manifest',
      seed,
      '--profile',
      'cached',
      '--all',
      '--limit',
      '50',
      '--format',
      'ndjson',
    ]);
    expect(manifest.code, manifest.stderr).toBe(0);
    expect(await count()).toBeGreaterThan(before);
    const again = await run([
      'manifest',
      seed,
      '--profile',
      'cached',
      '--all',
      '--limit',
      '50',
      '--format',
      'ndjson',
    ]);
    expect(again.stdout).toBe(manifest.stdout);
    expect(again.stderr).toContain('came from the page cache');
    // As for objects: the server was asked what was added after the cached pages.
    expect(server.requests.filter((r) => r.endpoint === 'manifest').at(-1)?.path).toMatch(
      /added_after=/,
    );
  });
});
