/**
 * The `taxiway` command (bin/taxiway runs this file through tsx): runs the command line with the
 * process's streams and exits with its code. Ctrl-C aborts the running request; a second Ctrl-C
 * exits at once.
 */
import { flushed, processIo } from './io';
import { EXIT, runCli } from './run';

const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(EXIT.interrupted));
});

const code = await runCli(process.argv.slice(2), processIo(), { signal: controller.signal });
process.exitCode = code;
// Once stdout has taken everything, nothing should keep the process alive; if something does (a
// stray socket, the keychain's D-Bus connection), do not hang a script that waits for us.
await flushed(process.stdout).catch(() => undefined);
setTimeout(() => process.exit(code), 3000).unref();
