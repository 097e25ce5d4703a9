/**
 * `taxiway pull` end to end: the real command in a child process against the project's TAXII
 * server, with another client adding objects over plain HTTP between pulls; on the demo server,
 * on quirk-mode servers, with equal date_added values, and with a walk cut off by the server.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  startTaxiiServer,
  type QuirkName,
  type QuirkOptions,
  type RunningTaxiiServer,
} from '../../../e2e/server';
import { get21, indicator, post21 } from '../../../e2e/server/test-http';
import { taxiway, tempFolder, type CliRun } from '../test-cli';

const TIMEOUT = 600_000;
const servers: RunningTaxiiServer[] = [];
const folders: (() => Promise<void>)[] = [];

async function server(
  quirks: QuirkName[] = [],
  quirkOptions: QuirkOptions = {},
  extra: { frozenDateAdded?: boolean } = {},
): Promise<RunningTaxiiServer> {
  const s = await startTaxiiServer({
    mitreDir: null,
    statusDelayMs: 0,
    quirks,
    quirkOptions,
    ...extra,
  });
  servers.push(s);
  return s;
}

async function stateFile(): Promise<string> {
  const { dir, cleanup } = await tempFolder('taxiway-pull-');
  folders.push(cleanup);
  return path.join(dir, 'state.json');
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(folders.map((c) => c()));
});

const currentQuirks = new Map<RunningTaxiiServer, { names: QuirkName[]; options: QuirkOptions }>();

/** Another client adds `objects` (quirks off meanwhile, so a rate limit does not refuse it). */
async function add(s: RunningTaxiiServer, objects: Record<string, unknown>[]): Promise<void> {
  const quirks = currentQuirks.get(s);
  if (quirks) s.setQuirks([]);
  const res = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, objects);
  if (quirks) s.setQuirks(quirks.names, quirks.options);
  expect(res.status, res.text).toBe(202);
  expect(res.json.success_count).toBe(objects.length);
}

function batch(from: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => indicator(from + i));
}

function idsOf(run: CliRun): string[] {
  expect(run.code, run.stderr).toBe(0);
  return run.lines<{ id: string }>().map((o) => o.id);
}

function ids(objects: Record<string, unknown>[]): string[] {
  return objects.map((o) => o.id as string);
}

function pull(url: string, state: string, ...extra: string[]): Promise<CliRun> {
  return taxiway(['pull', url, '--state', state, '--limit', '5', ...extra]);
}

/** Three pulls with objects added before each; checks each gives exactly what was added. */
async function threePulls(s: RunningTaxiiServer): Promise<void> {
  const url = s.collectionUrl('api1', 'publish');
  const state = await stateFile();
  const a = batch(1, 12);
  const b = batch(100, 7);
  const c = batch(200, 6);

  await add(s, a);
  const first = await pull(url, state);
  expect(idsOf(first)).toEqual(ids(a));
  expect(first.stderr).toMatch(/pulled 12 new object\(s\) in \d+ page\(s\); watermark \S+Z/);

  await add(s, b);
  const second = await pull(url, state);
  expect(idsOf(second)).toEqual(ids(b));

  const idle = await pull(url, state);
  expect(idle.code, idle.stderr).toBe(0);
  expect(idle.stdout).toBe('');
  expect(idle.stderr).toMatch(/pulled 0 new object\(s\).*\(unchanged\)/);

  await add(s, c);
  const third = await pull(url, state);
  expect(idsOf(third)).toEqual(ids(c));

  const whole = await taxiway(['objects', url, '--all', '--format', 'ndjson']);
  const union = [...idsOf(first), ...idsOf(second), ...idsOf(third)];
  expect(union).toEqual(idsOf(whole));
  expect(new Set(union).size).toBe(union.length);
}

