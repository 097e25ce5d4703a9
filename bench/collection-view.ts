/**
 * The collection view service in plain Node (`node --import tsx bench/collection-view.ts`, or in
 * `npm run bench`), against the project's TAXII server in a child process, with ratios against
 * baselines measured in the same run:
 * - open → first rows: `views.open` with its first window, on a 100,000-object collection at the
 *   demo's page size (100), cold each time (aim, for the app's click to first rows: ≤ 300 ms);
 * - load all of the same 100,000 to loaded (every date added) vs `taxiway objects --all` over the
 *   same pages, alternating, medians (aim ≤ 2×);
 * - 1,000,000 objects (pages of 1000, to keep the walk short): loaded, then the first screen of a
 *   sort by every column, a whole sort by name and id, find and counts (aim ≤ 1 s each), against a
 *   native sort of a million numbers as the yardstick of this machine's speed; this process's RSS
 *   (the main process's, in the app; aim ≤ 1 GB).
 * Never fails on time. Environment: BENCH_VIEW=0 skips it in `npm run bench`;
 * BENCH_VIEW_MILLION=0 skips the 1M part; BENCH_ROUNDS (default 3).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { VIEW_COLUMNS } from '../shared/contract/views';
import { CollectionViews } from '../electron/services/collection-view/index';
import { TaxiiClient } from '../electron/services/taxii/index';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const ms = (n: number): string => `${Math.round(n)} ms`;
const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

async function startServer(
  objects: number,
  pageSize: number,
): Promise<{ child: ChildProcess; collectionUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server-child.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_OBJECTS: String(objects), BENCH_PAGE_SIZE: String(pageSize) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  for await (const line of lines) {
    const { collectionUrl } = JSON.parse(line) as { collectionUrl: string };
    return { child, collectionUrl };
  }
  throw new Error('the benchmark server did not start');
}

/** A view of the collection, walked to loaded (every object, every date added). */
async function loadAll(
  views: CollectionViews,
  client: TaxiiClient,
  collectionUrl: string,
  pageSize: number,
): Promise<{ viewId: string; ms: number }> {
  const started = performance.now();
  const h = await views.open(
    { client, collectionUrl, filters: {}, pageSize, cacheLifetimeMs: 0 },
    { all: true },
  );
  for (;;) {
    const s = views.handle(h.viewId).state;
    if (s.phase === 'failed') throw new Error(s.error?.message);
    if (s.phase === 'complete' && s.manifestComplete && s.datesPending === 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { viewId: h.viewId, ms: performance.now() - started };
}

/** `taxiway objects --all` to /dev/null, the whole process timed. */
function cliAll(collectionUrl: string, pageSize: number): number {
  const started = performance.now();
  const r = spawnSync(
    path.join(root, 'bin/taxiway'),
    ['objects', collectionUrl, '--all', '--format', 'ndjson', '--limit', String(pageSize)],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`taxiway objects --all failed: ${r.stderr.trim()}`);
  return performance.now() - started;
}

async function hundredThousand(): Promise<void> {
  const pageSize = 100;
  const { child, collectionUrl } = await startServer(100_000, pageSize);
  const client = new TaxiiClient({});
  const views = new CollectionViews({});
  try {
    cliAll(collectionUrl, pageSize); // warm-up: the bundle, the server's synthesised pages
    const first: number[] = [];
    const page: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let started = performance.now();
      const walk = client.objectPages(collectionUrl, { limit: pageSize });
      await walk.next();
      page.push(performance.now() - started);
      await walk.return(undefined);
      started = performance.now();
      const h = await views.open(
        { client, collectionUrl, filters: {}, pageSize, cacheLifetimeMs: 0 },
        { window: 50 },
      );
      first.push(performance.now() - started);
      if ((h.window?.rows.length ?? 0) !== 50) throw new Error('the first window was not answered');
      views.close(h.viewId);
    }
    say(
      `Open → first 50 rows of 100,000 (pages of ${pageSize}): median ${ms(median(first))} of ${first.map(ms).join(', ')}, vs the client's first page alone ${ms(median(page))}: ratio ${(median(first) / median(page)).toFixed(2)} (aim ≤ 300 ms for the app's click, ${met(median(first) <= 300)})`,
    );
    const cli: number[] = [];
    const view: number[] = [];
    for (let i = 0; i < rounds; i++) {
      cli.push(cliAll(collectionUrl, pageSize));
      const v = await loadAll(views, client, collectionUrl, pageSize);
      view.push(v.ms);
      views.close(v.viewId);
    }
    const ratio = median(view) / median(cli);
    say(
      `Load all of 100,000 to loaded (dates added included): view ${ms(median(view))}, \`taxiway objects --all\` ${ms(median(cli))} (medians of ${rounds}, alternating); ratio ${ratio.toFixed(2)} (aim ≤ 2, ${met(ratio <= 2)})`,
    );
  } finally {
    views.closeAll();
    await client.close();
    child.kill('SIGTERM');
  }
}

/** A native sort of a million doubles: how fast this machine is right now. */
function yardstick(): number {
  const values = new Float64Array(1_000_000);
  for (let i = 0; i < values.length; i++) values[i] = Math.random();
  const started = performance.now();
  values.sort();
  return performance.now() - started;
}

async function million(): Promise<void> {
  const pageSize = 1000;
  const { child, collectionUrl } = await startServer(1_000_000, pageSize);
  const client = new TaxiiClient({});
  const views = new CollectionViews({});
  try {
    const { viewId, ms: loadMs } = await loadAll(views, client, collectionUrl, pageSize);
    const rows = views.handle(viewId).state.objects;
    globalThis.gc?.();
    say(
      `1,000,000 objects (pages of ${pageSize}): ${rows.toLocaleString('en')} rows loaded with dates in ${(loadMs / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)} (aim ≤ 1 GB)`,
    );
    const native = yardstick();
    const times: number[] = [];
    const line: string[] = [];
    for (const column of VIEW_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const started = performance.now();
        views.window(viewId, { offset: 0, count: 50, sort: { column, direction } });
        const t = performance.now() - started;
        times.push(t);
        line.push(`${column} ${direction} ${ms(t)}`);
      }
    }
    const worst = Math.max(...times);
    say(
      `  sort, first screen: ${line.join(', ')}; slowest ${ms(worst)} = ${(worst / native).toFixed(1)}× a native sort of a million numbers (${ms(native)} now) (aim ≤ 1 s, ${met(worst <= 1000)})`,
    );
    const whole: string[] = [];
    for (const column of ['name', 'id'] as const) {
      const started = performance.now();
      views.window(viewId, { offset: 500_000, count: 50, sort: { column, direction: 'asc' } });
      whole.push(`${column} ${ms(performance.now() - started)}`);
    }
    say(`  sort, the rest (a window half-way down, after the first screen): ${whole.join(', ')}`);
    const finds: string[] = [];
    let slowestFind = 0;
    for (const find of ['synthetic family 777774', 'indicator', '198.51.100.7', 'no such text']) {
      const started = performance.now();
      const w = views.window(viewId, { offset: 0, count: 50, find });
      const t = performance.now() - started;
      slowestFind = Math.max(slowestFind, t);
      finds.push(`${JSON.stringify(find)} ${w.total.toLocaleString('en')} rows in ${ms(t)}`);
    }
    say(`  find: ${finds.join(', ')} (aim ≤ 1 s, ${met(slowestFind <= 1000)})`);
    const started = performance.now();
    views.counts(viewId, 'synthetic');
    say(`  counts by type of a find: ${ms(performance.now() - started)}`);
    say(`  RSS after sorts and finds: ${mb(process.memoryUsage().rss)}`);
  } finally {
    views.closeAll();
    await client.close();
    child.kill('SIGTERM');
  }
}

/** Runs the collection view benchmark. */
export async function runCollectionViewBench(): Promise<void> {
  say(
    `\nThe collection view service in plain Node (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}):`,
  );
  await hundredThousand();
  if (process.env.BENCH_VIEW_MILLION !== '0') await million();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await runCollectionViewBench();
