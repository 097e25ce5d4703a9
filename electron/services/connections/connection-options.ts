/**
 * A profile and its secrets become what the TAXII client takes: a start URL and
 * `ConnectionOptions`. Credentials go only to the profile's own origin (`authOrigins`); CA files,
 * client certificates and PKCS#12 files are read and checked here, so a wrong path or passphrase
 * is reported as such and not as a TLS failure later.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { AppError } from '../../../shared/errors';
import {
  describeServer,
  normalizeFingerprint,
  type ProfileSettings,
  type ProxySetting,
} from '../../../shared/profile';
import type { AuthOptions, ConnectionOptions, ProxyOptions, TlsOptions } from '../taxii/options';
import { redactUrl, registerSecret } from '../log';
import { type SrvResolver, type SrvTarget, resolveSrvTarget } from './srv';
import { extractUrlSecrets } from './url-secrets';

/** A profile's secret values, read from the keychain (or given for one run). Memory only. */
export interface ProfileSecretValues {
  password?: string;
  token?: string;
  /** Values of the `auth` header and of secret extra headers, by lower-case header name. */
  headers: Record<string, string>;
  /** Values of `urlSecretParams`, by parameter name. */
  query: Record<string, string>;
  passphrase?: string;
  proxyPassword?: string;
}

/** No secrets at all. */
export function noSecrets(): ProfileSecretValues {
  return { headers: {}, query: {} };
}

/** Everything needed to talk to the server of one profile. */
export interface ResolvedConnection {
  /** Whether `url` is a discovery URL or an API root URL. */
  kind: 'discovery' | 'api-root';
  /**
   * The URL to start from, without credentials: secret query parameters travel in
   * `options.query` (added on the wire, only to `origin`), never in this URL.
   */
  url: string;
  /** The same URL fit to show and log. */
  displayUrl: string;
  /** The origin that receives credentials. */
  origin: string;
  /** Set when the server was found by DNS SRV. */
  srv?: SrvTarget;
  /** Page size the profile asks for. */
  pageSize: number;
  options: ConnectionOptions;
}

/** Options of `buildConnection`. */
export interface BuildConnectionOptions {
  /** DNS resolver for SRV lookups (tests point it at a loopback DNS server). */
  resolver?: SrvResolver;
  /** Environment for the `system` proxy; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * The system's proxy for a URL (`http://host:port`), or undefined for a direct connection.
   * The Electron main process passes one built on `session.resolveProxy`; without it the
   * HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables are used.
   */
  systemProxy?: (url: string) => Promise<string | undefined> | string | undefined;
  /** Passed through to the client. */
  onExchange?: ConnectionOptions['onExchange'];
  /** Passed through to the client: told about every wait (Retry-After, backoff, budget). */
  onWait?: ConnectionOptions['onWait'];
  /** A start URL already resolved (e.g. SRV looked up by the connection test): no lookup again. */
  start?: StartUrl;
}

/** Where a connection starts: a discovery URL or an API root URL (after any SRV lookup). */
export interface StartUrl {
  kind: 'discovery' | 'api-root';
  url: string;
  srv?: SrvTarget;
}

function missingSecret(what: string, profileName: string, setting: string): AppError {
  return new AppError({
    code: 'INVALID_INPUT',
    message: `Profile "${profileName}" uses ${what}, but no ${setting} is stored for it.`,
    hint: `Enter the ${setting} again (in the profile's settings, or with \`taxiway profiles add\` and the secret on standard input). Secrets kept for one session only are forgotten when Taxiway quits.`,
    where: `profile ${profileName}`,
  });
}

/** The start URL of a profile (SRV resolved) and its origin. */
export async function resolveStartUrl(
  settings: ProfileSettings,
  resolver?: SrvResolver,
): Promise<StartUrl> {
  switch (settings.server.kind) {
    case 'discovery':
      return { kind: 'discovery', url: settings.server.url };
    case 'api-root':
      return { kind: 'api-root', url: settings.server.url };
    case 'srv': {
      const srv = await resolveSrvTarget(settings.server.domain, settings.taxiiVersion, resolver);
      return { kind: 'discovery', url: srv.discoveryUrl, srv };
    }
  }
}

/** Splits a PEM bundle into certificates, checking each parses. */
export function splitPemCertificates(text: string, where: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `No PEM certificate found in ${where}.`,
      hint: 'A CA file holds one or more "-----BEGIN CERTIFICATE-----" blocks. Convert a DER file with `openssl x509 -inform der -in ca.cer -out ca.pem`.',
      where,
    });
  }
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `Certificate ${i + 1} in ${where} cannot be read.`,
        hint: 'Check that the file is an unmodified PEM certificate.',
        where,
      });
    }
  });
  return blocks;
}

async function readLocalFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      {
        code: 'INVALID_INPUT',
        message: `The ${what} ${path} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}).`,
        hint: `Check the path in the profile's TLS settings${code === 'EACCES' ? ' and that you may read the file' : ''}.`,
        where: path,
      },
      { cause: error },
    );
  }
}

