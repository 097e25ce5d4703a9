/**
 * The contract's objects area: pages of a collection's objects and manifest, one object's
 * content and versions, deleting, and exporting. Pages stay pages: no call returns a whole
 * collection in one message.
 */
import { z } from 'zod';
import { pageOf } from '../taxii/page';
import { manifestRecordSchema } from '../taxii/resources';
import { OBJECT_COLUMNS } from './columns';
import { ViewId, ViewSort } from './views';
import {
  CollectionRef,
  JsonObject,
  ObjectFilters,
  ObjectId,
  PageArgs,
  PageCursor,
  PageLimit,
  Timestamp,
  VersionSelector,
} from './building-blocks';

/** `objects.page` and `manifest.page`: one page of a collection's query. */
export const CollectionPageArgs = z.strictObject(PageArgs);

/**
 * One page of objects. `next` is Taxiway's cursor for the following page of the same query (not
 * the server's token): absent when there are no more pages.
 */
export const ObjectsPage = pageOf(JsonObject);

/** One page of manifest records (cursor as for `ObjectsPage`). */
export const ManifestPage = pageOf(manifestRecordSchema);

/** `object.get`: one object's content. */
export const ObjectGetArgs = z.strictObject({
  ...CollectionRef.shape,
  objectId: ObjectId,
  /** `match[version]`; default on the server: the latest. */
  versions: z.array(VersionSelector).min(1).max(20).optional(),
  specVersions: z
    .array(z.string().regex(/^\d+\.\d+$/))
    .max(10)
    .optional(),
  limit: PageLimit.optional(),
  next: PageCursor.optional(),
});

/** `object.versions`: one object's version timestamps. */
export const ObjectVersionsArgs = z.strictObject({
  ...CollectionRef.shape,
  objectId: ObjectId,
  limit: PageLimit.optional(),
  next: PageCursor.optional(),
});

/** One page of version timestamps. */
export const VersionsPage = pageOf(z.string());

/** `object.delete`: one object, one version or all. */
export const ObjectDeleteArgs = z.strictObject({
  ...CollectionRef.shape,
  objectId: ObjectId,
  /** One version (its `modified`) to delete; absent deletes every version. */
  version: Timestamp.optional(),
});

/** `object.delete`: what was deleted, and where. */
export const ObjectDeleteResult = z.strictObject({
  objectId: z.string(),
  deleted: z.literal(true),
  url: z.string(),
});

/**
 * A CSV export's rows: the open view's rows (walked to the end first), in its current order and
 * narrowing, as the chosen columns.
 */
export const ExportViewRows = z.strictObject({
  viewId: ViewId,
  sort: ViewSort.optional(),
  find: z.string().max(500).optional(),
  types: z.array(z.string().min(1).max(250)).max(200).optional(),
  columns: z.array(z.enum(OBJECT_COLUMNS)).min(1).max(OBJECT_COLUMNS.length),
});

/** `export.objects`: a filtered view's objects or a selection, as a file. */
export const ExportObjectsArgs = z
  .strictObject({
    ...CollectionRef.shape,
    /** `csv` (RFC 4180, formula-safe) needs `view`: it writes the view's rows, not objects. */
    format: z.enum(['bundle', 'ndjson', 'csv']),
    /** Export these filters' objects… */
    filters: ObjectFilters.optional(),
    /** …or exactly these objects (a selection). */
    ids: z.array(ObjectId).min(1).max(100_000).optional(),
    view: ExportViewRows.optional(),
    fileName: z.string().max(255).optional(),
  })
  .refine((a) => a.format !== 'csv' || a.view !== undefined, {
    message: 'a CSV export names the view whose rows it writes',
    path: ['view'],
  });

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

/** How far an export has come. */
export const ExportProgress = z.strictObject({ written: z.number(), pages: z.number() });
