/**
 * `npm run bench`: fetches every object of a 100,000-object collection from the project's TAXII
 * server (in a child process) through the client core, and in the same run through a plain loop
 * of `fetch` + `JSON.parse` over the same pages (same limit, following `next`), alternating the
 * two and taking the median; prints both times and their ratio (aim: core ≤ 1.10 × plain). Then
 * measures the peak memory of an NDJSON export of the whole collection. Never fails on time.
 *
 * Environment: BENCH_OBJECTS (default 100000), BENCH_PAGE_SIZE (1000), BENCH_ROUNDS (3).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MEDIA_TYPES } from '../shared/taxii/media-types';
import { TaxiiClient } from '../electron/services/taxii/index';
import { benchCli } from './cli';
import { runAppViewsBench } from './app-views';
import { runCollectionViewBench } from './collection-view';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const tsx = ['--import', 'tsx'];

async function startServer(): Promise<{ child: ChildProcess; collectionUrl: string }> {
  const child = spawn(process.execPath, [...tsx, path.join(here, 'server-child.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_PAGE_SIZE: String(pageSize) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  for await (const line of lines) {
    const info = JSON.parse(line) as { collectionUrl: string };
    return { child, collectionUrl: info.collectionUrl };
  }
  throw new Error('the benchmark server did not start');
}

/** The core: the page iterator, as the app and the command line use it. */
async function viaCore(collectionUrl: string): Promise<number> {
  const client = new TaxiiClient();
  let n = 0;
  for await (const page of client.objectPages(collectionUrl, { limit: pageSize }))
    n += page.items.length;
  await client.close();
  return n;
}

/** The baseline: fetch + JSON.parse, following `next`, nothing else. */
async function viaPlainFetch(collectionUrl: string): Promise<number> {
  let n = 0;
  let next: string | undefined;
  for (;;) {
    const url = `${collectionUrl}objects/?limit=${pageSize}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const res = await fetch(url, { headers: { accept: MEDIA_TYPES.taxii21 } });
    const body = JSON.parse(await res.text()) as {
      objects?: unknown[];
      more?: boolean;
      next?: string;
    };
    n += body.objects?.length ?? 0;
    if (!body.more || !body.next) break;
    next = body.next;
  }
  return n;
}

async function time(fn: () => Promise<number>): Promise<{ ms: number; objects: number }> {
  const started = performance.now();
  const objects = await fn();
  return { ms: performance.now() - started, objects };
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function exportMemory(collectionUrl: string): {
  how: string;
  objects?: number;
  maxRssKiB?: number;
  baselineRssKiB?: number;
  note?: string;
} {
  const cli = path.join(root, 'electron/cli/main.ts');
  if (existsSync(cli) && existsSync('/usr/bin/time')) {
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        ...tsx,
        cli,
        'objects',
        collectionUrl,
        '--all',
        '--format',
        'ndjson',
        '--limit',
        String(pageSize),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      },
    );
    const kib = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]);
    if (r.status === 0 && Number.isFinite(kib))
      return { how: 'taxiway objects --all --format ndjson > /dev/null', maxRssKiB: kib };
    return {
      how: 'command line',
      note: `the command line did not run cleanly (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  const r = spawnSync(
    process.execPath,
    [...tsx, path.join(here, 'ndjson-export.ts'), collectionUrl, '/dev/null', String(pageSize)],
    { cwd: root, encoding: 'utf8' },
  );
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
    objects?: number;
    maxRssKiB?: number;
    baselineRssKiB?: number;
  };
  return {
    how: 'core iterator writing NDJSON to /dev/null (TODO: measure `taxiway objects --all --format ndjson` once electron/cli/main.ts exists)',
    ...out,
  };
}

const { child, collectionUrl } = await startServer();
try {
  process.stdout.write(
    `Benchmark collection: ${collectionUrl} (page size ${pageSize}, ${rounds} rounds each, alternating)\n`,
  );
  await viaCore(collectionUrl); // warm-up: JIT, connections, the server's cached views
  await viaPlainFetch(collectionUrl);
  const core: number[] = [];
  const plain: number[] = [];
  let objects = 0;
  for (let i = 0; i < rounds; i++) {
    const c = await time(() => viaCore(collectionUrl));
    const p = await time(() => viaPlainFetch(collectionUrl));
    if (c.objects !== p.objects)
      process.stdout.write(`warning: core saw ${c.objects} objects, plain loop ${p.objects}\n`);
    objects = c.objects;
    core.push(c.ms);
    plain.push(p.ms);
    process.stdout.write(
      `  round ${i + 1}: core ${c.ms.toFixed(0)} ms, plain fetch ${p.ms.toFixed(0)} ms\n`,
    );
  }
  const ratio = median(core) / median(plain);
  process.stdout.write(
    `Objects: ${objects}\nCore (TaxiiClient.objectPages): ${median(core).toFixed(0)} ms (median)\nPlain fetch + JSON.parse:       ${median(plain).toFixed(0)} ms (median)\nRatio core / plain: ${ratio.toFixed(3)} (aim ≤ 1.10${ratio <= 1.1 ? ', met' : ', NOT met'})\n`,
  );
  const mem = exportMemory(collectionUrl);
  process.stdout.write(
    mem.maxRssKiB !== undefined
      ? `NDJSON export of every object (${mem.how}): peak RSS ${(mem.maxRssKiB / 1024).toFixed(1)} MiB${mem.objects !== undefined ? ` for ${mem.objects} objects` : ''}${mem.baselineRssKiB !== undefined ? ` (the process held ${(mem.baselineRssKiB / 1024).toFixed(1)} MiB before the export started)` : ''}\n`
      : `NDJSON export: not measured (${mem.note ?? 'unknown reason'})\n`,
  );
  benchCli(collectionUrl, pageSize, rounds);
} finally {
  child.kill('SIGTERM');
}

// The collection view service in plain Node: bench/collection-view.ts.
if (process.env.BENCH_VIEW !== '0') await runCollectionViewBench();
// The app's collection views in Chromium against web mode: bench/app-views.ts.
if (process.env.BENCH_APP !== '0') await runAppViewsBench();
