/**
 * `npm run package [-- --dir] [-- --no-build]`: installers with electron-builder (config in
 * electron-builder.yml) for this platform. electron-builder needs the Electron distribution; where
 * it cannot be downloaded (no network), this says so in ONE line naming the setting that points
 * it at a local copy, and exits 1 without a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_DIST_ENV, executableInDist } from './electron-binary';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = 'Taxiway package:';

/** Where electron-builder gets Electron: a local folder, or a download from this URL. */
export type ElectronSource = { kind: 'local'; dir: string } | { kind: 'download'; url: string };

/** The Electron version this project builds with. */
export function electronVersion(root: string = REPO_ROOT): string {
  return (
    JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/**
 * Picks the Electron distribution: ELECTRON_OVERRIDE_DIST_PATH (must hold the binary), else the
 * copy in node_modules/electron/dist, else electron-builder's download (ELECTRON_MIRROR honoured).
 * Throws an Error whose message is the one line to show.
 */
export function electronSource(
  env: NodeJS.ProcessEnv,
  version: string,
  root: string = REPO_ROOT,
): ElectronSource {
  const override = env[ELECTRON_DIST_ENV]?.trim();
  if (override) {
    if (!existsSync(path.join(override, executableInDist()))) {
      throw new Error(
        `${ELECTRON_DIST_ENV}=${override} holds no Electron binary (${executableInDist()}); point it at an unpacked Electron ${version} (it is passed on as electron-builder's electronDist).`,
      );
    }
    return { kind: 'local', dir: override };
  }
  const bundled = path.join(root, 'node_modules/electron/dist');
  if (existsSync(path.join(bundled, executableInDist()))) return { kind: 'local', dir: bundled };
  const mirror =
    env.ELECTRON_MIRROR?.trim() || 'https://github.com/electron/electron/releases/download/';
  const dir = env.ELECTRON_CUSTOM_DIR?.trim() || `v${version}`;
  const file = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  return { kind: 'download', url: `${mirror.replace(/\/?$/, '/')}${dir}/${file}` };
}

/** True when `url` answers at all within `timeoutMs` (any HTTP status counts: the host is reachable). */
export async function reachable(url: string, timeoutMs = 5000): Promise<boolean> {
  try {
    await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}

/** The one line shown when Electron cannot be downloaded. */
export function cannotDownloadMessage(version: string, url: string): string {
  return `${PREFIX} the Electron ${version} distribution cannot be downloaded here (${new URL(url).host} is not reachable); set ${ELECTRON_DIST_ENV} to a folder holding an unpacked Electron ${version} for ${process.platform}-${process.arch} (passed on as electron-builder's electronDist).`;
}

async function main(argv: string[]): Promise<number> {
  const unpackedOnly = argv.includes('--dir');
  const skipBuild = argv.includes('--no-build');
  const version = electronVersion();
  let source: ElectronSource;
  try {
    source = electronSource(process.env, version);
  } catch (error) {
    process.stderr.write(`${PREFIX} ${(error as Error).message}\n`);
    return 1;
  }
  if (source.kind === 'download' && !(await reachable(source.url))) {
    process.stderr.write(`${cannotDownloadMessage(version, source.url)}\n`);
    return 1;
  }
  if (!skipBuild) {
    const { buildApp } = await import('../electron/web/main');
    buildApp();
  }
  const { build } = await import('electron-builder');
  try {
    const artifacts = await build({
      projectDir: REPO_ROOT,
      config: 'electron-builder.yml',
      ...(unpackedOnly ? { dir: true } : {}),
      ...(source.kind === 'local'
        ? {
            config: {
              extends: 'electron-builder.yml',
              electronDist: source.dir,
              electronVersion: version,
            },
          }
        : {}),
    });
    for (const a of artifacts) process.stdout.write(`${a}\n`);
    return 0;
  } catch (error) {
    const first = ((error as Error).message ?? String(error)).split('\n')[0];
    const network =
      /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|socket hang up|download/i.test(
        first ?? '',
      );
    process.stderr.write(
      network
        ? `${PREFIX} electron-builder could not download a packaging tool (${first}); set ELECTRON_BUILDER_BINARIES_MIRROR to a reachable mirror, or package on a machine with network access.\n`
        : `${PREFIX} electron-builder failed: ${first}\n`,
    );
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${PREFIX} ${(error as Error).message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
