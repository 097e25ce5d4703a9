/**
 * The one contract between the renderer and the main process (and the web bridge): every call's
 * arguments, result and progress, and every event, as zod schemas. Types for the preload, the
 * handlers, the renderer's hooks and the bridge are all derived from here; the receiving ends
 * (dispatch) validate arguments at run time, and dev/test builds check results against these
 * STRICT schemas so that a secret-bearing field cannot slip into anything sent to the renderer.
 *
 * Names are `area.verb`; events are past tense. Pages stay pages: no call returns a whole
 * collection in one message.
 */
import { z } from 'zod';
import {
  ImportClash,
  ProfileId,
  ProfileSettings,
  ProfileSummary,
  SecretChanges,
  SecretStorageState,
  Sha256Fingerprint,
} from './profile';
import { ERROR_CODES } from './errors';
import { walkCheckpointSchema } from './taxii/checkpoint';
import { QUIRK_CODES } from './taxii/notes';
import {
  apiRootSchema,
  collectionSchema,
  discoverySchema,
  manifestRecordSchema,
  statusSchema,
} from './taxii/resources';
import { viewCalls, viewEvents } from './contract/views';

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A call's schemas. `progress` is present only for calls that report progress. */
interface CallSpec<
  A extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  P extends z.ZodType | undefined = z.ZodType | undefined,
> {
  args: A;
  result: R;
  progress: P;
}

function call<A extends z.ZodType, R extends z.ZodType>(d: {
  args: A;
  result: R;
}): CallSpec<A, R, undefined>;
function call<A extends z.ZodType, R extends z.ZodType, P extends z.ZodType>(d: {
  args: A;
  result: R;
  progress: P;
}): CallSpec<A, R, P>;
function call(d: { args: z.ZodType; result: z.ZodType; progress?: z.ZodType }): CallSpec {
  return { args: d.args, result: d.result, progress: d.progress };
}

const NoArgs = z.strictObject({});

/** A TAXII/STIX timestamp: RFC 3339 in UTC, any number of fractional digits, kept verbatim. */
export const Timestamp = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
    'expected a UTC timestamp such as 2024-05-01T12:00:00.000Z',
  );

/** An absolute http(s) URL with a host and no whitespace (main parses it fully before use). */
export const HttpUrl = z
  .string()
  .max(4096)
  .regex(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i, 'expected an absolute http:// or https:// URL');

/** The id of a saved connection profile. */
export const ConnectionId = ProfileId;

/** A STIX id (`type--uuid`) or any other server-defined object identifier. */
export const ObjectId = z.string().min(1).max(512);

/** Arbitrary JSON content from a server (STIX objects, custom and non-STIX content alike). */
export const JsonObject = z.record(z.string(), z.unknown());

/** Where a collection lives: a saved connection, one of its API roots, one collection. */
export const CollectionRef = z.strictObject({
  connectionId: ConnectionId,
  /** Absolute API root URL as listed by discovery (trailing slash included). */
  apiRoot: HttpUrl,
  collectionId: z.string().min(1).max(512),
});

/** One `match[version]` value: a keyword or an exact version timestamp. */
export const VersionSelector = z.union([z.enum(['first', 'last', 'all']), Timestamp]);

/** The TAXII filters a user can set on objects and manifest views (spec §3.4). */
export const ObjectFilters = z
  .strictObject({
    types: z.array(z.string().min(1).max(250)).max(200).optional(),
    ids: z.array(ObjectId).max(500).optional(),
    addedAfter: Timestamp.optional(),
    specVersions: z
      .array(z.string().regex(/^\d+\.\d+$/, 'expected a version like 2.1'))
      .max(10)
      .optional(),
    versions: z.array(VersionSelector).max(20).optional(),
  })
  .refine((f) => !(f.versions?.includes('all') && f.versions.length > 1), {
    message: "'all' cannot be combined with other version values (spec §3.4.1)",
    path: ['versions'],
  });

