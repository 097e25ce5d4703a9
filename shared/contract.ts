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
  Sha256Fingerprint,
} from './profile';

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
  /** The opaque cursor from the previous page's `next`. */
  next: z.string().min(1).max(8192).optional(),
};

/** One page of a paged endpoint. `next` is an opaque cursor for the following call. */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    more: z.boolean(),
    next: z.string().optional(),
    /** `X-TAXII-Date-Added-First` / `-Last`, verbatim, when the server sent them. */
    dateAddedFirst: z.string().optional(),
    dateAddedLast: z.string().optional(),
  });

// ---------------------------------------------------------------------------------------------
// App

/** What the renderer needs to know about the running app. */
export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
  keychain: z.strictObject({
    available: z.boolean(),
    /** Why not, and what to do, when unavailable. */
    reason: z.string().optional(),
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

/** One step of a connection test, reported as it runs and in the final report. */
export const TestStep = z.strictObject({
  step: z.string(),
  label: z.string(),
  status: z.enum(['running', 'ok', 'failed', 'skipped', 'warning']),
  message: z.string().optional(),
  hint: z.string().optional(),
  durationMs: z.number().optional(),
  /** Certificate subject, fingerprint, server title… (no secrets). */
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
});

/** The outcome of a connection test. */
export const TestReport = z.strictObject({
  ok: z.boolean(),
  steps: z.array(TestStep),
  /** TAXII version the server speaks, when found. */
  taxiiVersion: z.enum(['2.0', '2.1']).optional(),
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
// TAXII resources (reconciled with shared/taxii when it lands)

/** Discovery (`/taxii2/`) with API roots resolved to absolute URLs. */
export const DiscoveryInfo = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  contact: z.string().optional(),
  default: z.string().optional(),
  apiRoots: z.array(z.string()),
  taxiiVersion: z.enum(['2.0', '2.1']),
  /** The discovery URL actually used (after SRV lookup or trailing-slash repair). */
  url: z.string(),
});

/** An API root's information (spec §4.2). */
export const ApiRootInfo = z.strictObject({
  url: z.string(),
  title: z.string(),
  description: z.string().optional(),
  versions: z.array(z.string()),
  maxContentLength: z.number(),
});

/** A collection (spec §5.2). */
export const CollectionInfo = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  alias: z.string().optional(),
  canRead: z.boolean(),
  canWrite: z.boolean(),
  mediaTypes: z.array(z.string()).optional(),
});

/** One manifest record (2.1: one per object version). */
export const ManifestRecord = z.strictObject({
  id: z.string(),
  dateAdded: z.string().optional(),
  version: z.string().optional(),
  mediaType: z.string().optional(),
  /** 2.0 manifest entries list several versions. */
  versions: z.array(z.string()).optional(),
  mediaTypes: z.array(z.string()).optional(),
});

/** A status resource (spec §4.3), normalised across 2.0 and 2.1. */
export const StatusDetail = z.strictObject({
  id: z.string(),
  version: z.string().optional(),
  message: z.string().optional(),
});
export const StatusInfo = z.strictObject({
  id: z.string(),
  status: z.enum(['pending', 'complete']),
  requestTimestamp: z.string().optional(),
  totalCount: z.number(),
  successCount: z.number(),
  failureCount: z.number(),
  pendingCount: z.number(),
  successes: z.array(StatusDetail).optional(),
  failures: z.array(StatusDetail).optional(),
  pendings: z.array(StatusDetail).optional(),
});

/** One problem found in a bundle, located by object and JSON path. */
export const BundleProblem = z.strictObject({
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
  objectCount: z.number(),
  types: z.record(z.string(), z.number()),
  specVersions: z.array(z.string()),
  problems: z.array(BundleProblem),
  /** Bytes of the serialised objects, to plan envelopes against max_content_length. */
  bytes: z.number(),
});

/** Progress of an upload: each request, then each status poll. */
export const UploadProgress = z.discriminatedUnion('phase', [
  z.strictObject({
    phase: z.literal('request'),
    index: z.number(),
    total: z.number(),
    objects: z.number(),
    bytes: z.number(),
    state: z.enum(['sending', 'accepted', 'failed']),
    statusId: z.string().optional(),
  }),
  z.strictObject({ phase: z.literal('status'), poll: z.number(), status: StatusInfo }),
]);

/** The outcome of an upload: each request and the final (or last seen) status of each. */
export const UploadReport = z.strictObject({
  requests: z.array(
    z.strictObject({
      index: z.number(),
      objects: z.number(),
      bytes: z.number(),
      httpStatus: z.number().optional(),
      statusId: z.string().optional(),
      error: z
        .strictObject({ code: z.string(), message: z.string(), hint: z.string().optional() })
        .optional(),
    }),
  ),
  statuses: z.array(StatusInfo),
  /** True when every status reached `complete` before the call ended. */
  complete: z.boolean(),
});

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
    result: DiscoveryInfo,
  }),
  'roots.get': call({
    args: z.strictObject({ connectionId: ConnectionId, apiRoot: HttpUrl }),
    result: ApiRootInfo,
  }),
  'collections.list': call({
    args: z.strictObject({ connectionId: ConnectionId, apiRoot: HttpUrl }),
    result: z.array(CollectionInfo),
  }),

  'objects.page': call({ args: z.strictObject(PageArgs), result: pageOf(JsonObject) }),
  'manifest.page': call({ args: z.strictObject(PageArgs), result: pageOf(ManifestRecord) }),
  'object.get': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      versions: z.array(VersionSelector).max(20).optional(),
      specVersions: z.array(z.string()).max(10).optional(),
      next: z.string().min(1).max(8192).optional(),
    }),
    result: pageOf(JsonObject),
  }),
  'object.versions': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      next: z.string().min(1).max(8192).optional(),
    }),
    result: pageOf(z.string()),
  }),
  'object.delete': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      objectId: ObjectId,
      /** One version to delete; absent deletes every version. */
      version: Timestamp.optional(),
    }),
    result: z.strictObject({ objectId: z.string(), deleted: z.literal(true) }),
  }),

  'bundle.validate': call({
    args: z.strictObject({ text: z.string().max(200_000_000) }),
    result: BundleReport,
  }),
  'bundle.upload': call({
    args: z.strictObject({
      ...CollectionRef.shape,
      text: z.string().min(1).max(200_000_000),
      /** Follow each status until complete (default true). */
      followStatus: z.boolean().optional(),
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
    result: StatusInfo,
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
} as const;

/** Every event the main process pushes: name → payload schema. */
export const events = {
  'activity.recorded': ActivityRecord,
  'connections.changed': z.strictObject({ ids: z.array(z.string()) }),
  'status.updated': z.strictObject({
    connectionId: z.string(),
    apiRoot: z.string(),
    status: StatusInfo,
  }),
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
