/**
 * `taxiway check` and `taxiway diff` end to end: the real command in a child process against the
 * project's TAXII server, checking the report formats, exit codes, waits shown on stderr, and
 * the differences between two collections written for the occasion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server';
import { TaxiiClient } from '../../services/taxii';
import { taxiway } from '../test-cli';

let server: RunningTaxiiServer;
let quirky: RunningTaxiiServer;
/** Holds the collections diffed (the check writes to `server`, concurrently). */
let diffs: RunningTaxiiServer;

const T1 = '2024-01-01T00:00:00.000Z';
const T2 = '2024-03-01T00:00:00.000Z';
const note = (n: number, modified: string): Record<string, unknown> => ({
  type: 'note',
  spec_version: '2.1',
  id: `note--00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  created: T1,
  modified,
  content: `note ${n}`,
  object_refs: ['identity--00000000-0000-4000-8000-000000000001'],
});

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  diffs = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  quirky = await startTaxiiServer({
    mitreDir: null,
    statusDelayMs: 0,
    quirks: ['numeric-next', 'rate-limit'],
    quirkOptions: { rateLimitBudget: 30, rateLimitWindowMs: 1000, retryAfterSeconds: 1 },
  });
  const client = new TaxiiClient();
  const post = (key: 'publish' | 'tiny', objects: Record<string, unknown>[]) =>
    client.postObjects(
      diffs.collectionUrl(key === 'publish' ? 'api1' : 'tiny', key),
      JSON.stringify({ objects }),
    );
  await post('publish', [note(1, T1), note(2, T1), note(3, T1)]);
  await post('publish', [note(3, T2)]);
  await post('tiny', [note(1, T1), note(3, T1), note(4, T1)]);
  // Something to read on the API root whose writes are checked (its 16 KiB limit makes the 413 quick).
  await client.postObjects(
    server.collectionUrl('tiny', 'tiny'),
    JSON.stringify({ objects: [note(1, T1), note(2, T1), note(3, T1), note(3, T2)] }),
  );
  await client.close();
});
afterAll(async () => {
  await server?.close();
  await diffs?.close();
  await quirky?.close();
});

describe.concurrent('taxiway check and diff', { timeout: 60_000 }, () => {
  it('checks a well-behaved server: every MUST holds, exit 0, a text report', async () => {
    const run = await taxiway(['check', `${server.origin}/`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^TAXII 2\.1 conformance check of http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(run.stdout).toMatch(/PASS {2}paging\.follow {2}\[MUST, TAXII 2\.1 §3\.5\]/);
    expect(run.stdout).toMatch(/Every MUST checked holds \(\d+ passed, 0 failed, 1 warning\)\.\n$/);
    // Plain HTTP is the one warning: TAXII wants HTTPS.
    expect(run.stdout).toMatch(/WARN {2}transport\.https/);
  });

  it('checks writing with --write and reports in JSON and Markdown', async () => {
    const json = await taxiway([
      'check',
      server.rootUrl('tiny'),
      '--write',
      COLLECTIONS.tiny.id,
      '--format',
      'json',
    ]);
    const report = json.json<{ mustsHold: boolean; lines: { id: string; status: string }[] }>();
    expect(json.code, JSON.stringify(report.lines.filter((l) => l.status === 'fail'))).toBe(0);
    expect(report.mustsHold).toBe(true);
    expect(report.lines.filter((l) => l.id.startsWith('write.')).map((l) => l.status)).toEqual(
      Array(report.lines.filter((l) => l.id.startsWith('write.')).length).fill('pass'),
    );
    expect(json.stderr).toMatch(/every MUST checked holds/);
    const md = await taxiway(['check', server.rootUrl('api1'), '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# TAXII 2\.1 conformance check of /);
    expect(md.stdout).toContain('| PASS | `filters.version` | MUST |');
  });

  it('exits 1 on a server that breaks a MUST, naming the quirk and showing the waits', async () => {
    const run = await taxiway(['check', `${quirky.origin}/`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /FAIL {2}paging\.next-type .*\n.*\n.*observed: next \d+ \(number\) {2}\(numeric-next\)/,
    );
    expect(run.stdout).toMatch(/Known quirks found: .*numeric-next/);
    expect(run.stderr).toMatch(/taxiway: waiting 1 s: server asked \(429\)/);
  });

  it('refuses a bad format before connecting', async () => {
    const run = await taxiway(['check', `${server.origin}/`, '--format', 'pdf']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format must be one of text, json, markdown/);
  });

  it('diffs two collections as JSON, and says so in the exit code when asked', async () => {
    const a = diffs.collectionUrl('api1', 'publish');
    const b = diffs.collectionUrl('tiny', 'tiny');
    const run = await taxiway(['diff', a, b]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json<{
      a: string;
      b: string;
      differences: { kind: string; id: string }[];
      summary: Record<string, unknown>;
    }>();
    expect(out.a).toBe(a);
    expect(out.differences).toEqual([
      { kind: 'only-in-a', id: note(2, T1).id, versions: [T1] },
      {
        kind: 'versions-differ',
        id: note(3, T1).id,
        onlyInA: [T2],
        onlyInB: [],
        latestA: T2,
        latestB: T1,
        newer: 'a',
      },
      { kind: 'only-in-b', id: note(4, T1).id, versions: [T1] },
    ]);
    expect(out.summary).toMatchObject({
      onlyInA: 1,
      onlyInB: 1,
      versionsDiffer: 1,
      newerInA: 1,
      same: 1,
      identical: false,
      a: { objects: 3, versions: 4 },
    });
    const strict = await taxiway(['diff', a, b, '--exit-code', '--format', 'ndjson']);
    expect(strict.code).toBe(1);
    const lines = strict.lines<{ kind: string }>();
    expect(lines.map((l) => l.kind)).toEqual([
      'only-in-a',
      'versions-differ',
      'only-in-b',
      'summary',
    ]);
    const same = await taxiway(['diff', a, a, '--exit-code']);
    expect(same.code).toBe(0);
    expect(same.json<{ differences: unknown[] }>().differences).toEqual([]);
  });
});
