/**
 * The connection form's state and its two translations: from a saved profile (secrets only as
 * "set"/"not set" flags) and to what `connections.save` takes (settings, plus only the secrets
 * the person typed or asked to remove). A typed secret is never put back into the form.
 */
import {
  formatIssuePath,
  ProfileSettings,
  type ProfileSettingsInput,
  type ProfileSummary,
  type SecretChanges,
} from '../../../shared/profile';

/** An extra header row. `value` is the plain value, or a new secret value when `secret`. */
export interface HeaderRow {
  name: string;
  secret: boolean;
  value: string;
}

/** A URL query parameter whose value is a secret; `value` is a new value to store. */
export interface QueryRow {
  name: string;
  value: string;
}

/** Everything the form edits. Secret fields hold only what was typed in this session. */
export interface FormState {
  name: string;
  serverKind: 'discovery' | 'srv' | 'api-root';
  url: string;
  domain: string;
  taxiiVersion: 'auto' | '2.1' | '2.0';
  authKind: 'none' | 'basic' | 'bearer' | 'header';
  username: string;
  password: string;
  token: string;
  authHeaderName: string;
  authHeaderValue: string;
  caKind: 'none' | 'file' | 'pem';
  caPath: string;
  caPem: string;
  pinSha256: string;
  certKind: 'none' | 'pem' | 'pkcs12';
  certFile: string;
  keyFile: string;
  p12File: string;
  passphrase: string;
  proxyKind: 'system' | 'none' | 'url';
  proxyUrl: string;
  proxyUsername: string;
  proxyPassword: string;
  timeoutSeconds: string;
  /** Whole-answer deadline; empty for the default. */
  deadlineSeconds: string;
  pageSize: string;
  headers: HeaderRow[];
  queryParams: QueryRow[];
  budgetOn: boolean;
  budgetRequests: string;
  budgetWindowSeconds: string;
  cache: boolean;
  /** Stored secrets to remove on save: `password`, `token`, `passphrase`, `proxyPassword`, `header:<name>`, `query:<name>`. */
  remove: string[];
}

/** A blank form for a new connection. */
export function emptyForm(): FormState {
  return {
    name: '',
    serverKind: 'discovery',
    url: '',
    domain: '',
    taxiiVersion: 'auto',
    authKind: 'none',
    username: '',
    password: '',
    token: '',
    authHeaderName: 'X-Api-Key',
    authHeaderValue: '',
    caKind: 'none',
    caPath: '',
    caPem: '',
    pinSha256: '',
    certKind: 'none',
    certFile: '',
    keyFile: '',
    p12File: '',
    passphrase: '',
    proxyKind: 'system',
    proxyUrl: '',
    proxyUsername: '',
    proxyPassword: '',
    timeoutSeconds: '30',
    deadlineSeconds: '',
    pageSize: '100',
    headers: [],
    queryParams: [],
    budgetOn: false,
    budgetRequests: '10',
    budgetWindowSeconds: '600',
    cache: true,
    remove: [],
  };
}

/** The form of a saved profile; every secret field starts empty. */
export function formFromProfile(p: ProfileSummary): FormState {
  const f = emptyForm();
  f.name = p.name;
  f.serverKind = p.server.kind;
  if (p.server.kind === 'srv') f.domain = p.server.domain;
  else f.url = p.server.url;
  f.taxiiVersion = p.taxiiVersion;
  f.authKind = p.auth.kind;
  if (p.auth.kind === 'basic') f.username = p.auth.username;
  if (p.auth.kind === 'header') f.authHeaderName = p.auth.name;
  if (p.tls.ca?.kind === 'file') {
    f.caKind = 'file';
    f.caPath = p.tls.ca.path;
  } else if (p.tls.ca?.kind === 'pem') {
    f.caKind = 'pem';
    f.caPem = p.tls.ca.pem;
  }
  f.pinSha256 = p.tls.pinSha256 ?? '';
  const cc = p.tls.clientCertificate;
  if (cc?.format === 'pem') {
    f.certKind = 'pem';
    f.certFile = cc.certFile;
    f.keyFile = cc.keyFile;
  } else if (cc?.format === 'pkcs12') {
    f.certKind = 'pkcs12';
    f.p12File = cc.file;
  }
  f.proxyKind = p.proxy.kind;
  if (p.proxy.kind === 'url') {
    f.proxyUrl = p.proxy.url;
    f.proxyUsername = p.proxy.username ?? '';
  }
  f.timeoutSeconds = String(p.timeoutMs / 1000);
  f.deadlineSeconds = p.deadlineMs === undefined ? '' : String(p.deadlineMs / 1000);
  f.pageSize = String(p.pageSize);
  f.headers = p.headers.map((h) =>
    h.secret
      ? { name: h.name, secret: true, value: '' }
      : { name: h.name, secret: false, value: h.value },
  );
  f.queryParams = p.urlSecretParams.map((name) => ({ name, value: '' }));
  if (p.budget) {
    f.budgetOn = true;
    f.budgetRequests = String(p.budget.requests);
    f.budgetWindowSeconds = String(p.budget.windowSeconds);
  }
  f.cache = p.cache;
  return f;
}

