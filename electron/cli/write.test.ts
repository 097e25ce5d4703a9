/**
 * `taxiway publish`, `status` and `delete` end to end: the real command against the project's
 * TAXII server (whose statuses stay pending for 250 ms), with the OASIS STIX examples read where
 * they lie in ../shared/data.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { SHARED_DATA, taxiway } from './test-cli';

const EXAMPLES = path.join(SHARED_DATA, 'oasis-stix-examples', 'examples');

type StixObject = { id: string; type: string; modified?: string } & Record<string, unknown>;
type Status = {
  id: string;
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes?: { id: string; version: string; message?: string }[];
  failures?: { id: string; version?: string; message?: string }[];
  pendings?: { id: string }[];
  x_taxiway_status_ids?: string[];
};

let server: RunningTaxiiServer;
let sandbox: string;

async function bundleObjects(file: string): Promise<StixObject[]> {
  return (JSON.parse(await readFile(file, 'utf8')) as { objects: StixObject[] }).objects;
}

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null });
  sandbox = server.collectionUrl('api1', 'publish');
});
afterAll(async () => {
  await server?.close();
});

describe.concurrent('taxiway writing to a TAXII server', { timeout: 90_000 }, () => {
  it('publishes an OASIS example file, reports each object, and the objects read back unchanged', async () => {
    const file = path.join(EXAMPLES, 'threat-reports', 'apt1.json');
    const objects = await bundleObjects(file);
    const run = await taxiway(['publish', sandbox, file]);
    expect(run.code, run.stderr).toBe(0);
    const status = run.json<Status>();
    expect(status).toMatchObject({
      status: 'complete',
      total_count: objects.length,
      success_count: objects.length,
      failure_count: 0,
      pending_count: 0,
    });
    expect(status.successes!.map((s) => s.id).sort()).toEqual(objects.map((o) => o.id).sort());
    expect(run.stderr).toMatch(
      new RegExp(`publishing ${objects.length} object\\(s\\) in 1 request`),
    );
    expect(run.stderr).toMatch(/request 1\/1: accepted, status [0-9a-f-]{36} is pending/);
    expect(run.stderr).toMatch(
      new RegExp(
        `${objects.length} object\\(s\\): ${objects.length} succeeded, 0 failed, 0 pending`,
      ),
    );

    const back = await taxiway(['objects', sandbox, '--all', '--format', 'ndjson']);
    const byId = new Map(back.lines<StixObject>().map((o) => [o.id, o]));
    for (const o of objects) expect(byId.get(o.id)).toEqual(o);
  });

  it('publishes from stdin below a small max_content_length, in several requests', async () => {
    const file = path.join(EXAMPLES, 'threat-reports', 'poisonivy.json');
    const objects = await bundleObjects(file);
    const tiny = server.collectionUrl('tiny', 'tiny');
    const run = await taxiway(['publish', tiny, '-'], { stdin: await readFile(file, 'utf8') });
    expect(run.code, run.stderr).toBe(0);
    const status = run.json<Status>();
    expect(status.success_count).toBe(objects.length);
    const posts = server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes(COLLECTIONS.tiny.id),
    );
    expect(posts.length).toBeGreaterThan(4);
    expect(status.x_taxiway_status_ids).toHaveLength(posts.length);
    expect(posts.every((r) => Number(r.headers['content-length']) < 16384)).toBe(true);
    expect(run.stderr).toMatch(
      new RegExp(
        `in ${posts.length} request\\(s\\) \\(the API root takes at most 16\\.0 KB per request\\)`,
      ),
    );
  });

  it('prints the first status with --no-wait, and `status` shows it later', async () => {
    const file = path.join(EXAMPLES, 'indicators-for-C2-with-COA.json');
    const objects = await bundleObjects(file);
    const run = await taxiway(['publish', sandbox, file, '--no-wait']);
    expect(run.code, run.stderr).toBe(0);
    const first = run.json<Status>();
    expect(first).toMatchObject({
      status: 'pending',
      total_count: objects.length,
      pending_count: objects.length,
    });
    expect(first.pendings!.map((p) => p.id).sort()).toEqual(objects.map((o) => o.id).sort());
    expect(run.stderr).not.toMatch(/waiting/);
    expect(run.stderr).toMatch(/8 pending \(the server is still processing\)/);

    const later = await taxiway(['status', server.rootUrl('api1'), first.id]);
    expect(later.code, later.stderr).toBe(0);
    expect(later.json<Status>()).toMatchObject({
      id: first.id,
      status: 'complete',
      success_count: objects.length,
    });
    const missing = await taxiway([
      'status',
      server.rootUrl('api1'),
      '0b3f0c8e-3a51-4b8f-9d27-6d6a2a1c9e00',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);
  });

  it('lists the objects the server refused and exits 1', async () => {
    const file = path.join(EXAMPLES, 'infrastructure.json');
    const objects = await bundleObjects(file);
    const first = await taxiway(['publish', sandbox, file]);
    expect(first.code, first.stderr).toBe(0);
    // The same id and version with other content: the server must refuse that one object.
    const changed = objects.map((o, i) =>
      i === 0 ? { ...o, name: 'changed without a new modified' } : o,
    );
    const run = await taxiway(['publish', sandbox, '-'], {
      stdin: JSON.stringify({
        type: 'bundle',
        id: 'bundle--0f6bd6b1-3e7a-4a0c-9c0e-1b2d3e4f5a61',
        objects: changed,
      }),
    });
    expect(run.code).toBe(1);
    const status = run.json<Status>();
    expect(status).toMatchObject({
      status: 'complete',
      failure_count: 1,
      success_count: objects.length - 1,
    });
    expect(status.failures![0]!.id).toBe(objects[0]!.id);
    expect(run.stderr).toContain(`failed: ${objects[0]!.id}`);
    expect(run.stderr).toMatch(/already stored/);
    expect(run.stderr).toMatch(/1 failed/);
  });

  it('publishes a bundle to a TAXII 2.0 collection', async () => {
    const file = path.join(EXAMPLES, 'indicator-to-campaign-relationship.json');
    const objects = await bundleObjects(file);
    const run = await taxiway(['publish', server.collectionUrl('api20', 'api20-publish'), file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<Status>()).toMatchObject({ status: 'complete', success_count: objects.length });
    const post = server.requests.find(
      (r) => r.method === 'POST' && r.path.includes(COLLECTIONS['api20-publish'].id),
    );
    expect(post?.headers['content-type']).toMatch(
      /^application\/vnd\.oasis\.stix\+json; ?version=2\.0/,
    );
  });

  it('deletes the versions named, every version by default, and nothing on 2.0 or without rights', async () => {
    const id = 'indicator--0c4f1b8e-7a2d-4e5f-9b3c-1d2e3f4a5b6c';
    const version = (modified: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: '2024-01-01T00:00:00.000Z',
      modified,
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
    });
    const published = await taxiway(['publish', sandbox, '-'], {
      stdin: JSON.stringify([
        version('2024-01-01T00:00:00.000Z'),
        version('2024-02-01T00:00:00.000Z'),
      ]),
    });
    expect(published.code, published.stderr).toBe(0);

    const first = await taxiway(['delete', sandbox, id, '--version', 'first']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toEqual({ deleted: true, id, versions: ['first'] });
    const left = await taxiway(['versions', sandbox, id]);
    expect(left.json<{ versions: string[] }>().versions).toEqual(['2024-02-01T00:00:00.000Z']);

    const all = await taxiway(['delete', sandbox, id]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.json()).toEqual({ deleted: true, id, versions: ['all'] });
    const deletes = server.requests
      .filter((r) => r.method === 'DELETE' && r.path.includes(id))
      .map((r) => decodeURIComponent(r.path.split('?')[1] ?? ''));
    expect(deletes).toEqual(['match[version]=first', 'match[version]=all']);
    const gone = await taxiway(['object', sandbox, id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/404/);

    const [v20, readOnly] = await Promise.all([
      taxiway(['delete', server.collectionUrl('api20', 'api20-publish'), id]),
      taxiway(['delete', server.collectionUrl('api1', 'seed'), id]),
    ]);
    expect(v20.code).toBe(2);
    expect(v20.stderr).toMatch(/TAXII 2\.0 has no way to delete objects/);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/403/);
  });
});