/** Arguments shared by the paged collection calls. */
const PageArgs = {
  ...CollectionRef.shape,
  filters: ObjectFilters.optional(),
  /** Page size asked of the server; the server may return fewer. */
  limit: z.number().int().min(1).max(10_000).optional(),
  /** The cursor from the previous page's `next` (same query). */
  next: z.string().min(1).max(200).optional(),
  /**
   * First page only: fetch afresh instead of serving pages from the connection's page cache
   * (what is stored for this query is replaced as the new pages arrive).
   */
  refresh: z.boolean().optional(),
  /** Put each page's `checkpoint` on it, to save and pass back as `resume` later. */
  checkpoints: z.boolean().optional(),
  /**
   * First page only: continue a walk after the page this checkpoint was taken on (same
   * collection and filters), without refetching or duplicating what came before it.
   */
  resume: walkCheckpointSchema.optional(),
};

// ---------------------------------------------------------------------------------------------
// App

/** What the renderer needs to know about the running app. */
export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
  keychain: z.strictObject({
    /** Whether secrets can be saved: in the OS keychain, or in memory for this session. */
    available: z.boolean(),
    /**
     * Why the OS keychain cannot be used, and what to do (present when unavailable, and in
     * session-only mode, which exists because of it).
     */
    reason: z.string().optional(),
    /**
     * Where secrets go: the OS keychain; this session's memory only (`keychain.use-session`,
     * forgotten when Taxiway quits); or nowhere yet (the keychain is unavailable).
     */
    storage: SecretStorageState,
  }),
  /** Discovery URL of the demo TAXII server when this run started one. */
  demoServerUrl: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Connections (profiles and their schemas live in ./profile.ts)

/** Import outcome (see `ImportResult` in ./profile.ts). */
export const ConnectionImportResult = z.strictObject({
  imported: z.array(ProfileSummary),
  renamed: z.array(z.strictObject({ from: z.string(), to: z.string() })),
  skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
  replaced: z.array(z.string()),
  problems: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});

/** A WireError (./errors.ts) as data inside a result. */
export const WireErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string().optional(),
  where: z.string().optional(),
  status: z.number().optional(),
  /** The server's own error resource: its properties are the server's, so extras are allowed. */
  taxii: z
    .object({
      title: z.string(),
      description: z.string().optional(),
      error_id: z.string().optional(),
      error_code: z.string().optional(),
      http_status: z.string().optional(),
      external_details: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  retryable: z.boolean().optional(),
  retryAfterSeconds: z.number().optional(),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
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
  error: WireErrorSchema.optional(),
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

// ---------------------------------------------------------------------------------------------
// TAXII resources: the loose schemas of ./taxii/resources.ts (a server's own properties are
// kept), inside strict wrappers of ours.

/** A quirk note (./taxii/notes.ts): what a server did that the spec does not allow. */
export const QuirkNoteSchema = z.strictObject({
  code: z.enum(QUIRK_CODES),
  message: z.string(),
  where: z.string().optional(),
});

const taxiiVersion = z.enum(['2.0', '2.1']);

/** A single resource with the version spoken, the URL that answered and the notes. */
const resultOf = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    value,
    version: taxiiVersion,
    url: z.string(),
    notes: z.array(QuirkNoteSchema),
  });

/** What discovery found; `apiRoots` are absolute and end in `/`. */
export const DiscoveryResult = resultOf(
  z.strictObject({
    discovery: discoverySchema,
    apiRoots: z.array(z.string()),
    default: z.string().optional(),
  }),
);

/**
 * One page (./taxii/page.ts). `next` is Taxiway's cursor for the following page of the same
 * query (not the server's token): absent when there are no more pages.
 */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    more: z.boolean(),
    next: z.string().optional(),
    dateAddedFirst: z.string().optional(),
    dateAddedLast: z.string().optional(),
    range: z
      .strictObject({ first: z.number(), last: z.number(), total: z.number().optional() })
      .optional(),
    /** What the server did out of the ordinary on this page (quirks, waits, retries). */
    notes: z.array(QuirkNoteSchema),
    url: z.string(),
    /** Set when the page came from the connection's page cache: when it was stored (ISO 8601). */
    fromCache: z.string().optional(),
    /** Where the walk stands after this page (only when asked for with `checkpoints`). */
    checkpoint: walkCheckpointSchema.optional(),
  });

