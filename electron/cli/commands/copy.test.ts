/**
 * The publish plan on the command line, end to end against two of the project's TAXII servers:
 * `publish --plan` with every outcome, `--valid-only`, the full STIX 2.1 check before sending, and
 * `copy` (from a well-behaved and from a quirk-mode server; a second run copies nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server';
import { taxiway, tempFolder } from '../test-cli';

let a: RunningTaxiiServer;
let b: RunningTaxiiServer;
let folder: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  [a, b] = await Promise.all([
    startTaxiiServer({ mitreDir: null, statusDelayMs: 0 }),
    startTaxiiServer({ mitreDir: null, statusDelayMs: 0, quirks: ['expiring-next'] }),
  ]);
  folder = await tempFolder();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await folder?.cleanup();
});

interface Obj {
  id: string;
  type: string;
  name?: string;
  modified?: string;
  [k: string]: unknown;
}

const posts = (s: RunningTaxiiServer): number =>
  s.requests.filter((r) => r.endpoint === 'add-objects').length;

async function objectsOf(url: string, extra: string[] = []): Promise<Obj[]> {
  const run = await taxiway(['objects', url, '--all', '--format', 'ndjson', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return run.lines<Obj>();
}

function indicator(n: number, extra: Record<string, unknown> = {}): Obj {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: `Plan test ${n}`,
    pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const bundle = (objects: Obj[]): string =>
  JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

describe('the publish plan and copy', { timeout: 120_000 }, () => {
  it('plans every outcome and sends nothing', async () => {
    const target = a.collectionUrl('api1', 'publish');
    const [kept, changed, versioned] = [indicator(1), indicator(2), indicator(3)];
    const put = await taxiway(['publish', target, '-'], {
      stdin: bundle([kept, changed, versioned]),
    });
    expect(put.code, put.stderr).toBe(0);

    const before = posts(a);
    const planned = [
      indicator(4), // new
      { ...versioned, modified: '2026-02-01T00:00:00.000Z' }, // new version
      kept, // unchanged
      { ...changed, name: 'Other words, same version' }, // conflict
      { ...indicator(5), pattern_type: undefined }, // invalid: pattern_type is required
    ].map((o) => JSON.parse(JSON.stringify(o)) as Obj);
    const run = await taxiway(['publish', target, '-', '--plan'], { stdin: bundle(planned) });
    expect(run.code).toBe(1); // A conflict and an invalid object.
    const plan = run.json<{
      counts: Record<string, number>;
      requests: number;
      objects: { index: number; id: string; action: string; problems?: { rule: string }[] }[];
    }>();
    expect(plan.objects.map((o) => o.action)).toEqual([
      'new',
      'new-version',
      'unchanged',
      'conflict',
      'invalid',
    ]);
    expect(plan.objects.map((o) => o.id)).toEqual(planned.map((o) => o.id));
    expect(plan.counts).toEqual({
      new: 1,
      'new-version': 1,
      unchanged: 1,
      conflict: 1,
      invalid: 1,
    });
    expect(plan.requests).toBe(1);
    expect(plan.objects[4]!.problems?.map((p) => p.rule)).toContain('property-required');
    expect(run.stderr).toMatch(/plan: 1 new, 1 new version\(s\), 1 unchanged, 1 in conflict/);
    expect(posts(a)).toBe(before);
  });

  it('refuses an object breaking a MUST before sending, and --valid-only sends the rest', async () => {
    const target = a.collectionUrl('api1', 'publish');
    const bad = { ...indicator(7), pattern: "[ipv4-addr:value = '10.0.0.1'" }; // unbalanced
    const good = [indicator(8), indicator(9)];
    const before = posts(a);
    const refused = await taxiway(['publish', target, '-'], { stdin: bundle([bad, ...good]) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('$.objects[0].pattern');
    expect(posts(a)).toBe(before);

    const some = await taxiway(['publish', target, '-', '--valid-only'], {
      stdin: bundle([bad, ...good]),
    });
    expect(some.code, some.stderr).toBe(0);
    expect(some.stderr).toContain(`--valid-only: leaving out ${bad.id}`);
    expect(some.stderr).toMatch(/2 object\(s\): 2 succeeded/);
    const stored = new Set((await objectsOf(target)).map((o) => o.id));
    expect(good.every((o) => stored.has(o.id))).toBe(true);
    expect(stored.has(bad.id)).toBe(false);
  });

  it('copies what the destination lacks, once, and reports conflicts', async () => {
    const source = a.collectionUrl('api1', 'seed');
    const destination = b.collectionUrl('api1', 'publish');
    const malware = await objectsOf(source, ['--type', 'malware', '--version', 'all']);
    expect(malware.length).toBeGreaterThan(2);

    // One object is already there with other content under the same version: a conflict.
    const clash = { ...malware[0]!, name: `${malware[0]!.name ?? ''} (edited elsewhere)` };
    const put = await taxiway(['publish', destination, '-'], { stdin: bundle([clash]) });
    expect(put.code, put.stderr).toBe(0);

    const args = ['copy', source, destination, '--type', 'malware', '--version', 'all'];
    const first = await taxiway(args);
    expect(first.code).toBe(1); // The conflict.
    const done = first.json<{ counts: Record<string, number>; copied: number }>();
    expect(done.counts.conflict).toBe(1);
    expect(done.copied).toBe(malware.length - 1);
    expect(first.stderr).toContain(`conflict: ${malware[0]!.id}`);

    const key = (o: Obj): string => `${o.id}|${String(o.modified)}`;
    const there = await objectsOf(destination, ['--type', 'malware', '--version', 'all']);
    expect(new Set(there.map(key))).toEqual(new Set(malware.map(key)));
    // The conflicting version kept the destination's own content.
    expect(there.find((o) => o.id === clash.id)?.name).toBe(clash.name);

    const before = posts(b);
    const again = await taxiway(args);
    const second = again.json<{
      counts: Record<string, number>;
      copied: number;
      status: unknown;
    }>();
    expect(second.copied).toBe(0);
    expect(second.status).toBeNull();
    expect(second.counts.unchanged).toBe(malware.length - 1);
    expect(posts(b)).toBe(before);
  });

  it('copies from a server whose next tokens expire, every object once', async () => {
    const source = b.collectionUrl('api1', 'seed');
    const destination = a.collectionUrl('api1', 'publish');
    const wanted = await objectsOf(source, ['--type', 'indicator', '--limit', '10']);
    expect(wanted.length).toBeGreaterThan(10);
    const run = await taxiway([
      'copy',
      source,
      destination,
      '--type',
      'indicator',
      '--limit',
      '10',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<{ copied: number }>().copied).toBe(wanted.length);
    const there = new Set((await objectsOf(destination, ['--type', 'indicator'])).map((o) => o.id));
    expect(wanted.every((o) => there.has(o.id))).toBe(true);
    const dry = await taxiway(['copy', source, destination, '--type', 'indicator', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json<{ counts: Record<string, number> }>().counts.new).toBe(0);
  });
});
