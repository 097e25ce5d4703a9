/**
 * Where the Electron binary is, without `require('electron')` (which tries to download it when
 * missing). `ELECTRON_OVERRIDE_DIST_PATH` (a folder holding an unpacked Electron) wins; else the
 * copy electron's install script put in node_modules/electron/dist. Null when there is none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that points at a local Electron distribution. */
export const ELECTRON_DIST_ENV = 'ELECTRON_OVERRIDE_DIST_PATH';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The executable's path inside an Electron distribution folder, per platform. */
export function executableInDist(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The Electron executable to run, or null when this machine has none. */
export function findElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  root: string = REPO_ROOT,
): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : executableInDist();
  const override = env[ELECTRON_DIST_ENV]?.trim();
  const candidate = override ? path.join(override, relative) : path.join(pkg, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

/** The one line shown when there is no Electron binary. */
export function noElectronMessage(then: string): string {
  return `Taxiway: no Electron binary on this machine (set ${ELECTRON_DIST_ENV} to a folder holding an unpacked Electron 45); ${then}.`;
}
