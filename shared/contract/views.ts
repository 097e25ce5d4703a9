/**
 * Collection views (the objects view's data lives in the main process): the `views.*` calls and
 * the `view.progressed` event. A view is a query over a compact row index held by
 * electron/services/collection-view; the renderer asks for windows of rows of the current
 * ordering by `(viewId, revision, offset)`, never for every row, and one full object at a time.
 *
 * Agreement with the renderer (changes to /work/wt/VIEW-CONTRACT.md are written here):
 * - `views.open` loads the first objects page and the first manifest page, then returns; the walk
 *   goes on only when asked: `views.load-more` (about one more page, for a scroll near the end)
 *   or `views.load-all` (to the end). `loadAll: true` on open does the latter at once. With
 *   `window: { count }`, its answer also carries the first `count` rows in the server's order
 *   (what `views.window` at offset 0 answers for the same revision): the first rows need no
 *   second call.
 * - `revision` bumps whenever rows are added, dates added are joined, or the view is refreshed;
 *   a window is always answered for the revision it names in its result (the latest).
 * - `sort.column` names a Row field (`order` is the server's order, the default).
 * - `find` matches, case-insensitively, every text field of the object, descriptions included,
 *   not only the row's columns.
 * - The view's `state.freshness` says whether the rows were fetched now (`live`), came from the
 *   page cache and the server was asked what is new (`checked`), or came from the cache and the
 *   server could not be asked (`cached-unchecked`, with the reason). `note` is the sentence to
 *   show where the view shows its age. Never say "empty" unless `serverConfirmed`.
 * - A view past its cap (`limits`) stops with phase `failed` and error TOO_LARGE; rows loaded stay.
 * - Unknown or closed view ids fail with INVALID_INPUT, `where: 'viewId'`.
 * - A walk whose page says no more is `complete` at once (an empty or one-page collection is
 *   never left `partial`); the manifest walk starts once the objects' first page is in.
 * - When the first objects page fails, `views.open` fails with the whole WireError (the server's
 *   TAXII error resource in `taxii`) and keeps no view; a later failure is `state.error`, also
 *   with `taxii`.
 * - A row's `name` for an unnamed relationship or sighting names the loaded objects it refers to
 *   (their `name`/`title`), else their types, resolved when the window is answered.
 */
import { z } from 'zod';
import { WireError } from '../errors';
import { QuirkNote } from '../taxii/notes';
import { CollectionRef, ObjectFilters } from './building-blocks';

/** The TAXII filters of a view (the objects page's filters, spec §3.4). */
export const ViewFilters = ObjectFilters;

/** A view's id (opaque, one per open view). */
export const ViewId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected a view id');

/** Columns a window can be sorted by: Row fields, or `order` (the server's order). */
export const VIEW_COLUMNS = [
  'order',
  'type',
  'name',
  'id',
  'created',
  'modified',
  'dateAdded',
  'specVersion',
  'revoked',
  'labels',
  'confidence',
  'createdByRef',
  'externalId',
  'killChainPhases',
  'pattern',
  'markings',
] as const;
/** A sortable column. */
export type ViewColumn = (typeof VIEW_COLUMNS)[number];

/** A sort: column and direction. Ties keep the server's order; empty values sort last. */
export const ViewSort = z.strictObject({
  column: z.enum(VIEW_COLUMNS),
  direction: z.enum(['asc', 'desc']),
});

/**
 * One row: a compact summary of one object version, never the full object. Text fields are
 * clipped (name, pattern: 200 characters); absent values are left out.
 */
export const ViewRow = z.strictObject({
  /** Position in the server's order (0-based, over every row loaded). */
  index: z.number(),
  /** `id|version`: unique per row even when every version is listed. */
  key: z.string(),
  /** The STIX id ('' for non-STIX content). */
  id: z.string(),
  type: z.string(),
  /** A one-line label: the name, else what identifies the object for its kind. */
  name: z.string(),
  /** The version for TAXII (`modified`, else `created`), to pass to `views.object`. */
  version: z.string().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
  /** `date_added` from the manifest, once it has arrived. */
  dateAdded: z.string().optional(),
  specVersion: z.string().optional(),
  revoked: z.boolean().optional(),
  labels: z.array(z.string()).optional(),
  confidence: z.number().optional(),
  createdByRef: z.string().optional(),
  /** The name of the identity `createdByRef` names, when it is loaded in the view. */
  createdBy: z.string().optional(),
  /**
   * `object_marking_refs` as names: the STIX 2.1 TLP definitions as `TLP:GREEN` and so on, a
   * loaded marking definition by its name, else the id.
   */
  markings: z.array(z.string()).optional(),
  /** The first ATT&CK (or other) external id, e.g. `T1566`. */
  externalId: z.string().optional(),
  /** `kill_chain_name:phase_name` of each phase. */
  killChainPhases: z.array(z.string()).optional(),
  pattern: z.string().optional(),
  /** False for content that is not STIX-like (no string `type` and `id`). */
  stix: z.boolean(),
});

