/**
 * The one logger of the main process, the CLI and the services. Every line passes through
 * `redact()` before any sink sees it: registered secrets (every value the keychain hands out or
 * stores is registered), Authorization-like header values, URL credentials and secret-looking
 * query parameters never reach a log.
 */
import { appendFileSync } from 'node:fs';
import { isSecretName } from '../../shared/secret-names';
import { terminalSafe } from '../../shared/terminal-safe';

/** Severity, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One log record, already redacted. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Receives every record at or above the current level, already redacted. */
export type LogSink = (record: LogRecord, line: string) => void;

/** What modules log through. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Printed instead of a secret. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not searched for inside text: a 3-character value turns up by
 * chance in ordinary words, so replacing it would wreck every line while protecting nothing.
 * Such values are still redacted wherever they appear as a header value or URL credential.
 */
export const MIN_REDACTED_SECRET_LENGTH = 4;

const secrets = new Set<string>();
let sortedSecrets: string[] = [];

/**
 * Registers a secret so that no log line, error message or redacted text ever shows it, in any
 * of the spellings it travels in (raw, URL-encoded, JSON-escaped). Safe to call repeatedly.
 */
export function registerSecret(value: string | null | undefined): void {
  if (!value || value.length < MIN_REDACTED_SECRET_LENGTH) return;
  const before = secrets.size;
  secrets.add(value);
  for (const variant of [
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value, 'utf8').toString('base64'),
  ]) {
    if (variant.length >= MIN_REDACTED_SECRET_LENGTH) secrets.add(variant);
  }
  if (secrets.size !== before) sortedSecrets = [...secrets].sort((a, b) => b.length - a.length);
}

/** True when the header's value is a credential: the one shared rule, `shared/secret-names.ts`. */
export function isSecretHeaderName(name: string): boolean {
  return isSecretName(name);
}

/** True when the query parameter's value is a credential: the same shared rule as for headers. */
export function isSecretParamName(name: string): boolean {
  return isSecretName(name);
}

/**
 * A URL fit to show: userinfo removed (`user:***@` becomes `***@`), values of secret-looking
 * query parameters and of registered secrets replaced. Unparseable input is redacted as text.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactSecrets(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
    // Keep a visible trace that credentials were there, so a person knows why a request differs.
    const withoutUserinfo = parsed.toString();
    const schemeEnd = withoutUserinfo.indexOf('//') + 2;
    url = `${withoutUserinfo.slice(0, schemeEnd)}${REDACTED}@${withoutUserinfo.slice(schemeEnd)}`;
    try {
      parsed = new URL(url);
    } catch {
      return redactSecrets(url);
    }
  }
  if (parsed.search) {
    const params = [...parsed.searchParams.entries()];
    if (params.some(([name]) => isSecretParamName(name))) {
      const rebuilt = params
        .map(([name, value]) =>
          isSecretParamName(name)
            ? `${encodeURIComponent(name)}=${REDACTED}`
            : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
        )
        .join('&');
      url = `${url.slice(0, url.indexOf('?'))}?${rebuilt}${parsed.hash}`;
    }
  }
  return redactSecrets(url);
}

/** Header values fit to show: credentials replaced, every registered secret removed. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name] = isSecretHeaderName(name) ? redactAuthValue(text) : redactSecrets(text);
  }
  return out;
}

// Keep the scheme (`Basic`, `Bearer`): it tells a person which kind of credential was sent.
function redactAuthValue(value: string): string {
  const m = /^(Basic|Bearer|Digest|Token|Negotiate|NTLM|AWS4-HMAC-SHA256)\s+/i.exec(value);
  return m ? `${m[1]} ${REDACTED}` : REDACTED;
}

function redactSecrets(text: string): string {
  let out = text;
  for (const secret of sortedSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

// Header names that carry a credential whatever is written after them.
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-csrf-token)$/i;

/**
 * True when `name` reads as a field, header or variable name (`X-Auth-Token`, `api_key`,
 * `accessToken`, `TAXIWAY_PASSWORD`) rather than a word of prose ("token", "Password"): what
 * follows a field name is its value, what follows a word may be a sentence.
 */
function isFieldName(name: string): boolean {
  return CREDENTIAL_HEADER.test(name) || /[-_]/.test(name) || /[a-z][A-Z]/.test(name);
}

/**
 * True when a value written after a credential word in prose looks like a credential rather
 * than words: a run of at least 8 characters with digits or symbols (`hunter22!`, `s3cr3t-k3y`,
 * a hex or base64 blob), or a long run of letters of mixed case. Words ("expired", "set"), an
 * environment variable's name (`TAXIWAY_PASSWORD`), numbers and dates are not.
 */
