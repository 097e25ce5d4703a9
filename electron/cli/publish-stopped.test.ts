/**
 * `taxiway publish` when the upload stops midway: the real command against the project's TAXII
 * server, whose `tiny` API root takes 16 KB per request, so one OASIS example goes in several.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { REPO_ROOT, SHARED_DATA, TAXIWAY_BIN, taxiway, tempFolder } from './test-cli';

const FILE = path.join(
  SHARED_DATA,
  'oasis-stix-examples',
  'examples',
  'threat-reports',
  'poisonivy.json',
);

interface Stopped {
  complete: false;
  stopped: string;
  accepted: string[];
  status_ids: string[];
  unknown: string[];
  not_sent: string[];
  resume: string;
}

let server: RunningTaxiiServer;
let ids: string[];
let folder: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  ids = (JSON.parse(await readFile(FILE, 'utf8')) as { objects: { id: string }[] }).objects.map(
    (o) => o.id,
  );
  folder = await tempFolder();
});
afterAll(async () => {
  await server?.close();
  await folder?.cleanup();
});

async function storedIds(collection: string): Promise<Set<string>> {
  const run = await taxiway(['objects', collection, '--all', '--format', 'ndjson']);
  expect(run.code, run.stderr).toBe(0);
  return new Set(run.lines<{ id: string }>().map((o) => o.id));
}

/** Runs publish and sends SIGINT once `accepted` requests were accepted. */
function publishInterrupted(
  collection: string,
  accepted: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TAXIWAY_BIN, ['publish', collection, FILE], {
      cwd: REPO_ROOT,
      env: { ...process.env, TAXIWAY_HOME: folder.dir },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && (stderr.match(/: accepted, status /g) ?? []).length >= accepted) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a publish that stops midway', { timeout: 120_000 }, () => {
  it('says what landed when the connection drops on the second request, and --skip-ids sends only the rest', async () => {
    const tiny = server.collectionUrl('tiny', 'tiny');
    server.setFaults([{ kind: 'reset', endpoint: 'add-objects', after: 1, times: 1 }]);
    let report: Stopped;
    try {
      const run = await taxiway(['publish', tiny, FILE]);
      expect(run.code).toBe(1);
      report = run.json<Stopped>();
    } finally {
      server.setFaults([]);
    }
    expect(report.complete).toBe(false);
    expect(report.accepted.length).toBeGreaterThan(0);
    expect(report.status_ids).toHaveLength(1);
    expect(report.unknown.length).toBeGreaterThan(0);
    expect(report.not_sent.length).toBeGreaterThan(0);
    // Every object once, in the order of the file.
    expect([...report.accepted, ...report.unknown, ...report.not_sent]).toEqual(ids);
    const stored = await storedIds(tiny);
    expect(report.accepted.every((id) => stored.has(id))).toBe(true);
    expect(report.not_sent.some((id) => stored.has(id))).toBe(false);
    expect(report.resume).toContain('--skip-ids');

    const saved = path.join(folder.dir, 'accepted.json');
    await writeFile(saved, JSON.stringify(report));
    const rest = await taxiway(['publish', tiny, FILE, '--skip-ids', saved]);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toContain(`leaving out ${report.accepted.length} of ${ids.length}`);
    const status = rest.json<{ total_count: number }>();
    expect(status.total_count).toBe(ids.length - report.accepted.length);
    const after = await storedIds(tiny);
    expect(ids.every((id) => after.has(id))).toBe(true);
  });

  it('says what landed when interrupted after two accepted requests', async () => {
    const tiny = server.collectionUrl('tiny', 'tiny');
    // The third request waits long enough for the Ctrl-C to arrive while it is in flight.
    server.setFaults([{ kind: 'latency', ms: 20_000, endpoint: 'add-objects', after: 2 }]);
    let run: { code: number | null; stdout: string; stderr: string };
    try {
      run = await publishInterrupted(tiny, 2);
    } finally {
      server.setFaults([]);
    }
    expect(run.code, run.stderr).toBe(130);
    const report = JSON.parse(run.stdout) as Stopped;
    expect(report.stopped).toBe('interrupted');
    expect(report.status_ids).toHaveLength(2);
    expect([...report.accepted, ...report.unknown, ...report.not_sent]).toEqual(ids);
    expect(report.unknown.length).toBeGreaterThan(0);
  });

  it('reads --skip-ids as one id a line too, and refuses a file of something else', async () => {
    const tiny = server.collectionUrl('tiny', 'tiny');
    const list = path.join(folder.dir, 'ids.txt');
    await writeFile(list, `# all but the last\n${ids.slice(0, -1).join('\n')}\n`);
    const run = await taxiway(['publish', tiny, FILE, '--skip-ids', list]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<{ total_count: number }>().total_count).toBe(1);
    const bad = path.join(folder.dir, 'bad.json');
    await writeFile(bad, '{"accepted": 3}');
    const refused = await taxiway(['publish', tiny, FILE, '--skip-ids', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--skip-ids');
  });

  it('exits 1 when the server says complete but gives no outcome for any object', async () => {
    // A server that counts nothing (total_count 0, no lists): nothing is known to have landed.
    server.setFaults([
      {
        kind: 'body',
        endpoint: 'add-objects',
        status: 202,
        json: {
          id: '2d086da7-4bdc-4f91-900e-d77486753710',
          status: 'complete',
          total_count: 0,
          success_count: 0,
          failure_count: 0,
          pending_count: 0,
        },
      },
    ]);
    try {
      const run = await taxiway(['publish', server.collectionUrl('api1', 'publish'), FILE]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no outcome for any object');
      expect(run.stderr).toContain(`${ids.length} unknown`);
    } finally {
      server.setFaults([]);
    }
  });
});
