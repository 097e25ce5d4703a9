/** The contract's compare area: the differences of two collections, a page at a time. */
import { z } from 'zod';
import { QuirkNote } from '../taxii/notes';
import { ConnectionId, HttpUrl } from './building-blocks';

/** `collections.diff`: the two collections, and which page of their differences. */
export const CollectionsDiffArgs = z.strictObject({
  connectionIdA: ConnectionId,
  collectionUrlA: HttpUrl,
  connectionIdB: ConnectionId,
  collectionUrlB: HttpUrl,
  /** Differences per page (default 200). */
  limit: z.number().int().min(1).max(5000).optional(),
  /** The cursor from the previous page's `next` (same four arguments). */
  next: z.string().min(1).max(200).optional(),
});

/** One difference between two collections (electron/services/compare); versions oldest first. */
export const DiffEntry = z.discriminatedUnion('kind', [
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
  notes: z.array(QuirkNote),
});

/** Totals of a comparison, and what each server did out of the ordinary while being read. */
export const DiffSummary = z.strictObject({
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

/** One page of differences with the totals. */
export const DiffPage = z.strictObject({
  summary: DiffSummary,
  /** Differences in all (the sum of onlyInA, onlyInB and versionsDiffer). */
  total: z.number(),
  /** This page of differences, sorted by id. */
  entries: z.array(DiffEntry),
  /** Index of the first entry of this page among all differences. */
  offset: z.number(),
  /** Cursor for the following page; absent on the last. */
  next: z.string().optional(),
});

/** Manifest records read so far, per side, while both manifests are walked. */
export const DiffProgress = z.strictObject({ side: z.enum(['a', 'b']), records: z.number() });
