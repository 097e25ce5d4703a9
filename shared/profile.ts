/**
 * Connection profiles: what Taxiway saves about a TAXII server, shared by the main process, the
 * command line and the renderer. Secrets never appear here: they live in the OS keychain and are
 * seen from this side only as `has…` flags (see `SecretFlags`).
 *
 * The file format is versioned (`{ version: 1, profiles: [...] }`); the export format carries its
 * own marker so a shared file is recognised as Taxiway profiles before anything else is checked.
 */
import { z } from 'zod';
import { CollectionWatch, SavedView } from './saved-view';

/** Version of `profiles.json` this build reads and writes. */
export const PROFILE_FILE_VERSION = 1;

/** Marker of an exported profiles document. */
export const PROFILE_EXPORT_FORMAT = 'taxiway-profiles';

/** Version of the export document this build reads and writes. */
export const PROFILE_EXPORT_VERSION = 1;

/** Default per-request timeout when a profile does not set one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Default whole-response deadline when a profile does not set one: five minutes, enough for a
 * 64 MiB page at 250 KB/s, short enough that a server trickling bytes cannot hold a job for hours.
 */
export const DEFAULT_DEADLINE_MS = 300_000;

/** Default page size asked of servers when a profile does not set one. */
export const DEFAULT_PAGE_SIZE = 100;

/** Cached pages younger than this (minutes) are checked with the server rather than refetched: a day. */
export const DEFAULT_CACHE_LIFETIME_MINUTES = 24 * 60;

/** A profile's cache lifetime in ms (its setting, else the default). */
export function cacheLifetimeMs(p: { cacheLifetimeMinutes?: number | undefined }): number {
  return (p.cacheLifetimeMinutes ?? DEFAULT_CACHE_LIFETIME_MINUTES) * 60_000;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const hasScheme = (v: string, schemes: string[]) => {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v);
  return m !== null && schemes.includes(m[1]!.toLowerCase());
};

/** An absolute http(s) URL (shape only; the main process parses it fully). */
export const ServerUrl = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((v) => hasScheme(v, ['http', 'https']) && !/\s/.test(v), {
    message: 'expected an absolute https:// URL such as https://taxii.example.com/taxii2/',
  })
  .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(v), {
    message: 'a saved URL cannot hold credentials (user:password@); they belong in the keychain',
  });

/** A DNS name (letters, digits, hyphens, dots), as used for a DNS SRV lookup. */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/,
    'expected a bare domain name such as example.com (no scheme, port or path)',
  );

/** An HTTP header name (RFC 9110 token). */
export const HeaderName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'expected an HTTP header name such as X-Api-Key');

/**
 * Headers a profile may not set itself: the HTTP layer, TAXII negotiation or the `auth` setting
 * own them, and a second copy would either be ignored or leak (Authorization outside `auth` would
 * escape the per-origin rule).
 */
export const RESERVED_HEADERS = [
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'authorization',
  'cookie',
  'range',
] as const;

/** A SHA-256 certificate fingerprint: 32 bytes of hex, any case, colons or spaces optional. */
export const Sha256Fingerprint = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s:]/g, '').toUpperCase())
  .refine((v) => /^[0-9A-F]{64}$/.test(v), {
    message: 'expected a SHA-256 fingerprint: 64 hex digits, colons optional',
  })
  .transform((v) => normalizeFingerprint(v));

/** `AB:CD:…` upper-case with colons (the form Node and browsers show); input need not be clean. */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[\s:]/g, '').toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? '';
}

/** A profile id (UUID chosen by the store). */
export const ProfileId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a profile id (letters, digits, - and _)');

/** A profile's display name; also how the command line names it. Unique, case-insensitively. */
export const ProfileName = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(200)
  .refine(
    (v) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'a name cannot hold control characters',
  );

// ---------------------------------------------------------------------------------------------
// A profile