/** Extra CA certificates of a profile (PEM), read and checked. */
export async function loadCaCertificates(tls: ProfileSettings['tls']): Promise<string[]> {
  if (!tls.ca) return [];
  if (tls.ca.kind === 'pem')
    return splitPemCertificates(tls.ca.pem, "the profile's CA certificates");
  const text = (await readLocalFile(tls.ca.path, 'CA file')).toString('utf8');
  return splitPemCertificates(text, tls.ca.path);
}

// OpenSSL's words for the usual mistakes, in words a person can act on.
function explainIdentityError(raw: string, file: string, hasPassphrase: boolean): AppError {
  let message = `The client certificate in ${file} cannot be used.`;
  let hint =
    'Check that the files are the certificate and private key issued to you, in PEM or PKCS#12 form.';
  if (/mac verify failure|bad decrypt|bad password|wrong password|decrypt/i.test(raw)) {
    message = hasPassphrase
      ? `The passphrase for ${file} is wrong.`
      : `${file} is protected by a passphrase, and none is stored.`;
    hint = 'Enter the passphrase of the key or PKCS#12 file in the profile settings.';
  } else if (/key values mismatch/i.test(raw)) {
    message = `The private key does not belong to the certificate in ${file}.`;
    hint = 'Pick the key file that was issued together with this certificate.';
  } else if (/unsupported/i.test(raw)) {
    message = `${file} uses an old encryption that this Node/OpenSSL no longer reads (RC2/3DES PKCS#12).`;
    hint =
      'Re-export it with AES: `openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export -out new.p12`.';
  } else if (/no start line|bad base64|PEM/i.test(raw)) {
    message = `${file} is not a PEM certificate or key.`;
    hint = 'Use PEM files ("-----BEGIN …-----"), or choose PKCS#12 for a .p12/.pfx file.';
  }
  return new AppError({ code: 'INVALID_INPUT', message, hint, where: file });
}

/** The client identity of a profile (PEM pair or PKCS#12), read and checked with its passphrase. */
export async function loadClientIdentity(
  tls: ProfileSettings['tls'],
  passphrase: string | undefined,
): Promise<Pick<TlsOptions, 'cert' | 'key' | 'pfx' | 'passphrase'>> {
  const cc = tls.clientCertificate;
  if (!cc) return {};
  const identity: Pick<TlsOptions, 'cert' | 'key' | 'pfx' | 'passphrase'> =
    cc.format === 'pem'
      ? {
          cert: (await readLocalFile(cc.certFile, 'client certificate')).toString('utf8'),
          key: (await readLocalFile(cc.keyFile, 'client key')).toString('utf8'),
        }
      : { pfx: new Uint8Array(await readLocalFile(cc.file, 'PKCS#12 file')) };
  if (passphrase !== undefined) identity.passphrase = passphrase;
  const file = cc.format === 'pem' ? cc.keyFile : cc.file;
  try {
    // Building a context is where OpenSSL decrypts and matches the key: fail here, clearly.
    createSecureContext({
      ...identity,
      pfx: identity.pfx ? Buffer.from(identity.pfx) : undefined,
    });
  } catch (error) {
    throw explainIdentityError(
      error instanceof Error ? error.message : String(error),
      file,
      passphrase !== undefined,
    );
  }
  return identity;
}

/** NO_PROXY matching: `*`, exact hosts, domain suffixes (`.example.com` or `example.com`), ports. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\]$/g, ''))!;
    const name = m[1]!.replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function proxyFromUrl(text: string, where: string): ProxyOptions {
  const { url, username, password } = extractUrlSecrets(text, where);
  const out: ProxyOptions = { url };
  if (username) out.username = username;
  if (password) out.password = password;
  return out;
}

/** The proxy for `target` under the profile's setting, or undefined for a direct connection. */
export async function resolveProxy(
  setting: ProxySetting,
  target: string,
  password: string | undefined,
  options: Pick<BuildConnectionOptions, 'env' | 'systemProxy'> = {},
): Promise<ProxyOptions | undefined> {
  if (setting.kind === 'none') return undefined;
  if (setting.kind === 'url') {
    const out: ProxyOptions = { url: setting.url };
    if (setting.username) out.username = setting.username;
    if (password !== undefined) out.password = password;
    return out;
  }
  if (options.systemProxy) {
    const found = await options.systemProxy(target);
    return found ? proxyFromUrl(found, 'system proxy') : undefined;
  }
  const env = options.env ?? process.env;
  const url = new URL(target);
  if (bypassesProxy(url, env.NO_PROXY ?? env.no_proxy)) return undefined;
  const value =
    url.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy ?? env.ALL_PROXY ?? env.all_proxy);
  if (!value?.trim()) return undefined;
  // `HTTPS_PROXY=proxy:3128` (no scheme) is common and means an HTTP proxy.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  return proxyFromUrl(withScheme.trim(), 'HTTPS_PROXY');
}

