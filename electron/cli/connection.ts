/**
 * A TAXII client for one command: from a saved profile (`--profile`, secrets from the keychain)
 * with any server options on top, or from the server options alone for the URL given. Both go
 * through the connection services' `buildConnection`, so CA files, client certificates, proxies
 * and "credentials only to the server's own origin" behave exactly as in the app.
 */
import { AppError } from '../../shared/errors';
import type { Profile, ProfileAuth } from '../../shared/profile';
import {
  buildConnection,
  dataDir,
  makeResolver,
  noSecrets,
  ProfileService,
  type ResolvedConnection,
} from '../services/connections';
import { sweepProfileOrphans } from '../services/connections/secret-journal';
import { osKeychain, type Keychain } from '../services/keychain';
import { redactUrl } from '../services/log';
import { cacheDirOf, PageCache } from '../services/page-cache';
import { TaxiiClient, type ExchangeRecord } from '../services/taxii';
import type { WaitNotice } from '../../shared/taxii/waits';
import { UsageError, type CommandContext, type OptionValues } from './command';
import type { CliIo } from './io';
import type { CONNECTION_OPTIONS } from './options';
import {
  applyOverrides,
  checkedSettings,
  mergeSecrets,
  missingSecretMessage,
  readGivenSecrets,
  serverOverrides,
  type GivenSecrets,
  type ServerOverrides,
} from './server-settings';

/** The connection option values a command received (every key optional), plus `--verbose`. */
export type ConnectionValues = Partial<OptionValues<typeof CONNECTION_OPTIONS>> & {
  verbose?: boolean;
};

/** A client ready for one command. */
export interface Connected {
  client: TaxiiClient;
  /** The URL the command works on: the one given, else the profile's start URL. */
  url: string;
  /** What `url` is when it is the profile's start URL (a discovery URL or an API root URL). */
  kind: 'discovery' | 'api-root';
  /** The saved profile in use, if any. */
  profile?: Profile;
  /** The profile's page size, when a profile is used. */
  pageSize?: number;
  /**
   * True when the client keeps pages in the on-disk page cache (a profile is used and does not
   * opt out): `objectPages`/`manifestPages` then take `cache: 'use' | 'refresh' | 'off'`.
   */
  cached: boolean;
  close(): Promise<void>;
}

/** The profile service for this environment: TAXIWAY_HOME (or the app's folder) and the OS keychain. */
export function openProfileService(io: CliIo): ProfileService {
  return new ProfileService({ dir: dataDir(io.env), keychain: cliKeychain(io) });
}

/** The OS keychain under Taxiway's service (or TAXIWAY_KEYCHAIN_SERVICE's, in tests). */
export function cliKeychain(io: CliIo): Keychain {
  const service = io.env.TAXIWAY_KEYCHAIN_SERVICE?.trim();
  return osKeychain(service ? { service } : {});
}

/**
 * The profile service, after deleting keychain entries an interrupted save or remove left
 * without a profile (see secret-journal.ts); says on stderr how many, never which values.
 */
export async function openSweptProfileService(io: CliIo): Promise<ProfileService> {
  const profiles = openProfileService(io);
  const removed = await sweepProfileOrphans(profiles).catch(() => []);
  if (removed.length > 0) {
    io.err(
      `taxiway: note: removed ${removed.length} keychain ${removed.length === 1 ? 'entry' : 'entries'} left without a profile by an interrupted save`,
    );
  }
  return profiles;
}

/** A DNS resolver for SRV lookups: TAXIWAY_DNS_SERVERS (`host:port,…`) when set, else the system's. */
export function srvResolver(env: NodeJS.ProcessEnv): ReturnType<typeof makeResolver> | undefined {
  const servers = env.TAXIWAY_DNS_SERVERS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return servers && servers.length > 0 ? makeResolver(servers) : undefined;
}

/** One stderr line per HTTP exchange, for `--verbose` (the record holds no credentials). */
export function exchangeLogger(io: CliIo): (record: ExchangeRecord) => void {
  return (r) => {
    const outcome = r.status !== undefined ? String(r.status) : (r.error ?? 'failed');
    const size = r.bytes !== undefined ? `, ${r.bytes} B` : '';
    io.err(`${r.method} ${r.url} → ${outcome} (${Math.round(r.durationMs)} ms${size})`);
  };
}

/** One stderr line per wait (Retry-After, backoff, request budget): a wait is shown, never silent. */
export function waitPrinter(io: CliIo): (notice: WaitNotice) => void {
  return (w) => io.err(`taxiway: ${w.message}`);
}

/**
 * Checks a URL argument: http(s), and no credentials in it (they would sit in the process list
 * and the shell history). Returns it with a trailing slash on the path, as TAXII wants.
 */