/** How to reach the server. */
export const ServerTarget = z.discriminatedUnion('kind', [
  /** The discovery URL (`https://host/taxii2/`, or `/taxii/` for 2.0). */
  z.strictObject({ kind: z.literal('discovery'), url: ServerUrl }),
  /** A bare domain; DNS SRV `_taxii2._tcp.<domain>` (2.0: `_taxii._tcp`) names the host and port. */
  z.strictObject({ kind: z.literal('srv'), domain: DomainName }),
  /** An API root URL, for servers that offer no discovery. */
  z.strictObject({ kind: z.literal('api-root'), url: ServerUrl }),
]);
/** How to reach the server. */
export type ServerTarget = z.infer<typeof ServerTarget>;

/** Which TAXII version to speak. */
export const TaxiiVersionSetting = z.enum(['auto', '2.1', '2.0']);
/** Which TAXII version to speak. */
export type TaxiiVersionSetting = z.infer<typeof TaxiiVersionSetting>;

/** HTTP authentication. The secret of each kind lives in the keychain. */
export const ProfileAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** HTTP Basic; the password is the `password` secret. */
  z.strictObject({ kind: z.literal('basic'), username: z.string().min(1).max(500) }),
  /** `Authorization: Bearer`; the token is the `token` secret. */
  z.strictObject({ kind: z.literal('bearer') }),
  /** An API key in a named header; the value is the `header:<name>` secret. */
  z.strictObject({ kind: z.literal('header'), name: HeaderName }),
]);
/** HTTP authentication. */
export type ProfileAuth = z.infer<typeof ProfileAuth>;

const FilePath = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((v) => !v.includes('\u0000'), 'a file path cannot hold a NUL character');

/**
 * A TLS client certificate, kept as PATHS to the user's own files. Key material never enters the
 * profile file or the keychain: the key stays where the user keeps it (usually encrypted), only
 * its passphrase is a secret (`passphrase`), and the keychain's size limits (2.5 KB per entry on
 * Windows, less than a PKCS#12 file or a 4096-bit key) never come into play.
 */
export const ClientCertificate = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('pem'), certFile: FilePath, keyFile: FilePath }),
  z.strictObject({ format: z.literal('pkcs12'), file: FilePath }),
]);
/** A TLS client certificate. */
export type ClientCertificate = z.infer<typeof ClientCertificate>;

/** Extra CA certificates: a file of PEM certificates, or the PEM text itself (shareable). */
export const CaSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: FilePath }),
  z.strictObject({
    kind: z.literal('pem'),
    pem: z
      .string()
      .max(1_000_000)
      .refine((v) => v.includes('-----BEGIN CERTIFICATE-----'), 'expected PEM certificates'),
  }),
]);
/** Extra CA certificates. */
export type CaSource = z.infer<typeof CaSource>;

/** TLS trust. System CAs are always trusted; `ca` adds to them; `pinSha256` accepts one leaf. */
export const TlsTrust = z.strictObject({
  ca: CaSource.optional(),
  /** Pinned SHA-256 fingerprint of the server's certificate, `AB:CD:…`. */
  pinSha256: Sha256Fingerprint.optional(),
  /** Client identity (mutual TLS); combines with any HTTP `auth`. */
  clientCertificate: ClientCertificate.optional(),
});
/** TLS trust and client identity. */
export type TlsTrust = z.infer<typeof TlsTrust>;

/** Proxy: the system's (HTTPS_PROXY/NO_PROXY, or what the app passes), none, or an explicit one. */
export const ProxySetting = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system') }),
  z.strictObject({ kind: z.literal('none') }),
  /** `http://host:port`; the password is the `proxy-password` secret. No credentials in the URL. */
  z.strictObject({
    kind: z.literal('url'),
    url: ServerUrl,
    username: z.string().min(1).max(500).optional(),
  }),
]);
/** Proxy setting. */
export type ProxySetting = z.infer<typeof ProxySetting>;

