/**
 * Web mode: the renderer in a browser, served by the loopback bridge over the same handlers as the
 * Electron app, with a first-run "Taxiway demo" connection to the demo TAXII server it is handed
 * (the start scripts, `scripts/web.ts` and `scripts/start.ts`, run that server: it is test tooling
 * and never part of the product). Prints one line starting with `Taxiway web: ` holding the
 * address, token in the fragment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWireError, isAppError } from '../../shared/errors';
import { seedDemoConnection } from '../app/demo-connection';
import { defaultCheckResults } from '../app/dispatch';
import { DownloadSink } from '../app/export-sink';
import { createRuntime } from '../app/runtime';
import { dataDir } from '../services/connections/data-dir';
import { announceLine, startBridge } from './bridge-server';
import { canOpenBrowser, openBrowser } from './open-browser';
import { parseWebArgs, WEB_USAGE, type WebOptions } from './web-args';

/** The repository root (where package.json and out/ live). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running web mode. */
export interface RunningWeb {
  /** The address to print: the token in the fragment. */
  url: string;
  /** A one-time address to open in a browser (see Bridge.launchUrl). */
  launchUrl(): string;
  demoServerUrl?: string;
  close(): Promise<void>;
}

/** Builds the renderer with electron-vite (main and preload come along; no Electron binary needed). */
export function buildApp(root: string = REPO_ROOT): void {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the build failed (run `npm run build` to see why)');
}

/** A demo TAXII server web mode is handed (started by a script, or one already running). */
export interface DemoServer {
  discoveryUrl: string;
  close(): Promise<void>;
}

/** Starts a demo server on a port (the scripts' job; web mode only calls it). */
export type StartDemo = (port: number) => Promise<DemoServer>;

/** Starts web mode with `options`. */
export async function startWeb(
  options: WebOptions,
  env: NodeJS.ProcessEnv = process.env,
  startDemo?: StartDemo,
): Promise<RunningWeb> {
  if (options.build) buildApp();
  const rendererRoot = path.join(REPO_ROOT, 'out/renderer');
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    throw new Error('out/renderer is missing; run `npm run build` first (or drop --no-build)');
  }
  const demo = options.demo && startDemo ? await startDemo(options.demoPort) : undefined;
  const downloads = new DownloadSink();
  const version = (
    JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const runtime = await createRuntime({
    mode: 'web',
    version,
    home: dataDir(env),
    ...(env.TAXIWAY_KEYCHAIN_SERVICE ? { keychainService: env.TAXIWAY_KEYCHAIN_SERVICE } : {}),
    ...(demo ? { demoServerUrl: demo.discoveryUrl } : {}),
    exportSink: downloads,
    checkResults: defaultCheckResults(env),
  });
  if (demo) await seedDemoConnection(runtime.context, demo.discoveryUrl, runtime.log);
  const bridge = await startBridge({
    handlers: runtime.handlers,
    hub: runtime.hub,
    dispatch: runtime.dispatch,
    rendererRoot,
    port: options.port,
    downloads,
  });
  return {
    url: bridge.url,
    ...(demo ? { demoServerUrl: demo.discoveryUrl } : {}),
    launchUrl: () => bridge.launchUrl(),
    close: async () => {
      await bridge.close();
      await runtime.close();
      await downloads.close();
      await demo?.close();
    },
  };
}

/** The `npm run web` command: parses, starts, prints, opens, and stops on Ctrl-C. */
export async function runWebCommand(
  argv: readonly string[],
  startDemo?: StartDemo,
): Promise<number> {
  let parsed: ReturnType<typeof parseWebArgs>;
  try {
    parsed = parseWebArgs(argv);
  } catch (error) {
    process.stderr.write(`Taxiway web: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(WEB_USAGE);
    return 0;
  }
  let web: RunningWeb;
  try {
    web = await startWeb(parsed.options, process.env, startDemo);
  } catch (error) {
    const text = isAppError(error) ? formatWireError(error.toWire()) : (error as Error).message;
    process.stderr.write(`Taxiway web could not start: ${text}\n`);
    return 1;
  }
  if (web.demoServerUrl) process.stdout.write(`Demo TAXII server: ${web.demoServerUrl}\n`);
  process.stdout.write(`${announceLine(web)}\n`);
  if (parsed.options.open && canOpenBrowser()) {
    if (!(await openBrowser(web.launchUrl())))
      process.stdout.write('Could not open a browser; open the address above.\n');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await web.close();
  return 0;
}
