/**
 * The contract's building blocks: the values every area's schemas are made of (timestamps, URLs,
 * ids, where a collection lives, the TAXII filters, the paged calls' arguments) and the wrappers
 * that put a TAXII resource or page inside a strict result of ours.
 */
import { z } from 'zod';
import { ProfileId } from '../profile';
import { walkCheckpointSchema } from '../taxii/checkpoint';
import { QuirkNote } from '../taxii/notes';

/** The arguments of a call that takes none. */
export const NoArgs = z.strictObject({});

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

/** A connection and one of its API roots. */
export const ApiRootRef = z.strictObject({ connectionId: ConnectionId, apiRoot: HttpUrl });

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

/** Page size asked of the server; the server may return fewer. */
export const PageLimit = z.number().int().min(1).max(10_000);

/** The cursor from the previous page's `next` (same query). */
export const PageCursor = z.string().min(1).max(200);

/** Arguments shared by the paged collection calls (a shape, to spread into a strict object). */
export const PageArgs = {
  ...CollectionRef.shape,
  filters: ObjectFilters.optional(),
  /** Page size asked of the server; the server may return fewer. */
  limit: PageLimit.optional(),
  /** The cursor from the previous page's `next` (same query). */
  next: PageCursor.optional(),
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

/** The TAXII version a server was spoken to in. */
export const TaxiiVersion = z.enum(['2.0', '2.1']);

/** A single resource with the version spoken, the URL that answered and the notes. */
export const resultOf = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    value,
    version: TaxiiVersion,
    url: z.string(),
    notes: z.array(QuirkNote),
  });