/** An extra header on every request. A `secret` header's value is the `header:<name>` secret. */
export const ExtraHeader = z.union([
  z.strictObject({ name: HeaderName, secret: z.literal(false), value: z.string().max(8192) }),
  z.strictObject({ name: HeaderName, secret: z.literal(true) }),
]);
/** An extra header. */
export type ExtraHeader = z.infer<typeof ExtraHeader>;

/**
 * A request budget the client keeps to by itself: at most `requests` requests in any
 * `windowSeconds`, for public servers that allow, say, ten requests per ten minutes.
 */
export const RequestBudgetSetting = z.strictObject({
  requests: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});
/** A request budget. */
export type RequestBudgetSetting = z.infer<typeof RequestBudgetSetting>;

const settingsShape = {
  name: ProfileName,
  server: ServerTarget,
  taxiiVersion: TaxiiVersionSetting.default('auto'),
  auth: ProfileAuth.default({ kind: 'none' }),
  tls: TlsTrust.default({}),
  proxy: ProxySetting.default({ kind: 'system' }),
  timeoutMs: z.number().int().min(1000).max(600_000).default(DEFAULT_TIMEOUT_MS),
  /** Whole-response deadline per request (absent: DEFAULT_DEADLINE_MS). */
  deadlineMs: z.number().int().min(1000).max(3_600_000).optional(),
  pageSize: z.number().int().min(1).max(10_000).default(DEFAULT_PAGE_SIZE),
  headers: z.array(ExtraHeader).max(50).default([]),
  /**
   * Query parameters that carried a secret in a pasted URL: their values were moved to the
   * keychain (`query:<name>`) and go back onto the URL only when a request is made.
   */
  urlSecretParams: z.array(z.string().min(1).max(200)).max(20).default([]),
  /** At most this many requests per window (absent: no budget of Taxiway's own). */
  budget: RequestBudgetSetting.optional(),
  /** Keep fetched pages on disk so reopening a collection costs no requests (the default). */
  cache: z.boolean().default(true),
  /**
   * Cached pages older than this (minutes) are fetched afresh; younger ones are shown once the
   * server has said what is new since them. 0: always fetch afresh. Absent: a day
   * (`DEFAULT_CACHE_LIFETIME_MINUTES`).
   */
  cacheLifetimeMinutes: z.number().int().min(0).max(525_600).optional(),
  /** Named filters, sort and columns per collection (absent on save: the stored ones are kept). */
  savedViews: z.array(SavedView).max(500).optional(),
  /** Whole collections watched for what is new (absent on save: the stored ones are kept). */
  watches: z.array(CollectionWatch).max(500).optional(),
};

type SettingsShape = {
  auth: ProfileAuth;
  headers: ExtraHeader[];
};

/** Cross-field rules: no reserved or duplicate headers, no API key in a header the HTTP layer owns. */
function checkSettings(p: SettingsShape, ctx: z.RefinementCtx): void {
  const reserved = RESERVED_HEADERS as readonly string[];
  const seen = new Set<string>();
  p.headers.forEach((h, i) => {
    const lower = h.name.toLowerCase();
    const path = ['headers', i, 'name'];
    if (reserved.includes(lower)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${h.name} cannot be set as an extra header; use the authentication setting instead`,
      });
    } else if (p.auth.kind === 'header' && p.auth.name.toLowerCase() === lower) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${h.name} is already the authentication header`,
      });
    } else if (seen.has(lower)) {
      ctx.addIssue({ code: 'custom', path, message: `${h.name} appears twice` });
    }
    seen.add(lower);
  });
  if (p.auth.kind === 'header' && reserved.includes(p.auth.name.toLowerCase())) {
    ctx.addIssue({
      code: 'custom',
      path: ['auth', 'name'],
      message: `${p.auth.name} cannot carry an API key; use basic or bearer authentication`,
    });
  }
}

