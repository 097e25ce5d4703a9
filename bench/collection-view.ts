/**
 * Collection views at scale (`node --import tsx bench/collection-view.ts`; BENCH_OBJECTS, default
 * 1,000,000; BENCH_PAGE_SIZE, default 1000): the synthetic collection walked by a view to the end
 * (objects, manifest, every date added), against the client's bare walk of the same pages in the
 * same run (the baseline, as a ratio); then a sort by every column, find and counts, each timed;
 * and this process's RSS (the main process's, in the app). Prints numbers; never fails on time.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { VIEW_COLUMNS } from '../shared/contract/views';
import { CollectionViews } from '../electron/services/collection-view/index';
import { TaxiiClient } from '../electron/services/taxii/index';

const here = path.dirname(fileURLToPath(import.meta.url));
const objects = Number(process.env.BENCH_OBJECTS ?? 1_000_000);
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server-child.ts')], {
  env: { ...process.env, BENCH_OBJECTS: String(objects), BENCH_PAGE_SIZE: String(pageSize) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((resolve) =>
  createInterface({ input: child.stdout! }).once('line', resolve),
);
const { collectionUrl } = JSON.parse(line) as { collectionUrl: string };

try {
  const client = new TaxiiClient({});
  let t = performance.now();
  let n = 0;
  for await (const p of client.objectPages(collectionUrl, { limit: pageSize })) n += p.items.length;
  const baseMs = performance.now() - t;
  console.log(`baseline: client walk of ${n} objects in ${Math.round(baseMs)} ms`);

  const views = new CollectionViews({});
  t = performance.now();
  const h = await views.open(
    { client, collectionUrl, filters: {}, pageSize, cacheLifetimeMs: 0 },
    { all: true },
  );
  const firstMs = performance.now() - t;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const s = views.handle(h.viewId).state;
      if (s.phase === 'failed') throw new Error(s.error?.message);
      if (s.phase === 'complete' && s.manifestComplete && s.datesPending === 0) resolve();
      else setTimeout(tick, 50);
    };
    tick();
  });
  const loadMs = performance.now() - t;
  const s = views.handle(h.viewId).state;
  console.log(
    `view: first rows in ${Math.round(firstMs)} ms; ${s.objects} rows loaded with dates in ${Math.round(loadMs)} ms (${(loadMs / baseMs).toFixed(2)}× the baseline)`,
  );
  globalThis.gc?.();
  const m = process.memoryUsage();
  console.log(`memory: rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}`);
  for (const column of VIEW_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      t = performance.now();
      views.window(h.viewId, { offset: 1000, count: 100, sort: { column, direction } });
      console.log(`sort ${column} ${direction}: ${Math.round(performance.now() - t)} ms`);
    }
  }
  for (const find of ['family 12345', 'indicator', '198.51.100.7', 'no such text anywhere']) {
    t = performance.now();
    const w = views.window(h.viewId, { offset: 0, count: 100, find });
    console.log(
      `find ${JSON.stringify(find)}: ${w.total} rows in ${Math.round(performance.now() - t)} ms`,
    );
  }
  t = performance.now();
  views.counts(h.viewId, 'synthetic');
  console.log(`counts with find: ${Math.round(performance.now() - t)} ms`);
  const after = process.memoryUsage();
  console.log(`memory after sorts: rss ${mb(after.rss)}, heap used ${mb(after.heapUsed)}`);
  views.closeAll();
  await client.close();
} finally {
  child.kill('SIGTERM');
}