export function looksLikeCredential(raw: string): boolean {
  const value = raw.replace(/[.,;:!?)\]]+$/, '');
  if (value.length < 8) return false;
  if (/^\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false;
  if (/^\d+(?:[.,:]\d+)*$/.test(value)) return false;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/i.test(value)) return false;
  if (/^[A-Za-z]+(?:['-][A-Za-z]+)*$/.test(value)) {
    const rest = value.slice(1);
    return value.length >= 20 && /[a-z]/.test(rest) && /[A-Z]/.test(rest);
  }
  return true;
}

/** True for what may follow `Basic `: base64 of `user:password`, not a word ("Basic authentication"). */
function looksLikeBasicCredential(value: string): boolean {
  return (
    /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && /[0-9+/=]|.[A-Z]/.test(value)
  );
}

/**
 * Text fit to show or log: registered secrets, credentials inside URLs, values of
 * credential-named fields (`Authorization: …`, `x-api-key=…`, `"password": "…"`), and
 * `Bearer`/`Basic` credentials are replaced. After a credential WORD in prose ("Invalid token:
 * expired", "needs a password: set TAXIWAY_PASSWORD") only what looks like a credential is
 * (see `looksLikeCredential`), so messages stay readable.
 */
export function redact(text: string): string {
  let out = redactSecrets(text);
  // URLs: userinfo and secret query parameters.
  out = out.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (u) => redactUrl(u));
  // "Authorization: Basic abc", "x-api-key=abc", '"authorization":"Bearer abc"', "token: k3y-…".
  out = out.replace(
    /(["']?)([A-Za-z][A-Za-z0-9_-]*)\1(\s*[:=]\s*)(["']?)((?:(?:Basic|Bearer|Digest|Token|Negotiate|NTLM)\s+)?[^\s"',;}]+)/gi,
    (whole, q1: string, name: string, sep: string, q2: string, value: string) => {
      if (
        !isSecretHeaderName(name) ||
        value.startsWith(REDACTED) ||
        /^\s*(true|false|null|undefined|\d+)\s*$/.test(value)
      )
        return whole;
      // A quoted key, an assignment or a field name: its value is the credential, whatever it
      // looks like. A word in a sentence: only a value that looks like one.
      const field = q1 !== '' || sep.includes('=') || isFieldName(name);
      if (!field && !looksLikeCredential(value.replace(/^\S+\s+/, ''))) return whole;
      return `${q1}${name}${q1}${sep}${q2}${redactAuthValue(value.trim())}`;
    },
  );
  // Bare credentials after a scheme word, wherever they appear ("Bearer eyJ…", "Basic YWxp…").
  out = out.replace(
    /\b(Bearer|Basic)\s+(?!\[redacted\])([A-Za-z0-9._~+/=-]{6,})/g,
    (whole, scheme: string, value: string) =>
      (scheme === 'Basic' ? looksLikeBasicCredential(value) : looksLikeCredential(value))
        ? `${scheme} ${REDACTED}`
        : whole,
  );
  return out;
}

/** A deep copy of any value with every string redacted and secret-named keys replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[too deep]';
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isSecretHeaderName(k) && (typeof v === 'string' || typeof v === 'number')
        ? redactAuthValue(String(v))
        : redactValue(v, depth + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sinks and levels

let level: LogLevel = parseLevel(process.env.TAXIWAY_LOG_LEVEL) ?? 'warn';
const sinks = new Set<LogSink>();

function parseLevel(value: string | undefined): LogLevel | undefined {
  return value && value in LEVELS ? (value as LogLevel) : undefined;
}

/** Sets the lowest level that reaches the sinks. `TAXIWAY_LOG_LEVEL` sets the starting one. */
export function setLogLevel(next: LogLevel): void {
  level = next;
}

/** The lowest level that reaches the sinks. */
export function getLogLevel(): LogLevel {
  return level;
}

/** Adds a sink; returns the function that removes it. */
export function addLogSink(sink: LogSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

/**
 * A sink writing one line per record to stderr (the default when no other sink is added). A
 * record can quote a server (an error title, a note): its controls never reach the terminal.
 */
export const stderrSink: LogSink = (_record, line) => {
  process.stderr.write(`${terminalSafe(line)}\n`);
};

/** A sink appending one JSON line per record to a file (created 0600: logs are private). */
export function fileSink(path: string): LogSink {
  return (record) => {
    appendFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  };
}

function emit(scope: string, lvl: LogLevel, message: string, fields?: Record<string, unknown>) {
  if (LEVELS[lvl] < LEVELS[level]) return;
  const record: LogRecord = {
    time: new Date().toISOString(),
    level: lvl,
    scope,
    message: redact(message),
    ...(fields ? { fields: redactValue(fields) as Record<string, unknown> } : {}),
  };
  const line = `${record.time} ${lvl.toUpperCase()} [${scope}] ${record.message}${
    record.fields ? ` ${JSON.stringify(record.fields)}` : ''
  }`;
  if (sinks.size === 0) {
    stderrSink(record, line);
    return;
  }
  for (const sink of sinks) {
    try {
      sink(record, line);
    } catch {
      // A failing sink (full disk, closed pipe) must never take the caller down with it.
    }
  }
}

/** A logger whose lines carry `scope` (e.g. `connections`, `taxii`, `cli`). */
export function createLogger(scope: string): Logger {
  return {
    debug: (m, f) => emit(scope, 'debug', m, f),
    info: (m, f) => emit(scope, 'info', m, f),
    warn: (m, f) => emit(scope, 'warn', m, f),
    error: (m, f) => emit(scope, 'error', m, f),
  };
}
