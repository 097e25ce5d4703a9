/**
 * The demo TAXII server for `npm start` and `npm run web`: the project's test server (e2e/server)
 * on a fixed port, or the TAXII server already listening there (say, `npm run demo-server`).
 * Dev tooling: the app is handed its address and never imports the test server itself.
 */
import type { DemoServer } from '../electron/web/main';

/** Starts the demo server on `port`, or reuses the TAXII server already there. */
export async function startDemo(port: number): Promise<DemoServer> {
  const { startTaxiiServer } = await import('../e2e/server/index');
  try {
    return await startTaxiiServer({ port, control: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const discoveryUrl = `http://127.0.0.1:${port}/taxii2/`;
    const res = await fetch(discoveryUrl, {
      headers: { Accept: 'application/taxii+json;version=2.1' },
    }).catch(() => undefined);
    if (!res?.ok)
      throw new Error(
        `port ${port} is taken by something that is not a TAXII server; use --demo-port`,
        { cause: error },
      );
    process.stdout.write(`Using the TAXII server already running at ${discoveryUrl}\n`);
    return { discoveryUrl, close: async () => {} };
  }
}
