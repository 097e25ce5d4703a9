/** Helpers both transports share: call ids and turning a Wire into a value or an AppError. */
import { AppError, type Wire, type WireError } from '../../shared/errors';

/** A fresh call id (22 url-safe characters from the platform's CSPRNG). */
export function newCallId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes)
    out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63];
  return out + Date.now().toString(36).slice(-6);
}

/** The value of an ok Wire; otherwise throws its error as an AppError. Anything else is INTERNAL. */
export function unwrap<T>(wire: unknown): T {
  if (typeof wire === 'object' && wire !== null && 'ok' in wire) {
    const w = wire as Wire<T>;
    if (w.ok === true) return w.value;
    if (w.ok === false && typeof w.error === 'object' && w.error !== null)
      throw new AppError(w.error);
  }
  throw new AppError({
    code: 'INTERNAL',
    message: 'The app answered in a form the page does not understand.',
    hint: 'Reload the page; if it persists, restart Taxiway.',
  });
}

/** The error a call resolves with when its signal aborted first. */
export function cancelledError(name: string): AppError {
  const wire: WireError = { code: 'CANCELLED', message: `${name} was cancelled.`, where: name };
  return new AppError(wire);
}