/** Everything a person sets about a profile (what a form or `profiles add` provides). */
export const ProfileSettings = z.strictObject(settingsShape).superRefine(checkSettings);
/** What a person sets (defaults applied). */
export type ProfileSettings = z.infer<typeof ProfileSettings>;
/** What a person sets, before defaults (what callers pass in). */
export type ProfileSettingsInput = z.input<typeof ProfileSettings>;

/** A saved profile: settings plus identity and timestamps. */
export const Profile = z
  .strictObject({
    ...settingsShape,
    id: ProfileId,
    createdAt: z.string().max(64),
    updatedAt: z.string().max(64),
  })
  .superRefine(checkSettings);
/** A saved profile. */
export type Profile = z.infer<typeof Profile>;

/** The profile file, version 1. */
export const ProfileFile = z.strictObject({
  version: z.literal(PROFILE_FILE_VERSION),
  profiles: z.array(z.unknown()),
});

// ---------------------------------------------------------------------------------------------
// Secrets, seen from here only as names and flags

/** One kind of secret a profile can hold; each is one keychain entry. */
export type SecretRef =
  | { kind: 'password' }
  | { kind: 'token' }
  | { kind: 'header'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'passphrase' }
  | { kind: 'proxy-password' };

/** The keychain account of one secret: `<profileId>:password`, `…:header:x-api-key`, … */
export function secretAccount(profileId: string, ref: SecretRef): string {
  switch (ref.kind) {
    case 'header':
      // Header names are case-insensitive (RFC 9110 §5.1): one entry whatever the spelling.
      return `${profileId}:header:${ref.name.toLowerCase()}`;
    case 'query':
      return `${profileId}:query:${ref.name}`;
    default:
      return `${profileId}:${ref.kind}`;
  }
}

/** Every secret the given settings can use (and so may have in the keychain). */
export function secretRefsOf(p: ProfileSettings): SecretRef[] {
  const refs: SecretRef[] = [];
  if (p.auth.kind === 'basic') refs.push({ kind: 'password' });
  if (p.auth.kind === 'bearer') refs.push({ kind: 'token' });
  if (p.auth.kind === 'header') refs.push({ kind: 'header', name: p.auth.name });
  for (const h of p.headers) if (h.secret) refs.push({ kind: 'header', name: h.name });
  for (const q of p.urlSecretParams) refs.push({ kind: 'query', name: q });
  if (p.tls.clientCertificate) refs.push({ kind: 'passphrase' });
  if (p.proxy.kind === 'url' && p.proxy.username) refs.push({ kind: 'proxy-password' });
  return refs;
}

/** Which secrets are stored for a profile: flags only, never values. */
export const SecretFlags = z.strictObject({
  hasPassword: z.boolean(),
  hasToken: z.boolean(),
  /** The `auth` header's value (API key). */
  hasHeaderValue: z.boolean(),
  /** Extra headers marked secret whose value is stored. */
  storedSecretHeaders: z.array(z.string()),
  /** URL query parameters whose value is stored. */
  storedUrlSecretParams: z.array(z.string()),
  hasPassphrase: z.boolean(),
  hasProxyPassword: z.boolean(),
  /** Secrets the settings need but the keychain does not hold (names like `password`, `header:X-Api-Key`). */
  missing: z.array(z.string()),
});
/** Which secrets are stored for a profile. */
export type SecretFlags = z.infer<typeof SecretFlags>;

/** Where secrets live right now: the OS keychain, this session's memory only, or nowhere. */
export const SecretStorageState = z.enum(['keychain', 'session', 'unavailable']);
/** Where secrets live right now. */
export type SecretStorageState = z.infer<typeof SecretStorageState>;

