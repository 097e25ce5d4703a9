/**
 * `npm run web`: web mode (electron/web/main.ts) with the demo TAXII server alongside unless
 * `--no-demo`. Prints `Taxiway web: <address>`; Ctrl-C stops both.
 */
import { runWebCommand } from '../electron/web/main';
import { startDemo } from './demo-server';

runWebCommand(process.argv.slice(2), startDemo).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Taxiway web failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
