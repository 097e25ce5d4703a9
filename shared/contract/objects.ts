/**
 * The contract's objects area: pages of a collection's objects and manifest, one object's
 * content and versions, deleting, and exporting. Pages stay pages: no call returns a whole
 * collection in one message.
 */
import { z } from 'zod';
import { pageOf } from '../taxii/page';
import { manifestRecordSchema } from '../taxii/resources';
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

/** `export.objects`: a filtered view's objects or a selection, as a file. */
export const ExportObjectsArgs = z.strictObject({
  ...CollectionRef.shape,
  format: z.enum(['bundle', 'ndjson']),
  /** Export these filters' objects… */
  filters: ObjectFilters.optional(),
  /** …or exactly these objects (a selection). */
  ids: z.array(ObjectId).min(1).max(100_000).optional(),
  fileName: z.string().max(255).optional(),
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
