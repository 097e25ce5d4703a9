/**
 * The benchmark's TAXII server, in a process of its own so that its CPU time does not count
 * against the client being measured. Prints one JSON line (origin and the bench collection URL),
 * then serves until killed.
 */
import { startTaxiiServer } from '../e2e/server/index';

const synthetic = Number(process.env.BENCH_OBJECTS ?? 100_000);
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
const server = await startTaxiiServer({ synthetic, pageSize, seed: false, mitreDir: null });
process.stdout.write(
  `${JSON.stringify({ origin: server.origin, collectionUrl: server.collectionUrl('api1', 'bench') })}\n`,
);
const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
