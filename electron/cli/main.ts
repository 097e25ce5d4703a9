/**
 * The `taxiway` command (bin/taxiway runs the bundle built from this file): runs the command line
 * with the process's streams and exits with its code. Ctrl-C aborts the running request; a second
 * Ctrl-C exits at once. `--version` answers before the runner and its services are loaded (the
 * bundle evaluates them lazily); no top-level await, the bundle is CommonJS.
 */
import { VERSION } from './version';

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const [{ flushed, processIo }, { EXIT, runCli }] = await Promise.all([
    import('./io'),
    import('./run'),
  ]);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(EXIT.interrupted));
  });
  const code = await runCli(argv, processIo(), { signal: controller.signal });
  process.exitCode = code;
  // Once stdout has taken everything, nothing should keep the process alive; if something does (a
  // stray socket, the keychain's D-Bus connection), do not hang a script that waits for us.
  await flushed(process.stdout).catch(() => undefined);
  setTimeout(() => process.exit(code), 3000).unref();
}

void main(process.argv.slice(2));
