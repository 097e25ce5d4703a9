/**
 * `npm start`: builds, starts the demo TAXII server, and opens the Electron app on it. Where the
 * Electron binary cannot be had (or there is no display for its window), it says so in one line
 * and starts web mode instead, which opens a browser unless `--no-open` (or prints the address on
 * a machine without a display). Other arguments are those of `npm run web`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canOpenBrowser } from '../electron/web/open-browser';
import { parseWebArgs, WEB_USAGE } from '../electron/web/web-args';
import { startDemo } from './demo-server';
import { findElectronBinary, noElectronMessage } from './electron-binary';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function runElectron(binary: string, argv: string[]): Promise<number> {
  const parsed = parseWebArgs(argv);
  if (parsed.help) {
    process.stdout.write(WEB_USAGE);
    return 0;
  }
  const demo = parsed.options.demo ? await startDemo(parsed.options.demoPort) : undefined;
  if (demo) process.stdout.write(`Demo TAXII server: ${demo.discoveryUrl}\n`);
  const child = spawn(binary, [REPO_ROOT], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(demo ? { TAXIWAY_DEMO_URL: demo.discoveryUrl } : {}) },
  });
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  await demo?.close();
  return code;
}

async function main(argv: string[]): Promise<number> {
  const { buildApp, runWebCommand } = await import('../electron/web/main');
  try {
    buildApp();
  } catch (error) {
    process.stderr.write(`Taxiway: ${(error as Error).message}\n`);
    return 1;
  }
  const binary = findElectronBinary();
  if (binary === null) {
    process.stdout.write(`${noElectronMessage('starting web mode instead')}\n`);
    return runWebCommand(['--no-build', ...argv], startDemo);
  }
  if (process.platform === 'linux' && !canOpenBrowser()) {
    process.stdout.write(
      'Taxiway: no display for the Electron window (DISPLAY is not set); starting web mode instead.\n',
    );
    return runWebCommand(['--no-build', ...argv], startDemo);
  }
  return runElectron(binary, argv);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Taxiway could not start: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  },
);
