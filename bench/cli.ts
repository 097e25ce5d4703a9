/**
 * The command line's targets in `npm run bench`: `taxiway --version` against a bare `node -e 0`
 * (aim ≤ 2×), and a whole-process NDJSON export of the collection (`taxiway objects --all
 * --format ndjson > /dev/null`) against a bare fetch + JSON.parse + JSON.stringify process over
 * the same pages (aim ≤ 1.10×) and, when it is installed, the OASIS Python client taxii2-client
 * (`as_pages`) writing the same NDJSON (aim ≤ 0.80×). Wall times, medians of alternating runs.
 *
 * Environment: TAXII2CLIENT_PYTHON (a python with `taxii2client` importable) or
 * TAXII2CLIENT_PATH (a checkout of taxii2-client, put on PYTHONPATH for `python3`).
 */
import { spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const taxiway = path.join(root, 'bin', 'taxiway');

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Runner {
  name: string;
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** One run's wall time in ms, stdout to /dev/null; throws when it fails. */
function wall(r: Runner): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const got = spawnSync(r.file, r.args, {
      cwd: root,
      env: r.env ?? process.env,
      stdio: ['ignore', devNull, 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (got.status !== 0)
      throw new Error(
        `${r.name} exited ${got.status}: ${got.stderr.trim().split('\n').slice(-2).join(' | ')}`,
      );
    return ms;
  } finally {
    closeSync(devNull);
  }
}

/** Medians of `rounds` alternating runs of each runner (after one warm-up run each). */
function compare(runners: Runner[], rounds: number): number[] {
  for (const r of runners) wall(r);
  const times = runners.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) runners.forEach((r, k) => times[k]!.push(wall(r)));
  return times.map(median);
}

function line(label: string, ms: number[], names: string[], aim: number): string {
  const ratio = (ms[0] as number) / (ms[1] as number);
  return `${label}: ${names[0]} ${ms[0]!.toFixed(0)} ms, ${names[1]} ${ms[1]!.toFixed(0)} ms; ratio ${ratio.toFixed(2)} (aim ≤ ${aim.toFixed(2)}${ratio <= aim ? ', met' : ', NOT met'})\n`;
}

function pythonClient(): { runner?: Runner; skipped?: string } {
  const python = process.env.TAXII2CLIENT_PYTHON;
  const checkout = process.env.TAXII2CLIENT_PATH;
  if (!python && !checkout)
    return {
      skipped:
        'set TAXII2CLIENT_PYTHON (a python that imports taxii2client) or TAXII2CLIENT_PATH (a checkout of taxii2-client); it is not installable here',
    };
  const file = python ?? 'python3';
  const env = checkout
    ? { ...process.env, PYTHONPATH: [checkout, process.env.PYTHONPATH].filter(Boolean).join(':') }
    : process.env;
  const probe = spawnSync(file, ['-c', 'import taxii2client.v21'], { env, encoding: 'utf8' });
  if (probe.status !== 0)
    return {
      skipped: `${file} cannot import taxii2client.v21: ${probe.stderr.trim().split('\n').at(-1) ?? probe.error?.message}`,
    };
  return {
    runner: { name: 'taxii2-client', file, args: [path.join(here, 'taxii2client-ndjson.py')], env },
  };
}

/** Runs the command line's benchmarks against `collectionUrl` and prints their ratios. */
export function benchCli(collectionUrl: string, pageSize: number, rounds: number): void {
  const out = (s: string): boolean => process.stdout.write(s);
  const cliEnv = { ...process.env, TAXIWAY_HOME: path.join(root, '.tmp', 'bench-taxiway-home') };
  wall({ name: 'build', file: taxiway, args: ['--version'] }); // builds the bundle if it is stale
  const start = compare(
    [
      { name: 'taxiway --version', file: taxiway, args: ['--version'], env: cliEnv },
      { name: 'node -e 0', file: process.execPath, args: ['-e', '0'] },
    ],
    Math.max(rounds, 7),
  );
  out(line('Start-up', start, ['taxiway --version', 'node -e 0'], 2));

  const cli: Runner = {
    name: 'taxiway objects --all --format ndjson',
    file: taxiway,
    args: ['objects', collectionUrl, '--all', '--format', 'ndjson', '--limit', String(pageSize)],
    env: cliEnv,
  };
  const plain: Runner = {
    name: 'plain fetch loop',
    file: process.execPath,
    args: [path.join(here, 'plain-ndjson.mjs'), collectionUrl, String(pageSize)],
  };
  const exportMs = compare([cli, plain], rounds);
  out(
    line(
      'NDJSON export (whole process)',
      exportMs,
      ['taxiway', 'plain fetch + parse + stringify'],
      1.1,
    ),
  );

  const py = pythonClient();
  if (!py.runner) {
    out(`NDJSON export vs taxii2-client: skipped (${py.skipped})\n`);
    return;
  }
  const pyArgs = [...py.runner.args, collectionUrl, String(pageSize)];
  const vsPython = compare([cli, { ...py.runner, args: pyArgs }], rounds);
  out(
    line('NDJSON export vs taxii2-client (as_pages)', vsPython, ['taxiway', 'taxii2-client'], 0.8),
  );
}