/**
 * A profile plus its secrets → start URL and `ConnectionOptions`. Every secret is registered
 * with the logger. Fails with INVALID_INPUT (missing secret, unreadable file, wrong passphrase)
 * or DNS (SRV) before anything is sent.
 */
export async function buildConnection(
  settings: ProfileSettings,
  secrets: ProfileSecretValues,
  options: BuildConnectionOptions = {},
): Promise<ResolvedConnection> {
  for (const value of [
    secrets.password,
    secrets.token,
    secrets.passphrase,
    secrets.proxyPassword,
    ...Object.values(secrets.headers),
    ...Object.values(secrets.query),
  ]) {
    registerSecret(value);
  }
  const name = settings.name;
  const start = options.start ?? (await resolveStartUrl(settings, options.resolver));
  // A URL saved by an older build or typed into a draft may still hold credentials.
  const cleaned = extractUrlSecrets(start.url, 'server URL');
  const origin = new URL(cleaned.url).origin;

  let auth: AuthOptions = { kind: 'none' };
  switch (settings.auth.kind) {
    case 'basic': {
      const password = secrets.password ?? cleaned.password;
      if (password === undefined) throw missingSecret('HTTP Basic', name, 'password');
      auth = { kind: 'basic', username: settings.auth.username, password };
      break;
    }
    case 'bearer':
      if (secrets.token === undefined) throw missingSecret('a bearer token', name, 'token');
      auth = { kind: 'bearer', token: secrets.token };
      break;
    case 'header': {
      const value = secrets.headers[settings.auth.name.toLowerCase()];
      if (value === undefined) {
        throw missingSecret(
          `an API key in ${settings.auth.name}`,
          name,
          `${settings.auth.name} value`,
        );
      }
      auth = { kind: 'header', name: settings.auth.name, value };
      break;
    }
  }
  if (auth.kind === 'none' && cleaned.username !== undefined && cleaned.password !== undefined) {
    auth = { kind: 'basic', username: cleaned.username, password: cleaned.password };
  }

  const headers: Record<string, string> = {};
  const secretHeaders: string[] = [];
  for (const h of settings.headers) {
    if (!h.secret) {
      headers[h.name] = h.value;
      continue;
    }
    const value = secrets.headers[h.name.toLowerCase()];
    if (value === undefined)
      throw missingSecret(`the secret header ${h.name}`, name, `${h.name} value`);
    headers[h.name] = value;
    // Marked secret by the person: treated as a credential whatever its name (X-Partner-Id…).
    secretHeaders.push(h.name);
  }

  const query: Record<string, string> = { ...cleaned.params };
  for (const param of settings.urlSecretParams) {
    const value = secrets.query[param];
    if (value === undefined)
      throw missingSecret(`the URL parameter ${param}`, name, `${param} value`);
    query[param] = value;
  }

  const tls: TlsOptions = {};
  const ca = await loadCaCertificates(settings.tls);
  if (ca.length > 0) tls.ca = ca;
  Object.assign(tls, await loadClientIdentity(settings.tls, secrets.passphrase));
  if (settings.tls.pinSha256) tls.pinSha256 = normalizeFingerprint(settings.tls.pinSha256);

  const proxy = await resolveProxy(settings.proxy, cleaned.url, secrets.proxyPassword, options);
  registerSecret(proxy?.password);

  const connection: ConnectionOptions = {
    auth,
    authOrigins: [origin],
    headers,
    timeoutMs: settings.timeoutMs,
    ...(settings.deadlineMs !== undefined ? { deadlineMs: settings.deadlineMs } : {}),
    taxiiVersion: start.srv ? start.srv.taxiiVersion : settings.taxiiVersion,
  };
  if (secretHeaders.length > 0) connection.secretHeaders = secretHeaders;
  // Secret query parameters go on the wire only, to `authOrigins` (the client adds them per
  // request): a URL that carried them would lose them to URL normalisation, or show them.
  if (Object.keys(query).length > 0) connection.query = query;
  if (Object.keys(tls).length > 0) connection.tls = tls;
  if (proxy) connection.proxy = proxy;
  if (settings.budget) {
    connection.budget = {
      requests: settings.budget.requests,
      windowMs: settings.budget.windowSeconds * 1000,
    };
  }
  if (options.onExchange) connection.onExchange = options.onExchange;
  if (options.onWait) connection.onWait = options.onWait;

  return {
    kind: start.kind,
    url: cleaned.url,
    displayUrl: redactUrl(cleaned.url),
    origin,
    ...(start.srv ? { srv: start.srv } : {}),
    pageSize: settings.pageSize,
    options: connection,
  };
}

/** One line naming a profile's server, fit to show. */
export function describeProfileServer(settings: ProfileSettings): string {
  const text = describeServer(settings.server);
  return settings.server.kind === 'srv' ? text : redactUrl(text);
}
