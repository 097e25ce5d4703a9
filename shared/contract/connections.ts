/**
 * The contract's connections area: saved connection profiles, their test, import and export.
 * The profiles' own schemas live in ../profile.ts.
 */
import { z } from 'zod';
import { WireError } from '../errors';
import {
  ImportClash,
  ProfileId,
  ProfileSettings,
  ProfileSummary,
  SecretChanges,
  Sha256Fingerprint,
} from '../profile';

/** The arguments of a call about one saved connection. */
export const ConnectionIdArgs = z.strictObject({ id: ProfileId });

/** `connections.save`: a new or edited connection. */
export const ConnectionSaveArgs = z.strictObject({
  /** Absent for a new connection. */
  id: ProfileId.optional(),
  settings: ProfileSettings,
  /** Go straight to the keychain; never returned. */
  secrets: SecretChanges.optional(),
});

/** `connections.remove`: which connection went. */
export const ConnectionRemoveResult = z.strictObject({ id: ProfileId, removed: z.boolean() });

/** `connections.import`: an exported profiles file and what to do on a name clash. */
export const ConnectionImportArgs = z.strictObject({
  /** The text of an exported profiles file. */
  content: z.string().min(1).max(5_000_000),
  onClash: ImportClash.optional(),
});

/** Import outcome (see `ImportResult` in ../profile.ts). */
export const ConnectionImportResult = z.strictObject({
  imported: z.array(ProfileSummary),
  renamed: z.array(z.strictObject({ from: z.string(), to: z.string() })),
  skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
  replaced: z.array(z.string()),
  problems: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});

/** `connections.export`: which profiles (default: all). */
export const ConnectionExportArgs = z.strictObject({
  ids: z.array(ProfileId).max(1000).optional(),
});

/** Profiles without secrets, as the text of a file the renderer offers for download. */
export const ConnectionExportResult = z.strictObject({
  fileName: z.string(),
  content: z.string(),
  count: z.number(),
});

/** `connections.pin-certificate`: the certificate fingerprint a test reported. */
export const PinCertificateArgs = z.strictObject({
  id: ProfileId,
  fingerprintSha256: Sha256Fingerprint,
});

const SmallFacts = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** One step of a connection test, reported as it finishes and in the final report. */
export const TestStep = z.strictObject({
  /** settings, resolve, tcp, tls, auth, discovery, api-roots, collections. */
  step: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'failed', 'skipped']),
  durationMs: z.number(),
  /** One line saying what happened (or why it was skipped). */
  detail: z.string(),
  error: WireError.optional(),
  details: SmallFacts.optional(),
});

/** A server certificate, for a person deciding whether to trust (pin) it. */
export const CertificateInfo = z.strictObject({
  where: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  serialNumber: z.string(),
  subjectAltNames: z.array(z.string()),
  selfSigned: z.boolean(),
  expired: z.boolean(),
  notYetValid: z.boolean(),
  chainTrusted: z.boolean(),
  hostnameMatches: z.boolean(),
  trusted: z.boolean(),
  trustProblem: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  pin: z.strictObject({ expected: z.string(), matches: z.boolean() }).optional(),
  chain: z.array(
    z.strictObject({ subject: z.string(), issuer: z.string(), fingerprint256: z.string() }),
  ),
  protocol: z.string(),
  cipher: z.string(),
});

/** The outcome of a connection test. */
export const TestReport = z.strictObject({
  ok: z.boolean(),
  /** The address tested, fit to show. */
  target: z.string(),
  steps: z.array(TestStep),
  taxiiVersion: z.enum(['2.0', '2.1']).optional(),
  certificate: CertificateInfo.optional(),
  startedAt: z.string(),
  durationMs: z.number(),
});

/** Test a saved connection, or a draft before saving it. */
export const TestTarget = z.union([
  z.strictObject({ id: ProfileId }),
  z.strictObject({
    id: ProfileId.optional(),
    settings: ProfileSettings,
    secrets: SecretChanges.optional(),
  }),
]);
