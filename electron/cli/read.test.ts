/**
 * `taxiway` reading a server end to end: the real command in a child process against the
 * project's TAXII server over HTTP (2.1 and 2.0), checking what it prints, its exit codes, and
 * the requests the server saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  VERSIONED_INDICATOR_ID,
  startTaxiiServer,
  type RunningTaxiiServer,
} from '../../e2e/server';
import { taxiway, type CliRun } from './test-cli';

let server: RunningTaxiiServer;
let seed: string;
let seed20: string;
let bench: string;

// The whole seed collection in the three output forms, shared by two tests.
let allSeed: Promise<{ envelope: CliRun; bundle: CliRun; ndjson: CliRun }>;

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null, synthetic: 3000, statusDelayMs: 0 });
  seed = server.collectionUrl('api1', 'seed');
  seed20 = server.collectionUrl('api20', 'api20-seed');
  bench = server.collectionUrl('api1', 'bench');
  const all = (...extra: string[]) =>
    taxiway(['objects', seed, '--all', '--limit', '40', ...extra]);
  allSeed = Promise.all([all(), all('--format', 'bundle'), all('--format', 'ndjson')]).then(
    ([envelope, bundle, ndjson]) => ({ envelope, bundle, ndjson }),
  );
});
afterAll(async () => {
  await server?.close();
});

type Envelope = {
  objects?: { id: string; type: string; modified?: string }[];
  more: boolean;
  next?: string;
};

/** The decoded path+query of the requests whose path contains `marker`. */
function requestsWith(marker: string): string[] {
  return server.requests.map((r) => decodeURIComponent(r.path)).filter((p) => p.includes(marker));
}

