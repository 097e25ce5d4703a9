/**
 * Saving a connection straight through the app's connections handler body, for specs whose
 * subject is not the connection form (that has its own spec): a quirky or second server to browse.
 */
import { saveConnection as saveProfile } from '../../electron/app/handlers/connections';
import type { WebApp } from '../fixtures/web-app';

/** Saves a no-auth connection to `discoveryUrl` under `name` (optionally pinning its certificate); returns its id. */
export async function saveConnection(
  app: WebApp,
  name: string,
  discoveryUrl: string,
  extra: {
    cache?: boolean;
    pageSize?: number;
    pinSha256?: string;
    budget?: { requests: number; windowSeconds: number };
  } = {},
): Promise<string> {
  const saved = await saveProfile(app.runtime.context, {
    settings: {
      name,
      server: { kind: 'discovery', url: discoveryUrl },
      taxiiVersion: 'auto',
      auth: { kind: 'none' },
      tls: extra.pinSha256 ? { pinSha256: extra.pinSha256 } : {},
      proxy: { kind: 'none' },
      timeoutMs: 30_000,
      pageSize: extra.pageSize ?? 100,
      headers: [],
      urlSecretParams: [],
      ...(extra.cache !== undefined ? { cache: extra.cache } : {}),
      ...(extra.budget ? { budget: extra.budget } : {}),
    },
  });
  return saved.id;
}
