/**
 * The one rule that decides whether a header or URL query parameter carries a credential. The HTTP
 * layer (what is sent only to the connection's origin, what is redacted), the places that store
 * settings (profiles, CLI `--header`, URLs pasted with `?key=…`), copy-as-curl and the connection
 * form all ask this, so a value that is hidden in one place is never written in clear in another.
 * It errs towards secret: calling a harmless header secret costs a keychain entry; the reverse
 * puts a credential in `profiles.json`.
 */

// A name containing one of these (after lower-casing and dropping separators) is a secret:
// `Ocp-Apim-Subscription-Key`, `X-Licence-Key`, `authkey`, `x-amz-security-token`, `sessionid`…
const SECRET_PARTS = [
  'key',
  'token',
  'secret',
  'passw',
  'passphrase',
  'passcode',
  'pwd',
  'auth',
  'cookie',
  'session',
  'credential',
  'signature',
  'bearer',
  'jwt',
  'csrf',
  'xsrf',
  'private',
  'saml',
  'hmac',
  'ticket',
] as const;

// Short words that are secrets only as a whole word (`sig`, `X-Sid`, `pass`), because as a
// substring they occur in harmless names (`design`, `consider`, `compass`).
const SECRET_WORDS = new Set([
  'sig',
  'sid',
  'pass',
  'pw',
  'otp',
  'pin',
  'psk',
  'pat',
  'cred',
  'creds',
  'sas',
]);

// Whole names that are credentials in well-known protocols: OAuth's authorization `code`.
const SECRET_EXACT = new Set(['code']);

// Whole names that look like credentials but never carry one: a server's authentication
// challenge (RFC 9110 §11.6.1, §11.7.1) names a scheme and realm, which a person needs to see.
const NEVER_SECRET = new Set(['www-authenticate', 'proxy-authenticate']);

/** The words of a name: split at separators and at lower-to-upper case changes, lower-cased. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True when a header or query parameter named `name` (any case, any separators) should be
 * treated as a credential: stored in the keychain, sent only to the connection's origin, never
 * shown. Ordinary protocol names (`Accept`, `User-Agent`, `X-Request-Id`, `limit`, `next`,
 * `added_after`, `match[type]`) are not.
 */
export function isSecretName(name: string): boolean {
  const trimmed = name.trim();
  const compact = trimmed.toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (compact === '') return false;
  if (NEVER_SECRET.has(trimmed.toLowerCase())) return false;
  if (SECRET_EXACT.has(trimmed.toLowerCase())) return true;
  if (SECRET_PARTS.some((part) => compact.includes(part))) return true;
  return wordsOf(trimmed).some((w) => SECRET_WORDS.has(w));
}