describe.concurrent('taxiway pull', { timeout: TIMEOUT }, () => {
  it('gives exactly the objects added between three pulls on the demo server', async () => {
    await threePulls(await server());
  });

  for (const [name, options] of [
    ['expiring-next', { nextTtlMs: 0 }],
    ['more-without-next', {}],
    ['rate-limit', { rateLimitBudget: 2, rateLimitWindowMs: 3000, retryAfterSeconds: 1 }],
  ] as const) {
    it(`gives exactly the added objects on a server with the ${name} quirk`, async () => {
      const s = await server([name], options);
      currentQuirks.set(s, { names: [name], options });
      await threePulls(s);
      if (name === 'rate-limit') {
        expect(s.requests.some((r) => r.status === 429)).toBe(true);
      }
    });
  }

  it('pulls a whole seeded collection, 2.1 and 2.0, then nothing', async () => {
    const s = await server();
    for (const url of [s.collectionUrl('api1', 'seed'), s.collectionUrl('api20', 'api20-seed')]) {
      const state = await stateFile();
      const [first, whole] = await Promise.all([
        taxiway(['pull', url, '--state', state, '--limit', '40']),
        taxiway(['objects', url, '--all', '--format', 'ndjson']),
      ]);
      expect(idsOf(first).length).toBeGreaterThan(40);
      expect(first.stdout).toBe(whole.stdout);
      const again = await taxiway(['pull', url, '--state', state, '--limit', '40']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe('');
    }
  });

  it('neither skips nor repeats objects sharing one date_added across pulls', async () => {
    const s = await server([], {}, { frozenDateAdded: true });
    const url = s.collectionUrl('api1', 'publish');
    const state = await stateFile();
    const a = batch(1, 7);
    await add(s, a);
    const head = await get21(`${url}objects/`);
    const instant = head.headers.get('x-taxii-date-added-last');
    expect(head.headers.get('x-taxii-date-added-first')).toBe(instant);
    expect(instant).toMatch(/\.\d{6}Z$/);

    // Pages of three: the run of seven equal dates is split across page boundaries too.
    const first = await taxiway(['pull', url, '--state', state, '--limit', '3']);
    expect(idsOf(first)).toEqual(ids(a));
    const saved = JSON.parse(await readFile(state, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ version: 1, collection: url, watermark: instant });
    expect((saved.seenAtWatermark as string[]).length).toBe(7);

    // Added later, in the very same microsecond: added_after = the watermark would miss them.
    const b = batch(50, 4);
    await add(s, b);
    const second = await taxiway(['pull', url, '--state', state, '--limit', '100']);
    expect(idsOf(second)).toEqual(ids(b));
    const third = await taxiway(['pull', url, '--state', state, '--limit', '100']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe('');
    const after = JSON.parse(await readFile(state, 'utf8')) as Record<string, unknown>;
    expect(after.watermark).toBe(instant);
    expect((after.seenAtWatermark as string[]).length).toBe(11);
  });

  it('leaves the state file alone when the server drops the connection mid-walk', async () => {
    const s = await server();
    const url = s.collectionUrl('api1', 'publish');
    const state = await stateFile();
    const a = batch(1, 6);
    await add(s, a);
    expect(idsOf(await pull(url, state))).toEqual(ids(a));
    const before = await readFile(state, 'utf8');

    const b = batch(300, 13);
    await add(s, b);
    s.setFaults([{ kind: 'reset', endpoint: 'objects', method: 'GET', after: 1 }]);
    const cut = await pull(url, state);
    expect(cut.code).toBe(1);
    expect(cut.stderr).not.toMatch(/pulled/);
    expect(await readFile(state, 'utf8')).toBe(before);
    // Whatever came out before the cut is the start of what was added, and goes out again.
    const partial = cut.lines<{ id: string }>().map((o) => o.id);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial).toEqual(ids(b).slice(0, partial.length));

    s.setFaults([]);
    const next = await pull(url, state);
    expect(idsOf(next)).toEqual(ids(b));
  });

  it('refuses a state file of another collection or other filters', async () => {
    const s = await server();
    const state = await stateFile();
    const publish = s.collectionUrl('api1', 'publish');
    expect((await pull(publish, state)).code).toBe(0);
    const other = await pull(s.collectionUrl('api1', 'seed'), state);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/belongs to another collection/);
    const filtered = await pull(publish, state, '--type', 'malware');
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toMatch(/other filters/);
    await writeFile(state, '{"version":2}');
    const junk = await pull(publish, state);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/not a taxiway pull state/);
  });
});
