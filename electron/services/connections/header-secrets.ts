/**
 * Extra headers whose name says they carry a credential (`Ocp-Apim-Subscription-Key`, `X-Key`…)
 * are kept in the keychain even when the person left them plain: the shared rule
 * (`shared/secret-names.ts`) decides, so the profile file never holds a value that every other
 * part of the app would hide.
 */
import type { ProfileSettingsInput } from '../../../shared/profile';
import { isSecretName } from '../../../shared/secret-names';
import { registerSecret } from '../log';

/**
 * Marks every plain extra header with a secret-looking name secret, in place, and returns the
 * values taken out (by header name; empty values are dropped, not stored) for the keychain.
 */
export function takeHeaderSecrets(settings: ProfileSettingsInput): Record<string, string> {
  const taken: Record<string, string> = {};
  if (!Array.isArray(settings.headers)) return taken;
  settings.headers = settings.headers.map((h) => {
    const header = h as { name?: unknown; secret?: unknown; value?: unknown };
    if (header.secret !== false || typeof header.name !== 'string' || !isSecretName(header.name))
      return h;
    if (typeof header.value === 'string' && header.value !== '') {
      taken[header.name] = header.value;
      registerSecret(header.value);
    }
    return { name: header.name, secret: true };
  });
  return taken;
}