/** A profile as the renderer and `profiles list/show` see it: every setting, secrets as flags. */
export const ProfileSummary = z.strictObject({
  id: ProfileId,
  name: z.string(),
  server: ServerTarget,
  /** One line naming the server without credentials (URL or `SRV example.com`). */
  location: z.string(),
  taxiiVersion: TaxiiVersionSetting,
  auth: ProfileAuth,
  tls: TlsTrust,
  proxy: ProxySetting,
  timeoutMs: z.number(),
  deadlineMs: z.number().optional(),
  pageSize: z.number(),
  headers: z.array(ExtraHeader),
  urlSecretParams: z.array(z.string()),
  budget: RequestBudgetSetting.optional(),
  cache: z.boolean(),
  cacheLifetimeMinutes: z.number().optional(),
  /** Saved views (always sent by this build; absent reads as none). */
  savedViews: z.array(SavedView).optional(),
  /** Watched collections (always sent by this build; absent reads as none). */
  watches: z.array(CollectionWatch).optional(),
  secrets: SecretFlags,
  /** Whether the flags above come from the keychain, this session's memory, or could not be read. */
  secretStorage: SecretStorageState,
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A profile without secrets. */
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/**
 * Secret values given with a save: they go straight to the keychain and never come back.
 * An omitted key keeps what is stored; `null` removes it.
 */
export const SecretChanges = z.strictObject({
  password: z.string().min(1).max(10_000).nullable().optional(),
  token: z.string().min(1).max(10_000).nullable().optional(),
  /** Values of the `auth` header and of extra headers marked secret, by header name. */
  headers: z.record(z.string(), z.string().min(1).max(10_000).nullable()).optional(),
  /** Values of `urlSecretParams`, by parameter name. */
  query: z.record(z.string(), z.string().min(1).max(10_000).nullable()).optional(),
  passphrase: z.string().min(1).max(10_000).nullable().optional(),
  proxyPassword: z.string().min(1).max(10_000).nullable().optional(),
});
/** Secret values given with a save. */
export type SecretChanges = z.infer<typeof SecretChanges>;

// ---------------------------------------------------------------------------------------------
// Sharing

/** One profile in an export: settings only (no id, no timestamps, no secrets). */
export const ExportedProfile = ProfileSettings;

/** A shareable document of profiles, without secrets. */
export const ProfileExport = z.strictObject({
  format: z.literal(PROFILE_EXPORT_FORMAT),
  version: z.literal(PROFILE_EXPORT_VERSION),
  exportedAt: z.string().optional(),
  /** Free text for the person receiving it (which secrets to ask for, …). */
  note: z.string().max(10_000).optional(),
  profiles: z.array(z.unknown()).max(10_000),
});
/** A shareable document of profiles (entries validated one by one on import). */
export type ProfileExport = {
  format: typeof PROFILE_EXPORT_FORMAT;
  version: typeof PROFILE_EXPORT_VERSION;
  exportedAt?: string;
  note?: string;
  profiles: ProfileSettingsInput[];
};

/** What an import does when a name is already taken. */
export const ImportClash = z.enum(['rename', 'skip', 'replace']);
/** What an import does when a name is already taken. */
export type ImportClash = z.infer<typeof ImportClash>;

/** One problem found in an imported document, with its JSON path (`profiles[2].auth.kind`). */
export interface ImportProblem {
  path: string;
  message: string;
}

/** The outcome of an import. */
export interface ImportResult {
  imported: ProfileSummary[];
  /** Imported under another name because the name was taken (`rename`). */
  renamed: { from: string; to: string }[];
  /** Left out, with why (`skip` on a clash, or invalid). */
  skipped: { name: string; reason: string }[];
  /** Existing profiles overwritten (`replace`). */
  replaced: string[];
  /** Every validation problem, by path. */
  problems: ImportProblem[];
}

/** A JSON path for people: `profiles[2].auth.kind`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/** One line naming where a profile points, without credentials. */
export function describeServer(server: ServerTarget): string {
  switch (server.kind) {
    case 'discovery':
      return server.url;
    case 'api-root':
      return `${server.url} (API root)`;
    case 'srv':
      return `${server.domain} (DNS SRV)`;
  }
}
