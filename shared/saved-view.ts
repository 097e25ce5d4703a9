/**
 * Saved views: a named set of TAXII filters, sort and columns for one collection of one
 * connection, stored in the connection's profile (never a secret, so they travel with exported
 * profiles), and whether it is watched. Pure schema, used by the profile file and the contract.
 */
import { z } from 'zod';
import { OBJECT_COLUMNS } from './contract/columns';
import type { ObjectFilters as ObjectFiltersSchema } from './contract/building-blocks';

type ObjectFilters = z.infer<typeof ObjectFiltersSchema>;

/** A saved view's id (unique within its connection). */
export const SavedViewId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a saved view id');

/** The filters of a saved view, as the objects view's address holds them. */
export const SavedViewFilters = z.strictObject({
  types: z.array(z.string().min(1).max(250)).max(200).default([]),
  ids: z.array(z.string().min(1).max(512)).max(1000).default([]),
  addedAfter: z.string().max(64).optional(),
  specVersions: z.array(z.string().min(1).max(16)).max(10).default([]),
  versions: z.array(z.string().min(1).max(64)).max(100).default([]),
});

/** Watching a collection or a saved view: asked every `intervalMinutes` for what is new. */
export const WatchSetting = z.strictObject({
  intervalMinutes: z.number().int().min(1).max(10_080).default(15),
});
/** A watch setting. */
export type WatchSetting = z.infer<typeof WatchSetting>;

/** One saved view. */
export const SavedView = z.strictObject({
  id: SavedViewId,
  name: z.string().trim().min(1, 'a saved view needs a name').max(120),
  apiRoot: z.string().min(1).max(2048),
  collectionId: z.string().min(1).max(512),
  filters: SavedViewFilters.default({
    types: [],
    ids: [],
    specVersions: [],
    versions: [],
  }),
  sort: z.strictObject({ column: z.enum(OBJECT_COLUMNS), dir: z.enum(['asc', 'desc']) }).optional(),
  columns: z.array(z.enum(OBJECT_COLUMNS)).min(1).max(OBJECT_COLUMNS.length).optional(),
  /** Watched (off by default). */
  watch: WatchSetting.optional(),
});
/** A saved view. */
export type SavedView = z.infer<typeof SavedView>;
/** A saved view before defaults. */
export type SavedViewInput = z.input<typeof SavedView>;

/** Watches of whole collections (not of a saved view), kept in the profile beside the views. */
export const CollectionWatch = z.strictObject({
  apiRoot: z.string().min(1).max(2048),
  collectionId: z.string().min(1).max(512),
  intervalMinutes: z.number().int().min(1).max(10_080).default(15),
});
/** A watched collection. */
export type CollectionWatch = z.infer<typeof CollectionWatch>;

/**
 * Filters held with every field (a saved view's, the address's) as the contract's object filters:
 * empty fields left out, and undefined when nothing filters.
 */
export function compactFilters(f: {
  types: readonly string[];
  ids: readonly string[];
  addedAfter?: string | undefined;
  specVersions: readonly string[];
  versions: readonly string[];
}): ObjectFilters | undefined {
  const out: ObjectFilters = {};
  if (f.types.length) out.types = [...f.types];
  if (f.ids.length) out.ids = [...f.ids];
  if (f.addedAfter) out.addedAfter = f.addedAfter;
  if (f.specVersions.length) out.specVersions = [...f.specVersions];
  if (f.versions.length) out.versions = [...f.versions];
  return Object.keys(out).length > 0 ? out : undefined;
}
