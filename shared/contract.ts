/**
 * The one contract between the renderer and the main process (and the web bridge): every call's
 * arguments, result and progress, and every event, as zod schemas. Types for the preload, the
 * handlers, the renderer's hooks and the bridge are all derived from here; the receiving ends
 * (dispatch) validate arguments at run time, and dev/test builds check results against these
 * STRICT schemas so that a secret-bearing field cannot slip into anything sent to the renderer.
 *
 * Names are `area.verb`; events are past tense. Pages stay pages: no call returns a whole
 * collection in one message. The schemas live by area in ./contract/ (building blocks in
 * ./contract/building-blocks.ts); this file is the index: every call, every event, the types.
 *
 * Adding a call:
 * 1. an entry in `calls` below (its schemas in ./contract/<area>.ts, strict objects);
 * 2. its handler, next to its body, in electron/app/handlers/<area>.ts (typed from this entry:
 *    `tsc` fails until it exists);
 * 3. its case in e2e/contract/cases.ts (the suite fails for a call without one).
 * The renderer calls it with `callQuery`/`callMutation` (renderer/queries/call.ts).
 */
import { z } from 'zod';
import { ProfileSummary } from './profile';
import { statusSchema } from './taxii/resources';
import { ConformanceReport, CheckLine } from './taxii/conformance';
import {
  ActivityListArgs,
  ActivityRecord,
  CurlCommand,
  RequestCurlArgs,
  RequestWaiting,
} from './contract/activity';
import { feedCalls, feedEvents } from './contract/feeds';
import { analysisCalls } from './contract/analysis';
import { viewCalls, viewEvents } from './contract/views';
import { AppInfo, LinksOpenArgs, LinksOpenResult } from './contract/app';
import {
  ApiRootResult,
  CollectionsResult,
  DiscoveryArgs,
  DiscoveryResult,
} from './contract/browse';
import { ApiRootRef, NoArgs } from './contract/building-blocks';
import { CollectionsDiffArgs, DiffPage, DiffProgress } from './contract/compare';
import {
  ConformanceCheckArgs,
  ConformanceRenderArgs,
  RenderedReport,
} from './contract/conformance';
import {
  ConnectionExportArgs,
  ConnectionExportResult,
  ConnectionIdArgs,
  ConnectionImportArgs,
  ConnectionImportResult,
  ConnectionRemoveResult,
  ConnectionSaveArgs,
  PinCertificateArgs,
  TestReport,
  TestStep,
  TestTarget,
} from './contract/connections';
import {
  CollectionPageArgs,
  ExportObjectsArgs,
  ExportProgress,
  ExportResult,
  ManifestPage,
  ObjectDeleteArgs,
  ObjectDeleteResult,
  ObjectGetArgs,
  ObjectsPage,
  ObjectVersionsArgs,
  VersionsPage,
} from './contract/objects';
import {
  BundleReport,
  BundleUploadArgs,
  BundleValidateArgs,
  StatusGetArgs,
  StatusResult,
  UploadProgress,
  UploadReport,
} from './contract/publish';

export * from './contract/activity';
export * from './contract/analysis';
export * from './contract/app';
export * from './contract/browse';
export * from './contract/building-blocks';
export * from './contract/compare';
export * from './contract/conformance';
export * from './contract/connections';
export * from './contract/feeds';
export * from './contract/objects';
export * from './contract/publish';

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

// ---------------------------------------------------------------------------------------------
// The calls

/** Every call: name → { args, result, progress? }. */
export const calls = {
  'app.info': call({ args: NoArgs, result: AppInfo }),

  'connections.list': call({ args: NoArgs, result: z.array(ProfileSummary) }),
  'connections.get': call({ args: ConnectionIdArgs, result: ProfileSummary }),
  'connections.save': call({ args: ConnectionSaveArgs, result: ProfileSummary }),
  'connections.remove': call({ args: ConnectionIdArgs, result: ConnectionRemoveResult }),
  'connections.test': call({ args: TestTarget, result: TestReport, progress: TestStep }),
  'connections.import': call({ args: ConnectionImportArgs, result: ConnectionImportResult }),
  'connections.export': call({ args: ConnectionExportArgs, result: ConnectionExportResult }),
  'connections.pin-certificate': call({ args: PinCertificateArgs, result: ProfileSummary }),

  'discovery.get': call({ args: DiscoveryArgs, result: DiscoveryResult }),
  'roots.get': call({ args: ApiRootRef, result: ApiRootResult }),
  'collections.list': call({ args: ApiRootRef, result: CollectionsResult }),

  'objects.page': call({ args: CollectionPageArgs, result: ObjectsPage }),
  'manifest.page': call({ args: CollectionPageArgs, result: ManifestPage }),
  'object.get': call({ args: ObjectGetArgs, result: ObjectsPage }),
  'object.versions': call({ args: ObjectVersionsArgs, result: VersionsPage }),
  'object.delete': call({ args: ObjectDeleteArgs, result: ObjectDeleteResult }),

  'bundle.validate': call({ args: BundleValidateArgs, result: BundleReport }),
  'bundle.upload': call({ args: BundleUploadArgs, result: UploadReport, progress: UploadProgress }),
  'status.get': call({ args: StatusGetArgs, result: StatusResult }),

  'conformance.check': call({
    args: ConformanceCheckArgs,
    result: ConformanceReport,
    /** Each line as soon as it is judged. */
    progress: CheckLine,
  }),
  'conformance.render': call({ args: ConformanceRenderArgs, result: RenderedReport }),
  'collections.diff': call({ args: CollectionsDiffArgs, result: DiffPage, progress: DiffProgress }),

  /**
   * When the OS keychain is unavailable: keep secrets in this session's memory only (never on
   * disk) from now until Taxiway quits. Answers the updated app info; refused (INVALID_INPUT)
   * while the OS keychain works.
   */
  'keychain.use-session': call({ args: NoArgs, result: AppInfo }),

  'activity.list': call({ args: ActivityListArgs, result: z.array(ActivityRecord) }),
  'request.curl': call({ args: RequestCurlArgs, result: CurlCommand }),

  'export.objects': call({
    args: ExportObjectsArgs,
    result: ExportResult,
    progress: ExportProgress,
  }),

  'links.open': call({ args: LinksOpenArgs, result: LinksOpenResult }),

  ...viewCalls,
  ...feedCalls,
  ...analysisCalls,
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
  'request.waiting': RequestWaiting,
  ...viewEvents,
  ...feedEvents,
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