/** The settings the form describes (before the schema's defaults and checks). */
export function settingsOf(f: FormState): ProfileSettingsInput {
  const server: ProfileSettingsInput['server'] =
    f.serverKind === 'srv'
      ? { kind: 'srv', domain: f.domain.trim() }
      : { kind: f.serverKind, url: f.url.trim() };
  const auth: ProfileSettingsInput['auth'] =
    f.authKind === 'basic'
      ? { kind: 'basic', username: f.username }
      : f.authKind === 'header'
        ? { kind: 'header', name: f.authHeaderName.trim() }
        : { kind: f.authKind };
  const tls: NonNullable<ProfileSettingsInput['tls']> = {};
  if (f.caKind === 'file') tls.ca = { kind: 'file', path: f.caPath };
  if (f.caKind === 'pem') tls.ca = { kind: 'pem', pem: f.caPem };
  if (f.pinSha256.trim()) tls.pinSha256 = f.pinSha256.trim();
  if (f.certKind === 'pem')
    tls.clientCertificate = { format: 'pem', certFile: f.certFile, keyFile: f.keyFile };
  if (f.certKind === 'pkcs12') tls.clientCertificate = { format: 'pkcs12', file: f.p12File };
  const proxy: ProfileSettingsInput['proxy'] =
    f.proxyKind === 'url'
      ? {
          kind: 'url',
          url: f.proxyUrl.trim(),
          ...(f.proxyUsername.trim() ? { username: f.proxyUsername.trim() } : {}),
        }
      : { kind: f.proxyKind };
  const numberOr = (text: string): number => (text.trim() === '' ? NaN : Number(text));
  const seconds = Number(f.timeoutSeconds);
  const pageSize = Number(f.pageSize);
  return {
    name: f.name,
    server,
    taxiiVersion: f.taxiiVersion,
    auth,
    tls,
    proxy,
    timeoutMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : NaN,
    ...(f.deadlineSeconds.trim() === ''
      ? {}
      : { deadlineMs: Math.round(numberOr(f.deadlineSeconds) * 1000) }),
    pageSize: Number.isFinite(pageSize) ? pageSize : NaN,
    headers: f.headers
      .filter((h) => h.name.trim() !== '')
      .map((h) =>
        h.secret
          ? { name: h.name.trim(), secret: true as const }
          : { name: h.name.trim(), secret: false as const, value: h.value },
      ),
    urlSecretParams: f.queryParams.map((q) => q.name.trim()).filter((n) => n !== ''),
    ...(f.budgetOn
      ? {
          budget: {
            requests: numberOr(f.budgetRequests),
            windowSeconds: numberOr(f.budgetWindowSeconds),
          },
        }
      : {}),
    cache: f.cache,
  };
}

/** Only the secrets typed in the form (to store) or marked for removal (null). */
export function secretChangesOf(f: FormState): SecretChanges {
  const out: SecretChanges = {};
  const removing = (key: string): boolean => f.remove.includes(key);
  if (f.authKind === 'basic' && f.password) out.password = f.password;
  else if (removing('password')) out.password = null;
  if (f.authKind === 'bearer' && f.token) out.token = f.token;
  else if (removing('token')) out.token = null;
  const headers: Record<string, string | null> = {};
  if (f.authKind === 'header' && f.authHeaderValue)
    headers[f.authHeaderName.trim()] = f.authHeaderValue;
  for (const h of f.headers)
    if (h.secret && h.value && h.name.trim()) headers[h.name.trim()] = h.value;
  for (const r of f.remove)
    if (r.startsWith('header:') && !(r.slice(7) in headers)) headers[r.slice(7)] = null;
  if (Object.keys(headers).length) out.headers = headers;
  const query: Record<string, string | null> = {};
  for (const q of f.queryParams) if (q.value && q.name.trim()) query[q.name.trim()] = q.value;
  for (const r of f.remove)
    if (r.startsWith('query:') && !(r.slice(6) in query)) query[r.slice(6)] = null;
  if (Object.keys(query).length) out.query = query;
  if (f.certKind !== 'none' && f.passphrase) out.passphrase = f.passphrase;
  else if (removing('passphrase')) out.passphrase = null;
  if (f.proxyKind === 'url' && f.proxyPassword) out.proxyPassword = f.proxyPassword;
  else if (removing('proxyPassword')) out.proxyPassword = null;
  return out;
}

/** Problems the schema finds in the form's settings, by field path (`server.url`, `headers[0].name`). */
export function formProblems(f: FormState): Map<string, string> {
  const problems = new Map<string, string>();
  const parsed = ProfileSettings.safeParse(settingsOf(f));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const path = formatIssuePath(issue.path);
      if (!problems.has(path))
        problems.set(
          path,
          issue.code === 'invalid_type' && path.endsWith('Ms')
            ? 'expected a number'
            : issue.message,
        );
    }
  return problems;
}

/** The form with every typed secret cleared (after a save: they are never shown again). */
export function withoutTypedSecrets(f: FormState): FormState {
  return {
    ...f,
    password: '',
    token: '',
    authHeaderValue: '',
    passphrase: '',
    proxyPassword: '',
    headers: f.headers.map((h) => (h.secret ? { ...h, value: '' } : h)),
    queryParams: f.queryParams.map((q) => ({ ...q, value: '' })),
    remove: [],
  };
}