export function urlArgument(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `${what} must be a URL such as https://taxii.example.com/api1/; got "${redactUrl(text)}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${what} must be an http(s) URL; got a ${url.protocol} URL`);
  }
  if (url.username || url.password) {
    throw new UsageError(
      `${what} holds credentials (user:password@): secrets never go on the command line; use --user with TAXIWAY_PASSWORD or --password-stdin`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
}

function warnAboutHeaders(io: CliIo, overrides: ServerOverrides): void {
  for (const name of overrides.secretLookingHeaders) {
    io.err(
      `taxiway: note: --header ${name} looks like a credential, and the command line is visible to other users; prefer --auth header --header-name ${name} with TAXIWAY_API_KEY`,
    );
  }
}

/** A one-off connection cannot fall back on a keychain: a secret its auth needs must be given. */
function requireSecrets(auth: ProfileAuth, given: GivenSecrets): void {
  const has =
    (auth.kind === 'basic' && given.password !== undefined) ||
    (auth.kind === 'bearer' && given.token !== undefined) ||
    (auth.kind === 'header' && given.apiKey !== undefined);
  const message = missingSecretMessage(auth);
  if (!has && message) throw new UsageError(message);
}

/**
 * Opens a client for `target` (a URL argument already checked with `urlArgument`, or undefined
 * to use the profile's start URL). `kind` says what the URL is, for a one-off connection.
 */
export async function connect(
  ctx: CommandContext,
  values: ConnectionValues,
  target: string | undefined,
  kind: 'discovery' | 'api-root' = 'api-root',
): Promise<Connected> {
  const { io } = ctx;
  const overrides = serverOverrides(values, io.cwd);
  warnAboutHeaders(io, overrides);
  const onExchange = values.verbose ? exchangeLogger(io) : undefined;
  const onWait = waitPrinter(io);
  let resolved: ResolvedConnection;
  let profile: Profile | undefined;

  if (values.profile !== undefined) {
    const profiles = openProfileService(io);
    profile = await profiles.get(values.profile);
    const { id: _id, createdAt: _c, updatedAt: _u, ...saved } = profile;
    const settings = checkedSettings(applyOverrides(saved, overrides));
    const given = await readGivenSecrets(
      values,
      settings.auth.kind,
      settings.tls.clientCertificate !== undefined,
      io,
    );
    const explicit = Boolean(overrides.auth || values['password-stdin'] || values['secret-stdin']);
    const stored = await profiles.secretsOf(profile);
    const secrets = mergeSecrets(
      stored,
      settings,
      given,
      overrides,
      explicit ? 'override' : 'fill',
    );
    resolved = await buildConnection(settings, secrets, {
      onWait,
      ...(onExchange ? { onExchange } : {}),
      ...(srvResolver(io.env) ? { resolver: srvResolver(io.env) } : {}),
    });
    if (target !== undefined && new URL(target).origin !== resolved.origin) {
      io.err(
        `taxiway: note: profile "${profile.name}" holds credentials for ${resolved.origin}; they are not sent to ${new URL(target).origin}`,
      );
    }
  } else {
    if (target === undefined) {
      throw new UsageError('give the URL, or --profile NAME to use a saved profile');
    }
    const draft = applyOverrides(
      { name: 'command line', server: { kind, url: target } },
      overrides,
    );
    const settings = checkedSettings(draft);
    const given = await readGivenSecrets(
      values,
      settings.auth.kind,
      settings.tls.clientCertificate !== undefined,
      io,
    );
    requireSecrets(settings.auth, given);
    const secrets = mergeSecrets(noSecrets(), settings, given, overrides, 'override');
    resolved = await buildConnection(settings, secrets, {
      onWait,
      ...(onExchange ? { onExchange } : {}),
    });
  }

  const client = new TaxiiClient(resolved.options);
  // Pages are cached per saved profile only: a one-off connection has no stable identity.
  const cached = profile !== undefined && profile.cache;
  if (cached) client.useCache(new PageCache({ dir: cacheDirOf(dataDir(io.env)) }), profile!.id);
  return {
    client,
    url: target ?? resolved.url,
    kind: target !== undefined ? kind : resolved.kind,
    ...(profile ? { profile, pageSize: resolved.pageSize } : {}),
    cached,
    close: () => client.close(),
  };
}

/**
 * The API root to use when a command got no API_ROOT_URL but a profile: the profile's own API
 * root, else its discovery's default (or only) API root.
 */
export async function profileApiRoot(c: Connected, signal: AbortSignal): Promise<string> {
  if (!c.profile) throw new UsageError('give the API_ROOT_URL, or --profile NAME');
  if (c.kind === 'api-root') return c.url;
  const found = await c.client.discover(c.url, { signal });
  const { apiRoots } = found.value;
  const root = found.value.default ?? (apiRoots.length === 1 ? apiRoots[0] : undefined);
  if (!root) {
    throw new UsageError(
      `the server of profile "${c.profile.name}" lists ${apiRoots.length} API roots and no default; give the API_ROOT_URL (taxiway discover --profile ${JSON.stringify(c.profile.name)} lists them)`,
    );
  }
  return root;
}

/** Runs `body` with a connection and closes it afterwards, whatever happens. */
export async function withConnection<T>(
  ctx: CommandContext,
  values: ConnectionValues,
  target: string | undefined,
  body: (c: Connected) => Promise<T>,
  kind: 'discovery' | 'api-root' = 'api-root',
): Promise<T> {
  const connected = await connect(ctx, values, target, kind);
  try {
    return await body(connected);
  } finally {
    await connected.close().catch(() => undefined);
  }
}

/** True for errors that mean "the command line or its input is wrong" (exit code 2). */
export function isUsageLike(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    (error instanceof AppError &&
      ['INVALID_ARGS', 'INVALID_INPUT', 'INVALID_BUNDLE', 'PROFILE_NOT_FOUND'].includes(error.code))
  );
}
