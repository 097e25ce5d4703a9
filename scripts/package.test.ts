import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';
import { electronSource, electronVersion } from './package';

const root = path.resolve(import.meta.dirname, '..');

function runPackage(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/package.ts', '--no-build'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** Output lines that are ours (npm's own config warnings are not). */
const lines = (out: string) =>
  out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));

describe('npm run package without an Electron distribution', () => {
  const { ELECTRON_OVERRIDE_DIST_PATH: _o, ...baseEnv } = process.env;

  it.skipIf(findElectronBinary({}) !== null)(
    'says in one line that Electron cannot be downloaded and names the setting, without a stack trace',
    async () => {
      // Port 9 (discard) on loopback refuses at once: an unreachable download host on any machine.
      const { code, out } = await runPackage({
        ...baseEnv,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      });
      expect(code).toBe(1);
      expect(lines(out)).toHaveLength(1);
      expect(out).toContain(`Electron ${electronVersion()} distribution cannot be downloaded here`);
      expect(out).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      expect(out).toContain('electronDist');
      expect(out).not.toMatch(/^\s+at /m);
    },
    30_000,
  );

  it('says in one line when ELECTRON_OVERRIDE_DIST_PATH holds no Electron', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'taxiway-no-electron-'));
    try {
      const { code, out } = await runPackage({ ...baseEnv, ELECTRON_OVERRIDE_DIST_PATH: empty });
      expect(code).toBe(1);
      expect(lines(out)).toEqual([
        expect.stringContaining(`ELECTRON_OVERRIDE_DIST_PATH=${empty} holds no Electron binary`),
      ]);
      expect(out).not.toMatch(/^\s+at /m);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }, 30_000);

  it('downloads from ELECTRON_MIRROR when there is no local copy, and uses a local copy when given', () => {
    const src = electronSource(
      { ELECTRON_MIRROR: 'https://mirror.example/electron/' },
      '45.4.1',
      '/nonexistent',
    );
    expect(src).toEqual({
      kind: 'download',
      url: `https://mirror.example/electron/v45.4.1/electron-v45.4.1-${process.platform}-${process.arch}.zip`,
    });
  });
});