/** How current a view's rows are (see the opening comment). */
export const ViewFreshness = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('live'),
    /** When the first page was fetched from the server. */
    at: z.string(),
    note: z.string(),
  }),
  z.strictObject({
    kind: z.literal('checked'),
    /** When the server was asked what is new. */
    at: z.string(),
    /** When the cached pages were stored (the oldest). */
    cachedAt: z.string(),
    /** Objects the server had added since (now in the view). */
    added: z.number(),
    note: z.string(),
  }),
  z.strictObject({
    kind: z.literal('cached-unchecked'),
    /** When the cached pages were stored (the oldest). */
    since: z.string(),
    /** Why the server could not be asked (offline, refused, …). */
    reason: z.string(),
    note: z.string(),
  }),
]);

/** Where a view stands. "Loaded" = phase complete, manifestComplete and datesPending 0. */
export const ViewState = z.strictObject({
  phase: z.enum(['loading', 'partial', 'complete', 'cancelled', 'failed']),
  /** Object versions (rows) loaded. */
  objects: z.number(),
  /** Objects pages read (cached ones included). */
  pages: z.number(),
  /** Bytes of objects read (JSON text). */
  bytes: z.number(),
  /** Objects per second over the walk so far. */
  ratePerSecond: z.number(),
  /** Manifest records read, and whether the manifest walk reached its end. */
  manifestRecords: z.number(),
  manifestComplete: z.boolean(),
  /** Rows still without their date added. */
  datesPending: z.number(),
  freshness: ViewFreshness,
  /** True once the server itself answered for this view (so an empty view may say "empty"). */
  serverConfirmed: z.boolean(),
  error: WireError.optional(),
  /** Page size asked of the server (the connection's setting; the server's cap applies). */
  pageSize: z.number(),
  /** What this view may hold at most. */
  limits: z.strictObject({ objects: z.number(), bytes: z.number() }),
  /** What the server did out of the ordinary while being walked (distinct, at most 50). */
  notes: z.array(QuirkNote).max(50),
  /** The taxii version spoken, once known. */
  taxiiVersion: z.enum(['2.0', '2.1']).optional(),
});

/** A window of rows of a view's current ordering. */
export const ViewWindow = z.strictObject({
  revision: z.number(),
  /** Rows after find and types. */
  total: z.number(),
  offset: z.number(),
  rows: z.array(ViewRow),
});

/** A view's id, revision and state. */
export const ViewHandle = z.strictObject({
  viewId: ViewId,
  revision: z.number(),
  /**
   * Orders the handles of one view as they were made: a call's answer and a progress event travel
   * apart, so the later made (larger `seq`) is the truth, whichever arrives last.
   */
  seq: z.number().int().nonnegative(),
  state: ViewState,
});

const ViewOnly = z.strictObject({ viewId: ViewId });

/** The `views.*` calls (registered in the contract's `calls`). */
export const viewCalls = {
  'views.open': {
    args: z.strictObject({
      ...CollectionRef.shape,
      filters: ViewFilters.optional(),
      /** Refetch everything instead of using the page cache. */
      refresh: z.boolean().optional(),
      /** Walk to the end at once (as `views.load-all`). */
      loadAll: z.boolean().optional(),
      /** Answer with the first `count` rows too (server order, no find). */
      window: z.strictObject({ count: z.number().int().min(0).max(500) }).optional(),
    }),
    result: ViewHandle.extend({ window: ViewWindow.optional() }),
    progress: undefined,
  },
  'views.window': {
    args: z.strictObject({
      viewId: ViewId,
      offset: z.number().int().min(0),
      count: z.number().int().min(0).max(500),
      sort: ViewSort.optional(),
      find: z.string().max(500).optional(),
      /** Only rows of these types. */
      types: z.array(z.string().min(1).max(250)).max(200).optional(),
    }),
    result: ViewWindow,
    progress: undefined,
  },
  'views.state': { args: ViewOnly, result: ViewHandle, progress: undefined },
  'views.counts': {
    args: z.strictObject({ viewId: ViewId, find: z.string().max(500).optional() }),
    result: z.strictObject({
      revision: z.number(),
      byType: z.record(z.string(), z.number()),
      total: z.number(),
    }),
    progress: undefined,
  },
  'views.object': {
    args: z.strictObject({
      viewId: ViewId,
      id: z.string().min(1).max(512),
      /** The row's version; absent: the latest loaded. */
      version: z.string().max(64).optional(),
    }),
    result: z.strictObject({
      object: z.record(z.string(), z.unknown()),
      dateAdded: z.string().optional(),
    }),
    progress: undefined,
  },
  'views.load-more': { args: ViewOnly, result: ViewHandle, progress: undefined },
  'views.load-all': { args: ViewOnly, result: ViewHandle, progress: undefined },
  'views.cancel': { args: ViewOnly, result: ViewHandle, progress: undefined },
  'views.refresh': { args: ViewOnly, result: ViewHandle, progress: undefined },
  'views.close': {
    args: ViewOnly,
    result: z.strictObject({ viewId: ViewId, closed: z.boolean() }),
    progress: undefined,
  },
} as const;

/** The view events (registered in the contract's `events`): throttled to at most ~10 a second. */
export const viewEvents = {
  'view.progressed': ViewHandle,
} as const;

/** A row as the renderer receives it. */
export type ViewRowT = z.output<typeof ViewRow>;
/** A view's state. */
export type ViewStateT = z.output<typeof ViewState>;
/** A view's freshness. */
export type ViewFreshnessT = z.output<typeof ViewFreshness>;
/** A view's filters. */
export type ViewFiltersT = z.output<typeof ViewFilters>;
/** A sort. */
export type ViewSortT = z.output<typeof ViewSort>;
