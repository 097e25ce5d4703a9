/**
 * The server options of the command line (`--user`, `--token`, `--ca`, `--header`…) as profile
 * settings and secret values: the same shapes a saved profile has, so a one-off command, `taxiway
 * test URL`, `profiles add` and `--profile` with overrides all go through the connection services'
 * one `buildConnection`. Secrets come only from the environment or standard input.
 */
import path from 'node:path';
import {
  ProfileSettings,
  RESERVED_HEADERS,
  type ClientCertificate,
  type ExtraHeader,
  type ProfileAuth,
  type ProfileSettingsInput,
  type ProxySetting,
  type SecretChanges,
  type TlsTrust,
} from '../../shared/profile';
import type { ProfileSecretValues } from '../services/connections';
import { isSecretHeaderName, registerSecret } from '../services/log';
import { UsageError, type OptionValues } from './command';
import type { CliIo } from './io';
import { deadlineMs, oneOf, timeoutMs, type SERVER_OPTIONS } from './options';

/** The server option values a command received (every key optional). */
export type ServerValues = Partial<OptionValues<typeof SERVER_OPTIONS>>;

/** The kinds `--auth` takes (`cert` = no HTTP authentication, a client certificate). */
export const AUTH_KINDS = ['none', 'basic', 'bearer', 'header', 'cert'] as const;

/** What the server options change, as profile settings (only what was given). */
export interface ServerOverrides {
  auth?: ProfileAuth;
  ca?: TlsTrust['ca'];
  pinSha256?: string;
  clientCertificate?: ClientCertificate;
  proxy?: ProxySetting;
  taxiiVersion?: '2.0' | '2.1';
  timeoutMs?: number;
  deadlineMs?: number;
  /** `--header` values; those whose name looks like a credential are marked secret. */
  headers: ExtraHeader[];
  /** Values of the secret `--header`s, by lower-case name. */
  headerSecrets: Record<string, string>;
  /** Names of `--header`s that look like credentials (warned about). */
  secretLookingHeaders: string[];
}

function resolvePath(cwd: string, file: string): string {
  return path.resolve(cwd, file);
}

/** Which authentication the options ask for, or undefined when they say nothing about it. */
export function authFromOptions(values: ServerValues): {
  auth?: ProfileAuth;
  wantsCert: boolean;
} {
  const kind = oneOf(values.auth, AUTH_KINDS, '--auth');
  const implied: [(typeof AUTH_KINDS)[number], string][] = [];
  if (values.user !== undefined) implied.push(['basic', '--user']);
  if (values.token) implied.push(['bearer', '--token']);
  if (values['header-name'] !== undefined) implied.push(['header', '--header-name']);
  if (implied.length > 1) {
    throw new UsageError(
      `${implied.map(([, f]) => f).join(' and ')} ask for different kinds of authentication; give one`,
    );
  }
  const [impliedKind, flag] = implied[0] ?? [];
  if (kind && impliedKind && kind !== impliedKind) {
    throw new UsageError(`--auth ${kind} does not go with ${flag}`);
  }
  const chosen = kind ?? impliedKind;
  switch (chosen) {
    case undefined:
      return { wantsCert: false };
    case 'none':
      return { auth: { kind: 'none' }, wantsCert: false };
    case 'cert':
      return { auth: { kind: 'none' }, wantsCert: true };
    case 'basic':
      if (values.user === undefined) throw new UsageError('--auth basic needs --user NAME');
      return { auth: { kind: 'basic', username: values.user }, wantsCert: false };
    case 'bearer':
      return { auth: { kind: 'bearer' }, wantsCert: false };
    case 'header':
      if (values['header-name'] === undefined) {
        throw new UsageError(
          '--auth header needs --header-name NAME (the header that carries the API key)',
        );
      }
      return { auth: { kind: 'header', name: values['header-name'] }, wantsCert: false };
  }
}

/** Parses `NAME: VALUE`. */
export function parseHeader(text: string): { name: string; value: string } {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!name) {
    throw new UsageError(
      `--header needs 'NAME: VALUE' (e.g. --header 'X-Request-Source: taxiway'); got a value without a name`,
    );
  }
  if ((RESERVED_HEADERS as readonly string[]).includes(name.toLowerCase())) {
    throw new UsageError(
      `--header ${name} cannot be set: ${name.toLowerCase() === 'authorization' ? 'credentials go through --user, --token or --header-name, so that they are sent only to the server they belong to' : 'Taxiway sets this header itself'}`,
    );
  }
  return { name, value: text.slice(colon + 1).trim() };
}