/** One problem found in a bundle, located by object and JSON path (or line and column). */
export const BundleProblem = z.strictObject({
  /** Errors stop an upload; warnings do not. */
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** JSON path such as `$.objects[3].created`. */
  path: z.string(),
  objectId: z.string().optional(),
  objectIndex: z.number().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

/** What validating a bundle found. */
export const BundleReport = z.strictObject({
  valid: z.boolean(),
  /** What the text held: a bundle, an envelope, an array of objects or one object. */
  form: z.enum(['bundle', 'envelope', 'array', 'object']).optional(),
  objectCount: z.number(),
  /** Objects per type. */
  types: z.record(z.string(), z.number()),
  specVersions: z.array(z.string()),
  problems: z.array(BundleProblem),
  /** UTF-8 size of the text. */
  bytes: z.number(),
});

/** Progress of an upload, in order (electron/services/taxii/publish.ts). */
export const UploadProgress = z.discriminatedUnion('phase', [
  z.strictObject({
    phase: z.literal('prepared'),
    objects: z.number(),
    requests: z.number(),
    maxBytes: z.number().optional(),
  }),
  z.strictObject({
    phase: z.literal('uploading'),
    request: z.number(),
    of: z.number(),
    objects: z.number(),
    bytes: z.number(),
  }),
  z.strictObject({
    phase: z.literal('uploaded'),
    request: z.number(),
    of: z.number(),
    statusId: z.string(),
    status: z.string(),
  }),
  z.strictObject({
    phase: z.literal('waiting'),
    pendingRequests: z.number(),
    pendingObjects: z.number(),
    waitMs: z.number(),
  }),
  z.strictObject({ phase: z.literal('done'), complete: z.boolean() }),
]);

/** The outcome of an upload: each request, each object's fate, the statuses. */
export const UploadReport = z.strictObject({
  version: taxiiVersion,
  collectionUrl: z.string(),
  requests: z.array(
    z.strictObject({
      index: z.number(),
      objects: z.number(),
      bytes: z.number(),
      statusId: z.string(),
      status: statusSchema,
      expired: z.boolean().optional(),
    }),
  ),
  objects: z.array(
    z.strictObject({
      id: z.string(),
      version: z.string().optional(),
      outcome: z.enum(['success', 'failure', 'pending', 'unknown']),
      message: z.string().optional(),
      request: z.number(),
    }),
  ),
  counts: z.strictObject({
    total: z.number(),
    success: z.number(),
    failure: z.number(),
    pending: z.number(),
    unknown: z.number(),
  }),
  status: statusSchema,
  complete: z.boolean(),
  notes: z.array(QuirkNoteSchema),
});

// ---------------------------------------------------------------------------------------------
// Conformance and comparison

/** One line of a conformance report (./taxii/conformance.ts). */
export const CheckLineSchema = z.strictObject({
  /** Stable id, e.g. `discovery.media-type`. */
  id: z.string(),
  status: z.enum(['pass', 'fail', 'warn']),
  level: z.enum(['MUST', 'SHOULD', 'MAY']),
  /** The clause checked, e.g. `TAXII 2.1 §3.1`. */
  clause: z.string(),
  checked: z.string(),
  observed: z.string(),
  /** A known misbehaviour recognised, by name (e.g. `numeric-next`). */
  finding: z.string().optional(),
  url: z.string().optional(),
});

/** A conformance report (./taxii/conformance.ts): every line, what was skipped, the verdict. */
export const ConformanceReportSchema = z.strictObject({
  v: z.literal(1),
  target: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  taxiiVersion: z.enum(['2.1', '2.0']).optional(),
  discoveryUrl: z.string().optional(),
  apiRoot: z.string().optional(),
  collection: z.string().optional(),
  writeCollection: z.string().optional(),
  lines: z.array(CheckLineSchema).max(2000),
  skipped: z.array(z.string()).max(200),
  findings: z.array(z.string()).max(200),
  summary: z.strictObject({ pass: z.number(), fail: z.number(), warn: z.number() }),
  /** True when no line failed: every MUST checked holds. */
  mustsHold: z.boolean(),
  requests: z.number(),
});

/** One difference between two collections (electron/services/compare); versions oldest first. */
export const DiffEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('only-in-a'), id: z.string(), versions: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('only-in-b'), id: z.string(), versions: z.array(z.string()) }),
  z.strictObject({
    kind: z.literal('versions-differ'),
    id: z.string(),
    onlyInA: z.array(z.string()),
    onlyInB: z.array(z.string()),
    latestA: z.string(),
    latestB: z.string(),
    /** Which side's latest version is newer ('same' when the latest are equal). */
    newer: z.enum(['a', 'b', 'same']),
  }),
]);

