/**
 * Keeping secrets out of everything that is shown or logged: URLs lose their credentials and
 * secret-looking query values, header maps lose the values of credential headers.
 */

import { isSecretName } from '../../../shared/secret-names';

export { isSecretName };

/** The text shown instead of a secret. */
export const REDACTED = '[redacted]';

/**
 * `url` without user name, password or secret-looking query values, for messages, logs and
 * `where`; `secretParams` names more query parameters (any case) whose values are secrets.
 * Unparseable input gives a fixed placeholder rather than the raw (maybe secret) text.
 */
export function safeUrl(url: string | URL, secretParams?: ReadonlySet<string>): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '(unparseable URL)';
  }
  u.username = '';
  u.password = '';
  if (u.search) {
    const parts = u.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const name = decodeSafe(eq < 0 ? pair : pair.slice(0, eq));
        return eq >= 0 && (isSecretName(name) || secretParams?.has(name.toLowerCase()))
          ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}`
          : pair;
      });
    u.search = `?${parts.join('&')}`;
  }
  return u.href;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A copy of `headers` with every credential value replaced; `extraSecret` names more secret headers. */
export function redactHeaders(
  headers: Record<string, string>,
  extraSecret: readonly string[] = [],
): Record<string, string> {
  const extra = new Set(extraSecret.map((h) => h.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = isSecretName(lower) || extra.has(lower) ? REDACTED : value;
  }
  return out;
}