/** The server options as setting overrides. Throws UsageError for contradictions. */
export function serverOverrides(values: ServerValues, cwd: string): ServerOverrides {
  const { auth, wantsCert } = authFromOptions(values);
  const out: ServerOverrides = { headers: [], headerSecrets: {}, secretLookingHeaders: [] };
  if (auth) out.auth = auth;

  if (values.pfx !== undefined && (values.cert !== undefined || values.key !== undefined)) {
    throw new UsageError('give either --pfx FILE or --cert FILE with --key FILE, not both');
  }
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError('--cert FILE and --key FILE go together');
  }
  if (values.pfx !== undefined) {
    out.clientCertificate = { format: 'pkcs12', file: resolvePath(cwd, values.pfx) };
  } else if (values.cert !== undefined && values.key !== undefined) {
    out.clientCertificate = {
      format: 'pem',
      certFile: resolvePath(cwd, values.cert),
      keyFile: resolvePath(cwd, values.key),
    };
  }
  if (wantsCert && !out.clientCertificate) {
    throw new UsageError('--auth cert needs --cert FILE --key FILE or --pfx FILE');
  }

  if (values.ca !== undefined) out.ca = { kind: 'file', path: resolvePath(cwd, values.ca) };
  if (values.pin !== undefined) out.pinSha256 = values.pin;
  if (values.proxy !== undefined) {
    out.proxy = values.proxy === 'none' ? { kind: 'none' } : { kind: 'url', url: values.proxy };
  }
  const taxii = oneOf(values.taxii, ['2.0', '2.1'] as const, '--taxii');
  if (taxii) out.taxiiVersion = taxii;
  const timeout = timeoutMs(values.timeout);
  if (timeout !== undefined) out.timeoutMs = timeout;
  const deadline = deadlineMs(values.deadline);
  if (deadline !== undefined) out.deadlineMs = deadline;

  for (const text of values.header ?? []) {
    const { name, value } = parseHeader(text);
    if (isSecretHeaderName(name)) {
      registerSecret(value);
      out.headers.push({ name, secret: true });
      out.headerSecrets[name.toLowerCase()] = value;
      out.secretLookingHeaders.push(name);
    } else {
      out.headers.push({ name, secret: false, value });
    }
  }
  return out;
}

/** `base` with the overrides applied (headers given on the command line replace same-named ones). */
export function applyOverrides(
  base: ProfileSettingsInput,
  o: ServerOverrides,
): ProfileSettingsInput {
  const tls: TlsTrust = { ...(base.tls as TlsTrust | undefined) };
  if (o.ca) tls.ca = o.ca;
  if (o.pinSha256 !== undefined) tls.pinSha256 = o.pinSha256;
  if (o.clientCertificate) tls.clientCertificate = o.clientCertificate;
  const given = new Set(o.headers.map((h) => h.name.toLowerCase()));
  const headers = [
    ...((base.headers as ExtraHeader[] | undefined) ?? []).filter(
      (h) => !given.has(h.name.toLowerCase()),
    ),
    ...o.headers,
  ];
  return {
    ...base,
    ...(o.auth ? { auth: o.auth } : {}),
    tls,
    ...(o.proxy ? { proxy: o.proxy } : {}),
    ...(o.taxiiVersion ? { taxiiVersion: o.taxiiVersion } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
    headers,
  };
}

// Where each settings field comes from on the command line, for validation messages.
const FLAG_OF_FIELD: Record<string, string> = {
  name: 'NAME',
  server: 'the URL',
  auth: '--auth',
  tls: '--ca/--pin/--cert/--key/--pfx',
  ca: '--ca',
  pinSha256: '--pin',
  clientCertificate: '--cert/--key/--pfx',
  proxy: '--proxy',
  taxiiVersion: '--taxii',
  timeoutMs: '--timeout',
  deadlineMs: '--deadline',
  pageSize: '--page-size',
  budget: '--budget',
  cache: '--no-cache',
  headers: '--header',
  username: '--user',
};

/** Validates settings built from options; a problem becomes a UsageError naming the option. */
export function checkedSettings(input: ProfileSettingsInput): ProfileSettings {
  const parsed = ProfileSettings.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const keys = issue.path.filter((p): p is string => typeof p === 'string');
    const field = [...keys].reverse().find((k) => k in FLAG_OF_FIELD) ?? keys[0] ?? '';
    let flag = FLAG_OF_FIELD[field] ?? field;
    if (keys[0] === 'headers') flag = '--header';
    if (keys[0] === 'auth' && keys[1] === 'name') flag = '--header-name';
    return `${flag}: ${issue.message}`;
  });
  throw new UsageError(problems.join('; '));
}

/** Secrets given for this run (environment or standard input). Memory only. */
export interface GivenSecrets {
  password?: string;
  token?: string;
  apiKey?: string;
  passphrase?: string;
}

function required(value: string, what: string): string {
  if (value === '') {
    throw new UsageError(`standard input held no ${what} (expected it on the first line)`);
  }
  return value;
}

