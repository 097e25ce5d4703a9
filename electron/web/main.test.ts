import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './main';

/** Runs `npm run web` (as its script does) until the Taxiway web line, then stops it with SIGINT. */
async function runWebUntilReady(
  home: string,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/web.ts',
      '--no-open',
      '--no-build',
      '--demo-port',
      '0',
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TAXIWAY_HOME: home,
        TAXIWAY_KEYCHAIN_SERVICE: `Taxiway-test-web-${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (stdout.includes('Taxiway web: ')) child.kill('SIGINT');
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { stdout, stderr, code };
}

describe('npm run web', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'taxiway-web-main-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('prints one Taxiway web line with the token in the fragment, and the token nowhere else', async () => {
    const { stdout, stderr, code } = await runWebUntilReady(home);
    const lines = stdout.split('\n').filter((l) => l.startsWith('Taxiway web: '));
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0]!.slice('Taxiway web: '.length));
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.search).toBe('');
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const elsewhere = (stdout.replace(lines[0]!, '') + stderr).includes(token!);
    expect(elsewhere).toBe(false);
    expect(stdout).toMatch(/^Demo TAXII server: http:\/\/127\.0\.0\.1:\d+\/taxii2\/$/m);
    expect(code).toBe(0);
  }, 60_000);
});
