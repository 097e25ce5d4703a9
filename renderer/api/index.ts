/**
 * The one Transport the UI uses: the preload bridge inside Electron, the loopback HTTP bridge in
 * web mode. Nothing else in the renderer talks to either directly.
 */
import type { Transport } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { bridgeTransport } from './bridge-transport';
import { httpTransport } from './http-transport';
import { resolveSessionToken } from './session-token';

export { bridgeTransport } from './bridge-transport';
export { httpTransport } from './http-transport';

/** Picks the transport for this page; rejects with an AppError when web mode has no token. */
export async function createTransport(): Promise<Transport> {
  if (window.taxiway) return bridgeTransport(window.taxiway);
  const token = await resolveSessionToken();
  if (!token) {
    throw new AppError({
      code: 'UNAUTHORIZED',
      message: 'This page was opened without its access token.',
      hint: 'Open the full address printed after "Taxiway web:" in the terminal (it ends with #token=…).',
    });
  }
  return httpTransport(window.location.origin, token);
}