const DiffSideSummary = z.strictObject({
  url: z.string(),
  objects: z.number(),
  versions: z.number(),
  notes: z.array(QuirkNoteSchema),
});

/** Totals of a comparison, and what each server did out of the ordinary while being read. */
export const DiffSummarySchema = z.strictObject({
  a: DiffSideSummary,
  b: DiffSideSummary,
  onlyInA: z.number(),
  onlyInB: z.number(),
  versionsDiffer: z.number(),
  newerInA: z.number(),
  newerInB: z.number(),
  /** Objects with exactly the same versions on both sides. */
  same: z.number(),
  identical: z.boolean(),
});

/** A wait the client takes on purpose (./taxii/waits.ts), for a countdown. */
export const WaitReasonSchema = z.enum(['rate-limited', 'unavailable', 'retry', 'budget']);

// ---------------------------------------------------------------------------------------------
// Activity

/** One HTTP exchange with a TAXII server, secrets redacted. */
export const ActivityRecord = z.strictObject({
  id: z.string(),
  connectionId: z.string().optional(),
  method: z.string(),
  url: z.string(),
  status: z.number().optional(),
  durationMs: z.number(),
  bytes: z.number().optional(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
  startedAt: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Export

/** The result of an export: a saved file (Electron), a download to fetch (web), or cancelled. */
export const ExportResult = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('saved'),
    path: z.string(),
    fileName: z.string(),
    count: z.number(),
    bytes: z.number(),
  }),
  z.strictObject({
    kind: z.literal('download'),
    /** One-time id; the web transport fetches `/api/download/<id>` with its token. */
    downloadId: z.string(),
    fileName: z.string(),
    count: z.number(),
    bytes: z.number(),
  }),
  z.strictObject({ kind: z.literal('cancelled') }),
]);

// ---------------------------------------------------------------------------------------------
// The calls

