/**
 * Helpers for the connection services' tests: a fresh data folder and a keychain service name
 * unique to each test, a child-process runner (for concurrency and no-keychain cases), and a
 * search for leaked secrets. Not used by the product.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { osKeychain } from '../../electron/services/keychain';

/** The repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** A fresh temp folder; `cleanup` removes it. */
export async function tempDir(
  prefix = 'taxiway-conn-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A keychain service name no other test or run uses. */
export function testServiceName(): string {
  return `Taxiway-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes every entry of a test service from the real keychain. */
export async function clearService(service: string): Promise<void> {
  const keychain = osKeychain({ service });
  for (const account of await keychain.accounts().catch(() => [] as string[])) {
    await keychain.delete(account).catch(() => false);
  }
}

/** The output of a child process. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript snippet in a child Node process (through tsx). `code` may import the
 * services by absolute path with `SERVICES` (the electron/services folder) as its base.
 */
export async function runChild(
  dir: string,
  code: string,
  env: NodeJS.ProcessEnv = {},
  name = `child-${randomBytes(4).toString('hex')}.mts`,
): Promise<ChildResult> {
  const script = join(dir, name);
  const services = resolve(REPO_ROOT, 'electron/services');
  await writeFile(script, `const SERVICES = ${JSON.stringify(services)};\n${code}\n`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolveRun({ code: exitCode, stdout, stderr }));
  });
}

/** Every file under `dir` (recursively) whose content contains one of `secrets`: path → secret. */
export async function filesContaining(dir: string, secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  async function walk(path: string): Promise<void> {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const name of await readdir(path)) await walk(join(path, name));
      return;
    }
    const text = await readFile(path, 'latin1');
    for (const secret of secrets)
      if (text.includes(secret)) hits.push(`${path} holds secret #${secrets.indexOf(secret)}`);
  }
  await walk(dir);
  return hits;
}