function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The secrets the options call for, from standard input (`--password-stdin`, `--secret-stdin`)
 * or the environment (TAXIWAY_PASSWORD, TAXIWAY_TOKEN, TAXIWAY_API_KEY, TAXIWAY_PASSPHRASE).
 * `auth` is the authentication in force (given or from a profile); `hasCert` whether a client
 * certificate is used. Every value is registered with the logger so that none can be printed.
 */
export async function readGivenSecrets(
  values: ServerValues,
  auth: ProfileAuth['kind'] | undefined,
  hasCert: boolean,
  io: CliIo,
): Promise<GivenSecrets> {
  if (values['password-stdin'] && values['secret-stdin']) {
    throw new UsageError(
      '--password-stdin and --secret-stdin both read standard input; give the other secret in its environment variable',
    );
  }
  if (values['password-stdin'] && auth !== 'basic') {
    throw new UsageError('--password-stdin goes with --user NAME (HTTP Basic)');
  }
  const secretStdinFor =
    auth === 'bearer' ? 'token' : auth === 'header' ? 'apiKey' : hasCert ? 'passphrase' : undefined;
  if (values['secret-stdin'] && !secretStdinFor) {
    throw new UsageError(
      '--secret-stdin reads a bearer token (--token), an API key (--header-name) or a client key passphrase (--cert/--pfx); none of these is in use',
    );
  }
  const fromStdin = async (what: string, prompt: string): Promise<string> =>
    required(await io.readSecret(prompt), what);
  const out: GivenSecrets = {};
  if (auth === 'basic') {
    out.password = values['password-stdin']
      ? await fromStdin('password', `Password${values.user ? ` for ${values.user}` : ''}: `)
      : fromEnv(io.env, 'TAXIWAY_PASSWORD');
  }
  const secretStdin = values['secret-stdin'] === true;
  if (auth === 'bearer') {
    out.token =
      secretStdin && secretStdinFor === 'token'
        ? await fromStdin('token', 'Bearer token: ')
        : fromEnv(io.env, 'TAXIWAY_TOKEN');
  }
  if (auth === 'header') {
    out.apiKey =
      secretStdin && secretStdinFor === 'apiKey'
        ? await fromStdin('API key', 'API key: ')
        : fromEnv(io.env, 'TAXIWAY_API_KEY');
  }
  if (hasCert) {
    out.passphrase =
      secretStdin && secretStdinFor === 'passphrase'
        ? await fromStdin('passphrase', 'Client key passphrase: ')
        : fromEnv(io.env, 'TAXIWAY_PASSPHRASE');
  }
  for (const v of Object.values(out)) registerSecret(v);
  return out;
}

/** Where each secret was expected, for "missing" messages. */
export function missingSecretMessage(auth: ProfileAuth): string | undefined {
  switch (auth.kind) {
    case 'basic':
      return `--user ${auth.username} needs a password (in TAXIWAY_PASSWORD, or on standard input with --password-stdin)`;
    case 'bearer':
      return '--token needs the token in TAXIWAY_TOKEN (or on standard input with --secret-stdin)';
    case 'header':
      return `--header-name ${auth.name} needs the API key in TAXIWAY_API_KEY (or on standard input with --secret-stdin)`;
    default:
      return undefined;
  }
}

/** Secret values for a connection: `base` (e.g. the keychain's), then what was given. */
export function mergeSecrets(
  base: ProfileSecretValues,
  settings: ProfileSettings,
  given: GivenSecrets,
  overrides: ServerOverrides,
  mode: 'fill' | 'override',
): ProfileSecretValues {
  const out: ProfileSecretValues = {
    ...base,
    headers: { ...base.headers, ...overrides.headerSecrets },
    query: { ...base.query },
  };
  const put = <K extends 'password' | 'token' | 'passphrase'>(key: K, value?: string): void => {
    if (value === undefined) return;
    if (mode === 'override' || out[key] === undefined) out[key] = value;
  };
  put('password', given.password);
  put('token', given.token);
  put('passphrase', given.passphrase);
  if (given.apiKey !== undefined && settings.auth.kind === 'header') {
    const name = settings.auth.name.toLowerCase();
    if (mode === 'override' || out.headers[name] === undefined) out.headers[name] = given.apiKey;
  }
  return out;
}

/** The same secrets as changes to store with a profile (`profiles add`). */
export function secretChangesOf(
  settings: ProfileSettings,
  given: GivenSecrets,
  overrides: ServerOverrides,
): SecretChanges {
  const changes: SecretChanges = {};
  if (given.password !== undefined) changes.password = given.password;
  if (given.token !== undefined) changes.token = given.token;
  if (given.passphrase !== undefined) changes.passphrase = given.passphrase;
  const headers: Record<string, string> = { ...overrides.headerSecrets };
  if (given.apiKey !== undefined && settings.auth.kind === 'header')
    headers[settings.auth.name] = given.apiKey;
  if (Object.keys(headers).length > 0) changes.headers = headers;
  return changes;
}