/** Every call: name → { args, result, progress? }. */
export const calls = {
  'app.info': call({ args: NoArgs, result: AppInfo }),

  'connections.list': call({ args: NoArgs, result: z.array(ProfileSummary) }),
  'connections.get': call({ args: z.strictObject({ id: ProfileId }), result: ProfileSummary }),
  'connections.save': call({
    args: z.strictObject({
      /** Absent for a new connection. */
      id: ProfileId.optional(),
      settings: ProfileSettings,
      /** Go straight to the keychain; never returned. */
      secrets: SecretChanges.optional(),
    }),
    result: ProfileSummary,
  }),
  'connections.remove': call({
    args: z.strictObject({ id: ProfileId }),
    result: z.strictObject({ id: ProfileId, removed: z.boolean() }),
  }),
  'connections.test': call({ args: TestTarget, result: TestReport, progress: TestStep }),
  'connections.import': call({
    args: z.strictObject({
      /** The text of an exported profiles file. */
      content: z.string().min(1).max(5_000_000),
      onClash: ImportClash.optional(),
    }),
    result: ConnectionImportResult,
  }),
  'connections.export': call({
    args: z.strictObject({ ids: z.array(ProfileId).max(1000).optional() }),
    /** Profiles without secrets, as the text of a file the renderer offers for download. */
    result: z.strictObject({ fileName: z.string(), content: z.string(), count: z.number() }),
  }),
  'connections.pin-certificate': call({
    args: z.strictObject({ id: ProfileId, fingerprintSha256: Sha256Fingerprint }),
    result: ProfileSummary,
  }),

  'discovery.get': call({
    args: z.strictObject({ connectionId: ConnectionId }),
    result: DiscoveryResult,
  }),
  'roots.get': call({
    args: z.strictObject({ connectionId: ConnectionId, apiRoot: HttpUrl }),
    result: resultOf(apiRootSchema),
  }),
  'collections.list': call({
    args: z.strictObject({ connectionId: ConnectionId, apiRoot: HttpUrl }),
    result: resultOf(z.array(collectionSchema)),
  }),

  'objects.page': call({ args: z.strictObject(PageArgs), result: pageOf(JsonObject) }),
  'manifest.page': call({ args: z.strictObject(PageArgs), result: pageOf(manifestRecordSchema) }),
  'object.get': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      /** `match[version]`; default on the server: the latest. */
      versions: z.array(VersionSelector).min(1).max(20).optional(),
      specVersions: z
        .array(z.string().regex(/^\d+\.\d+$/))
        .max(10)
        .optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      next: z.string().min(1).max(200).optional(),
    }),
    result: pageOf(JsonObject),
  }),
  'object.versions': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      limit: z.number().int().min(1).max(10_000).optional(),
      next: z.string().min(1).max(200).optional(),
    }),
    result: pageOf(z.string()),
  }),
  'object.delete': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      /** One version (its `modified`) to delete; absent deletes every version. */
      version: Timestamp.optional(),
    }),
    result: z.strictObject({ objectId: z.string(), deleted: z.literal(true), url: z.string() }),
  }),

  'bundle.validate': call({
    args: z.strictObject({ text: z.string().max(200_000_000) }),
    result: BundleReport,
  }),
  'bundle.upload': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      text: z.string().min(1).max(200_000_000),
      /** Follow each status until nothing is pending (default true). */
      followStatus: z.boolean().optional(),
      /** Shown in messages (the file name). */
      source: z.string().max(500).optional(),
    }),
    result: UploadReport,
    progress: UploadProgress,
  }),
  'status.get': call({
    args: z.strictObject({
      connectionId: ConnectionId,
      apiRoot: HttpUrl,
      statusId: z.string().min(1).max(512),
    }),
    result: resultOf(statusSchema),
  }),

  'conformance.check': call({
    args: z.strictObject({
      connectionId: ConnectionId,
      /** Server, discovery, API root or collection URL (default: the connection's own). */
      url: HttpUrl.optional(),
      /** A collection the check may write to (POST, status, 413, DELETE); absent: no writes. */
      writeCollectionId: z.string().min(1).max(512).optional(),
    }),
    result: ConformanceReportSchema,
    /** Each line as soon as it is judged. */
    progress: CheckLineSchema,
  }),
  'conformance.render': call({
    args: z.strictObject({
      report: ConformanceReportSchema,
      format: z.enum(['markdown', 'json', 'text']),
    }),
    /** The report as a file's text, for the renderer to offer as a download or copy. */
    result: z.strictObject({ fileName: z.string(), mediaType: z.string(), content: z.string() }),
  }),
  'collections.diff': call({
    args: z.strictObject({
      connectionIdA: ConnectionId,
      collectionUrlA: HttpUrl,
      connectionIdB: ConnectionId,
      collectionUrlB: HttpUrl,
      /** Differences per page (default 200). */
      limit: z.number().int().min(1).max(5000).optional(),
      /** The cursor from the previous page's `next` (same four arguments). */
      next: z.string().min(1).max(200).optional(),
    }),
    result: z.strictObject({
      summary: DiffSummarySchema,
      /** Differences in all (the sum of onlyInA, onlyInB and versionsDiffer). */
      total: z.number(),
      /** This page of differences, sorted by id. */
      entries: z.array(DiffEntrySchema),
      /** Index of the first entry of this page among all differences. */
      offset: z.number(),
      /** Cursor for the following page; absent on the last. */
      next: z.string().optional(),
    }),
    /** Manifest records read so far, per side, while both manifests are walked. */
    progress: z.strictObject({ side: z.enum(['a', 'b']), records: z.number() }),
  }),

  'keychain.use-session': call({
    args: NoArgs,
    /**
     * When the OS keychain is unavailable: keep secrets in this session's memory only (never on
     * disk) from now until Taxiway quits. Answers the updated app info; refused (INVALID_INPUT)
     * while the OS keychain works.
     */
    result: AppInfo,
  }),

  'activity.list': call({
    args: z.strictObject({
      connectionId: ConnectionId.optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    }),
    result: z.array(ActivityRecord),
  }),
  'request.curl': call({
    args: z.union([
      z.strictObject({ exchangeId: z.string().min(1).max(200) }),
      z.strictObject({
        connectionId: ConnectionId,
        method: z.enum(['GET', 'POST', 'DELETE']).optional(),
        url: HttpUrl,
      }),
    ]),
    /** `command` has the secret as a placeholder such as `$TAXIWAY_PASSWORD`, never the value. */
    result: z.strictObject({ command: z.string(), placeholders: z.array(z.string()) }),
  }),

  'export.objects': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      format: z.enum(['bundle', 'ndjson']),
      /** Export these filters' objects… */
      filters: ObjectFilters.optional(),
      /** …or exactly these objects (a selection). */
      ids: z.array(ObjectId).min(1).max(100_000).optional(),
      fileName: z.string().max(255).optional(),
    }),
    result: ExportResult,
    progress: z.strictObject({ written: z.number(), pages: z.number() }),
  }),

  'links.open': call({
    args: z.strictObject({ url: z.string().min(1).max(8192) }),
    /** `opened` false in web mode: the page opens the normalised `url` itself. */
    result: z.strictObject({ url: z.string(), opened: z.boolean() }),
  }),

  ...viewCalls,
} as const;

