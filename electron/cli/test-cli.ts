/**
 * Test support for the command line: runs the real `./bin/taxiway` in a child process (real
 * arguments, stdin, stdout, stderr and exit code) with a clean environment, and a temp folder as
 * TAXIWAY_HOME. Not used by the product.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The command under test. */
export const TAXIWAY_BIN = path.join(REPO_ROOT, 'bin', 'taxiway');

/** The reference data beside the checkout. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/** What a run of the command gave. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON document (throws with the output when it is not). */
  json<T = Record<string, unknown>>(): T;
  /** stdout as NDJSON lines. */
  lines<T = Record<string, unknown>>(): T[];
}

/** Options of `taxiway()`. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** A shell pipeline tail, e.g. `head -n 3` (the run goes through bash with pipefail off). */
  pipeTo?: string;
}

// The child's environment: the parent's minus anything that would change its behaviour.
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^TAXIWAY_/.test(k) && k !== 'TAXIWAY_KEYRING_READY') continue;
    if (/^(https?|all|no)_proxy$/i.test(k)) continue;
    if (/^(VITEST|NODE_OPTIONS)/.test(k)) continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function result(code: number | null, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(
          `stdout is not JSON (exit ${code}):\n${stdout.slice(0, 2000)}\nstderr:\n${stderr}`,
        );
      }
    },
    lines<T>() {
      return stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as T);
    },
  };
}

/** Runs `./bin/taxiway ARGS`. TAXIWAY_HOME defaults to a folder that does not exist. */
export function taxiway(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env = cleanEnv({
    TAXIWAY_HOME: path.join(tmpdir(), `taxiway-cli-none-${randomBytes(4).toString('hex')}`),
    ...options.env,
  });
  const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const [file, argv] = options.pipeTo
    ? [
        'bash',
        [
          '-c',
          `${[TAXIWAY_BIN, ...args].map(quoted).join(' ')} | ${options.pipeTo}; echo "exit:\${PIPESTATUS[0]}" >&2`,
        ],
      ]
    : [TAXIWAY_BIN, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (options.pipeTo) {
        const m = /exit:(\d+)\n?$/.exec(stderr);
        resolve(result(m ? Number(m[1]) : code, stdout, stderr.replace(/exit:\d+\n?$/, '')));
      } else resolve(result(code, stdout, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh temp folder (for TAXIWAY_HOME or files); `cleanup` removes it. */
export async function tempFolder(
  prefix = 'taxiway-cli-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