describe.concurrent('taxiway reading a TAXII server', { timeout: 90_000 }, () => {
  it('discovers a 2.1 and a 2.0 server, with API roots as absolute URLs', async () => {
    const [v21, v20] = await Promise.all([
      taxiway(['discover', `${server.origin}/`]),
      taxiway(['discover', server.discovery20Url]),
    ]);
    expect(v21.code, v21.stderr).toBe(0);
    const d = v21.json<{ title: string; default: string; api_roots: string[] }>();
    expect(d.title).toMatch(/Taxiway/);
    expect(d.api_roots).toEqual(
      expect.arrayContaining([server.rootUrl('api1'), server.rootUrl('secure')]),
    );
    expect(d.default).toBe(server.rootUrl('api1'));
    expect(v20.code, v20.stderr).toBe(0);
    expect(v20.json<{ api_roots: string[] }>().api_roots).toContain(server.rootUrl('api20'));
  });

  it('prints an API root, its collections and one collection', async () => {
    const [root, list, one] = await Promise.all([
      taxiway(['root', server.rootUrl('api1')]),
      taxiway(['collections', server.rootUrl('api1')]),
      taxiway(['collection', seed]),
    ]);
    expect(root.code, root.stderr).toBe(0);
    expect(root.json()).toMatchObject({
      title: 'Demo feed',
      versions: ['application/taxii+json;version=2.1'],
      max_content_length: 10 * 1024 * 1024,
    });
    expect(list.code, list.stderr).toBe(0);
    const ids = list.json<{ collections: { id: string }[] }>().collections.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([COLLECTIONS.seed.id, COLLECTIONS.publish.id, COLLECTIONS.locked.id]),
    );
    expect(one.json()).toMatchObject({
      id: COLLECTIONS.seed.id,
      can_read: true,
      can_write: false,
      alias: 'demo-feed',
    });
  });

  it('sends every filter as its query parameter, on objects and on the manifest', async () => {
    const marker = '2020-01-02T03:04:05.123456Z';
    const filters = [
      '--type',
      'indicator,malware',
      '--type',
      'report',
      '--id',
      VERSIONED_INDICATOR_ID,
      '--added-after',
      marker,
      '--version',
      'first,last',
      '--spec-version',
      '2.1',
      '--limit',
      '5',
    ];
    const [objects, manifest] = await Promise.all([
      taxiway(['objects', seed, ...filters]),
      taxiway(['manifest', seed, ...filters]),
    ]);
    expect(objects.code, objects.stderr).toBe(0);
    expect(manifest.code, manifest.stderr).toBe(0);
    const sent = requestsWith(marker);
    for (const endpoint of ['objects', 'manifest']) {
      const path = sent.find((p) => p.includes(`/${endpoint}/?`));
      expect(path, `${endpoint} request`).toBeDefined();
      const query = new URLSearchParams(path!.split('?')[1]);
      expect(Object.fromEntries(query)).toEqual({
        added_after: marker,
        limit: '5',
        'match[id]': VERSIONED_INDICATOR_ID,
        'match[type]': 'indicator,malware,report',
        'match[version]': 'first,last',
        'match[spec_version]': '2.1',
      });
    }
    const got = objects.json<Envelope>().objects ?? [];
    expect(got.map((o) => o.id)).toEqual([VERSIONED_INDICATOR_ID, VERSIONED_INDICATOR_ID]);
  });

  it('prints one page with more and next, and --next continues where it stopped', async () => {
    const first = await taxiway(['objects', seed, '--limit', '3']);
    expect(first.code, first.stderr).toBe(0);
    const page1 = first.json<Envelope>();
    expect(page1.objects).toHaveLength(3);
    expect(page1.more).toBe(true);
    expect(typeof page1.next).toBe('string');
    const second = await taxiway(['objects', seed, '--limit', '3', '--next', page1.next!]);
    const page2 = second.json<Envelope>();
    const everything = (await allSeed).ndjson.lines<{ id: string }>().map((o) => o.id);
    expect([...page1.objects!, ...page2.objects!].map((o) => o.id)).toEqual(everything.slice(0, 6));
    expect(requestsWith(`next=${page1.next!}`)).toHaveLength(1);
  });

  it('follows every page with --all, and envelope, bundle and ndjson hold the same objects', async () => {
    const { envelope, bundle, ndjson } = await allSeed;
    for (const run of [envelope, bundle, ndjson]) expect(run.code, run.stderr).toBe(0);
    const env = envelope.json<Envelope>();
    expect(env.more).toBe(false);
    const b = bundle.json<{
      type: string;
      id: string;
      spec_version?: string;
      objects: { id: string }[];
    }>();
    expect(b.type).toBe('bundle');
    expect(b.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    expect(b.spec_version).toBeUndefined();
    const ids = env.objects!.map((o) => o.id);
    expect(ids.length).toBeGreaterThan(100);
    expect(b.objects.map((o) => o.id)).toEqual(ids);
    expect(ndjson.lines<{ id: string }>().map((o) => o.id)).toEqual(ids);
    expect(new Set(ids.map((id, i) => `${id}|${env.objects![i]!.modified}`)).size).toBe(ids.length);
  });

  it('reads a TAXII 2.0 server: Range pages, a 2.0 bundle, --next as an item index', async () => {
    const [bundle, page, again] = await Promise.all([
      taxiway(['objects', seed20, '--all', '--limit', '60', '--format', 'bundle']),
      taxiway(['objects', seed20, '--limit', '4']),
      taxiway(['objects', seed20, '--limit', '4', '--next', '4', '--taxii', '2.0']),
    ]);
    expect(bundle.code, bundle.stderr).toBe(0);
    const b = bundle.json<{ spec_version: string; objects: { id: string }[] }>();
    expect(b.spec_version).toBe('2.0');
    expect(b.objects.length).toBeGreaterThan(60);
    const ranges = server.requests
      .filter((r) => r.path.startsWith(new URL(seed20).pathname) && r.headers.range)
      .map((r) => r.headers.range);
    expect(ranges).toEqual(expect.arrayContaining(['items=0-59', 'items=60-119']));
    const p1 = page.json<Envelope>();
    expect(p1).toMatchObject({ more: true, next: '4' });
    expect(again.json<Envelope>().objects!.map((o) => o.id)).toEqual(
      b.objects.slice(4, 8).map((o) => o.id),
    );
    // match[spec_version] does not exist in TAXII 2.0: refused before the objects request.
    const spec = await taxiway(['objects', seed20, '--spec-version', '2.0']);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/match\[spec_version\].*TAXII 2\.0/);
  });

  it('shows one object, its versions and its manifest records', async () => {
    const [latest, every, versions, manifest, versions20] = await Promise.all([
      taxiway(['object', seed, VERSIONED_INDICATOR_ID]),
      taxiway(['object', seed, VERSIONED_INDICATOR_ID, '--version', 'all', '--format', 'ndjson']),
      taxiway(['versions', seed, VERSIONED_INDICATOR_ID]),
      taxiway(['manifest', seed, '--id', VERSIONED_INDICATOR_ID, '--version', 'all']),
      taxiway(['versions', seed20, VERSIONED_INDICATOR_ID, '--format', 'ndjson']),
    ]);
    const v = versions.json<{ versions: string[] }>().versions;
    expect(v).toHaveLength(3);
    const newest = [...v].sort().at(-1);
    expect(latest.json<Envelope>().objects!.map((o) => o.modified)).toEqual([newest]);
    expect(
      every
        .lines<{ modified: string }>()
        .map((o) => o.modified)
        .sort(),
    ).toEqual([...v].sort());
    const records = manifest.json<{
      objects: { id: string; version: string; date_added: string }[];
    }>();
    expect(records.objects.map((r) => r.version).sort()).toEqual([...v].sort());
    expect(records.objects[0]!.date_added).toMatch(/\.\d{6}Z$/);
    expect(versions20.code, versions20.stderr).toBe(0);
    expect(versions20.lines<string>().sort()).toEqual([...v].sort());
  });

  it('says what the server said, in plain words, and exits 1 on TAXII, HTTP and network failures', async () => {
    const locked = server.collectionUrl('api1', 'locked');
    const closedPort = `http://127.0.0.1:1/api1/`;
    const [forbidden, missing, network] = await Promise.all([
      taxiway(['objects', locked]),
      taxiway(['collection', `${server.rootUrl('api1')}collections/no-such-collection/`]),
      taxiway(['root', closedPort, '--timeout', '5']),
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(forbidden.stderr).toMatch(/403/);
    expect(forbidden.stderr).toMatch(/Read access denied/);
    expect(forbidden.stderr).toMatch(/not readable/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);
    expect(network.code).toBe(1);
    expect(network.stderr).toMatch(/refused|connect/i);
  });

  it('streams a large export as NDJSON and stops quietly when the reader goes away', async () => {
    const [head, all] = await Promise.all([
      taxiway(['objects', bench, '--all', '--format', 'ndjson', '--limit', '100'], {
        pipeTo: 'head -n 3',
      }),
      taxiway(['objects', bench, '--all', '--format', 'ndjson', '--limit', '500', '--verbose']),
    ]);
    expect(head.code).toBe(0);
    expect(head.stderr).toBe('');
    expect(head.lines()).toHaveLength(3);
    expect(all.code, all.stderr).toBe(0);
    const objects = all.lines<{ id: string }>();
    expect(objects).toHaveLength(3000);
    expect(new Set(objects.map((o) => o.id)).size).toBe(3000);
    expect(all.stderr).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/api1\/collections\/.+\/objects\/\?limit=500 → 200/,
    );
    expect(all.stderr).toMatch(/3000 item\(s\) in 30 page\(s\)/);
    // The one cut short did not walk all 30 pages of 100.
    const pages100 = requestsWith(`${new URL(bench).pathname}objects/?limit=100`).length;
    expect(pages100).toBeLessThan(30);
  });

  it('refuses malformed filters before sending anything (exit 2)', async () => {
    // A collection no other test here reads, so its request log is this test's alone.
    const quiet = server.collectionUrl('api1', 'dropbox');
    const runs = await Promise.all([
      taxiway(['objects', quiet, '--version', 'newest']),
      taxiway(['manifest', quiet, '--limit', '0']),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
    }
    expect(runs[0]!.stderr).toMatch(/match\[version\] value "newest"/);
    expect(runs[1]!.stderr).toMatch(/--limit needs a whole number/);
    expect(server.requests.filter((r) => r.path.includes(COLLECTIONS.dropbox.id))).toEqual([]);
  });
});