/** Every event the main process pushes: name → payload schema. */
export const events = {
  'activity.recorded': ActivityRecord,
  'connections.changed': z.strictObject({ ids: z.array(z.string()) }),
  'status.updated': z.strictObject({
    connectionId: z.string(),
    apiRoot: z.string(),
    status: statusSchema,
  }),
  /** A request of a call waits on purpose (Retry-After, backoff, request budget), announced when it starts. */
  'request.waiting': z.strictObject({
    connectionId: z.string(),
    /** The call the wait belongs to (the id the renderer gave it). */
    callId: z.string().optional(),
    /** Plain words: `waiting 12 s: server asked (429)`. */
    message: z.string(),
    /** How long, in seconds (may be fractional). */
    seconds: z.number(),
    /** When the wait ends (ISO 8601). */
    until: z.string(),
    reason: WaitReasonSchema,
    /** HTTP status that caused it, if any. */
    status: z.number().optional(),
    /** The attempt about to be made after the wait, of how many. */
    attempt: z.number().optional(),
    maxAttempts: z.number().optional(),
    /** The request waiting (no credentials). */
    url: z.string().optional(),
  }),
  ...viewEvents,
} as const;

// ---------------------------------------------------------------------------------------------
// Derived types

/** Every call name. */
export type CallName = keyof typeof calls;
/** Every event name. */
export type EventName = keyof typeof events;
/** What a caller passes (before defaults). */
export type Args<K extends CallName> = z.input<(typeof calls)[K]['args']>;
/** What a handler receives (after parsing and defaults). */
export type ParsedArgs<K extends CallName> = z.output<(typeof calls)[K]['args']>;
/** What a call resolves to. */
export type Result<K extends CallName> = z.output<(typeof calls)[K]['result']>;
/** What a call reports as it runs (`never` for calls without progress). */
export type Progress<K extends CallName> = (typeof calls)[K]['progress'] extends z.ZodType
  ? z.output<NonNullable<(typeof calls)[K]['progress']>>
  : never;
/** An event's payload. */
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

/** Every call name, as a list (for tests and the electron conformance run). */
export const CALL_NAMES = Object.keys(calls) as CallName[];
/** Every event name. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** True when `name` is a call of this contract (own keys only: `toString` is not a call). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** True when `name` is an event of this contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
