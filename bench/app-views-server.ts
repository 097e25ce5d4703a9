/**
 * The app benchmark's TAXII server, in a process of its own (its CPU time must not count against
 * the app): the demo server's defaults (pages of 100), `BENCH_APP_OBJECTS` synthetic objects in
 * the bench collection, MITRE ATT&CK for ICS (about 2,000 rows) when ../shared/data has it.
 * Prints one JSON line (discovery URL), then serves until killed.
 */
import { startTaxiiServer } from '../e2e/server/index';

const synthetic = Number(process.env.BENCH_APP_OBJECTS ?? 100_000);
const server = await startTaxiiServer({ synthetic, seed: false });
process.stdout.write(
  `${JSON.stringify({
    discoveryUrl: server.discoveryUrl,
    collectionUrl: server.collectionUrl('api1', 'bench'),
    hasMitre: server.collectionKeys.includes('mitre'),
  })}\n`,
);
const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
