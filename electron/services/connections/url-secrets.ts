/**
 * Secrets pasted inside URLs (`https://user:pass@host/`, `…/taxii2/?key=…`) are taken out before
 * anything is saved: the URL keeps only what is safe to show, and the values go to the keychain.
 */
import { AppError } from '../../../shared/errors';
import { REDACTED, isSecretParamName, redactUrl, registerSecret } from '../log';

/** A URL split into its shareable part and the credentials that were inside it. */
export interface UrlSecrets {
  /** The URL without userinfo and without secret query parameters. */
  url: string;
  username?: string;
  password?: string;
  /** Secret query parameters by name, in the order they appeared. */
  params: Record<string, string>;
}

/** Splits credentials out of `url`; every value found is registered for redaction at once. */
export function extractUrlSecrets(url: string, where = 'URL'): UrlSecrets {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    // Unparseable text can still hold userinfo (a password with a space, say): never echo it.
    const shown = url.trim().replace(/^([^/?#]*\/\/)[^/?#]*@/, `$1${REDACTED}@`);
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The ${where} is not a valid URL: ${redactUrl(shown)}.`,
      hint: 'Give an absolute URL such as https://taxii.example.com/taxii2/.',
      where,
    });
  }
  const out: UrlSecrets = { url: '', params: {} };
  if (parsed.username) out.username = decodeURIComponent(parsed.username);
  if (parsed.password) {
    out.password = decodeURIComponent(parsed.password);
    registerSecret(out.password);
  }
  parsed.username = '';
  parsed.password = '';
  const kept: [string, string][] = [];
  for (const [name, value] of parsed.searchParams) {
    if (isSecretParamName(name) && value !== '') {
      out.params[name] = value;
      registerSecret(value);
    } else {
      kept.push([name, value]);
    }
  }
  parsed.search = kept.length ? new URLSearchParams(kept).toString() : '';
  out.url = parsed.toString();
  return out;
}
