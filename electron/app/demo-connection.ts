/**
 * First run (issue 7): when there are no connections yet and this run started the demo TAXII
 * server, a "Taxiway demo" connection points at it, so a new user sees real collections at once.
 * Saved through the connections handlers' own body like any other profile.
 */
import type { Logger } from '../services/log';
import { listConnections, saveConnection } from './handlers/connections';
import type { AppContext } from './handlers/context';

/** The demo connection's name. */
export const DEMO_CONNECTION_NAME = 'Taxiway demo';

/** Adds the demo connection when the store is empty; returns its id, or null when nothing was added. */
export async function seedDemoConnection(
  app: AppContext,
  discoveryUrl: string,
  log: Logger,
): Promise<string | null> {
  try {
    const existing = await listConnections(app);
    if (existing.length > 0) return null;
    const saved = await saveConnection(app, {
      settings: {
        name: DEMO_CONNECTION_NAME,
        server: { kind: 'discovery', url: discoveryUrl },
        taxiiVersion: 'auto',
        auth: { kind: 'none' },
        tls: {},
        proxy: { kind: 'none' },
        timeoutMs: 30_000,
        pageSize: 100,
        headers: [],
        urlSecretParams: [],
      },
    });
    return saved.id;
  } catch (error) {
    // The app works without it; the person can add the connection by hand.
    log.warn('could not add the demo connection', {
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}
