/**
 * The options every command shares (help, connection and authentication, TLS) and the filter
 * options of the paged endpoints, with the small value parsers they need. Commands spread the
 * groups they take into their own `options`.
 */
import { UsageError, type OptionSpec } from './command';

/** `--help` and `--verbose`, on every command. */
export const BASE_OPTIONS = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  verbose: {
    type: 'boolean',
    help: 'print each HTTP request (credentials redacted), notes and timings on stderr',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--version` (the program's), on every command that has no `--version` filter. */
export const VERSION_OPTION = {
  version: { type: 'boolean', help: "print Taxiway's version" },
} as const satisfies Record<string, OptionSpec>;

/** How to reach and authenticate to a server, without a saved profile or on top of one. */
export const SERVER_OPTIONS = {
  auth: {
    type: 'string',
    value: 'KIND',
    help: 'none | basic | bearer | header | cert (default: implied by --user, --token or --header-name)',
  },
  user: {
    type: 'string',
    value: 'NAME',
    help: 'HTTP Basic user; the password comes from TAXIWAY_PASSWORD or --password-stdin',
  },
  'password-stdin': {
    type: 'boolean',
    help: 'read the password from standard input (a prompt without echo on a terminal)',
  },
  token: {
    type: 'boolean',
    help: 'bearer token from TAXIWAY_TOKEN (takes no value: secrets never go on the command line)',
  },
  'header-name': {
    type: 'string',
    value: 'NAME',
    help: 'API key header (implies --auth header); the key comes from TAXIWAY_API_KEY',
  },
  'secret-stdin': {
    type: 'boolean',
    help: 'read the token, API key or key passphrase from standard input (prompted on a terminal)',
  },
  header: {
    type: 'string',
    multiple: true,
    value: "'NAME: VALUE'",
    help: 'an extra header on every request (repeatable)',
  },
  ca: {
    type: 'string',
    value: 'FILE',
    help: "also trust the PEM CA certificate(s) in FILE (the system's CAs stay trusted)",
  },
  pin: {
    type: 'string',
    value: 'SHA256',
    help: 'accept the server certificate with this SHA-256 fingerprint (self-signed servers)',
  },
  cert: { type: 'string', value: 'FILE', help: 'client certificate (PEM), with --key' },
  key: {
    type: 'string',
    value: 'FILE',
    help: 'client private key (PEM); its passphrase comes from TAXIWAY_PASSPHRASE',
  },
  pfx: {
    type: 'string',
    value: 'FILE',
    help: 'client identity as PKCS#12; its passphrase comes from TAXIWAY_PASSPHRASE',
  },
  proxy: {
    type: 'string',
    value: 'URL|none',
    help: 'HTTP proxy (default: HTTPS_PROXY / NO_PROXY from the environment)',
  },
  taxii: {
    type: 'string',
    value: '2.0|2.1',
    help: 'speak this TAXII version (default: detect it from the server)',
  },
  timeout: {
    type: 'string',
    value: 'SECONDS',
    help: 'longest wait for the server at any one point of a request (default 30)',
  },
  deadline: {
    type: 'string',
    value: 'SECONDS',
    help: 'longest time for a whole answer, however slowly it arrives (default 300)',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--profile`, for commands that talk to a server. */
export const PROFILE_OPTION = {
  profile: {
    type: 'string',
    value: 'NAME',
    help: 'use a saved profile and its keychain secrets (other options override it)',
  },
} as const satisfies Record<string, OptionSpec>;

/** Everything a command that talks to a server takes, before its own options. */
export const CONNECTION_OPTIONS = {
  ...PROFILE_OPTION,
  ...SERVER_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

/** The filters of the paged endpoints (digest §5), as `--type`, `--id`… */
export const FILTER_OPTIONS = {
  type: {
    type: 'string',
    multiple: true,
    value: 'T[,T]',
    help: 'match[type]: only these object types',
  },
  id: { type: 'string', multiple: true, value: 'ID[,ID]', help: 'match[id]: only these objects' },
  'added-after': {
    type: 'string',
    value: 'TIMESTAMP',
    help: 'only what was added to the collection after this instant (date_added, not modified)',
  },
  version: {
    type: 'string',
    multiple: true,
    value: 'V[,V]',
    help: 'match[version]: first, last, all, or exact versions (the server default is last)',
  },
  'spec-version': {
    type: 'string',
    multiple: true,
    value: 'V[,V]',
    help: 'match[spec_version]: e.g. 2.0, 2.1 (TAXII 2.1 only)',
  },
  limit: { type: 'string', value: 'N', help: 'page size to ask for (servers may send fewer)' },
  next: {
    type: 'string',
    value: 'TOKEN',
    help: "start from this page (the previous page's next value)",
  },
  all: { type: 'boolean', help: 'follow the pages to the end instead of printing one page' },
} as const satisfies Record<string, OptionSpec>;

/** A comma-separated, repeatable option as one list (`--type a,b --type c` → a, b, c). */
export function listValue(values: readonly string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The value of an option that must be one of `allowed`. */
export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

/** A whole number ≥ `min` given as an option. */
export function wholeNumber(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} needs a whole number of at least ${min}; got "${value}"`);
  }
  return Number(value);
}

/**
 * `--budget N/WINDOW`: at most N requests per WINDOW, in seconds or with a unit (`10/600`,
 * `10/10m`, `1000/1h`).
 */
export function budgetValue(
  value: string | undefined,
): { requests: number; windowSeconds: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*(s|m|min|h)?\s*$/i.exec(value);
  const requests = m ? Number(m[1]) : NaN;
  const unit = m?.[3]?.toLowerCase();
  const windowSeconds = m
    ? Number(m[2]) * (unit === 'h' ? 3600 : unit?.startsWith('m') ? 60 : 1)
    : NaN;
  if (!(requests >= 1 && windowSeconds >= 1 && windowSeconds <= 86_400)) {
    throw new UsageError(
      `--budget needs REQUESTS/WINDOW, e.g. 10/600 (ten requests per 600 seconds) or 10/10m, with a window of at most a day; got "${value}"`,
    );
  }
  return { requests, windowSeconds };
}

/** `--deadline SECONDS` as milliseconds (1 s to 1 h, decimals allowed). */
export function deadlineMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds >= 1 && seconds <= 3600)) {
    throw new UsageError(`--deadline needs a number of seconds between 1 and 3600; got "${value}"`);
  }
  return Math.round(seconds * 1000);
}

/** `--timeout SECONDS` as milliseconds (1 s to 10 min, decimals allowed). */
export function timeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds >= 1 && seconds <= 600)) {
    throw new UsageError(`--timeout needs a number of seconds between 1 and 600; got "${value}"`);
  }
  return Math.round(seconds * 1000);
}
