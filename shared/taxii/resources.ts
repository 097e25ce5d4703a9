/**
 * zod schemas of every TAXII resource (TAXII 2.1 §4–§5, 2.0 §4–§5), as the wire carries them and as Taxiway hands
 * them on. Every object schema is loose: unknown (custom) properties are kept, never stripped.
 * 2.0 shapes that differ (manifest entries, status lists) have their own wire schemas and are
 * normalised into the 2.1 shapes by ./normalise.ts, so callers see one model.
 */
import { z } from 'zod';

/** Any STIX object: a JSON object with string `type` and `id`; everything else kept as is. */
export type StixObject = { type: string; id: string } & Record<string, unknown>;

/**
 * A STIX object as found in an envelope or bundle. Checked only for `type` and `id` (what paging,
 * dedupe and display need) and never copied, so a 1,000-object page costs next to nothing.
 * Deeper STIX checks live in shared/stix.
 */
export const stixObjectSchema = z.custom<StixObject>().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected a STIX object (a JSON object)' });
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'string' || o.type === '') {
    ctx.addIssue({ code: 'custom', path: ['type'], message: 'expected a non-empty string' });
  }
  if (typeof o.id !== 'string' || o.id === '') {
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'expected a non-empty string' });
  }
});

/** `next` is opaque: a string in the spec, a number on some servers; echoed exactly as received. */
export const nextTokenSchema = z.union([z.string(), z.number()]);

/** The TAXII `error` resource (§3.6.1). `http_status` is a string by the spec. */
export const errorResourceSchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  error_id: z.string().optional(),
  error_code: z.string().optional(),
  http_status: z.string().optional(),
  external_details: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** `discovery` (GET `/taxii2/`, §4.1.1): `api_roots` exactly as the server sent them. */
export const discoverySchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  contact: z.string().optional(),
  default: z.string().optional(),
  api_roots: z.array(z.string()).optional(),
});
/** A discovery resource. */
export type Discovery = z.infer<typeof discoverySchema>;

/** `api-root` (GET `{api-root}`, §4.2.1). */
export const apiRootSchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  versions: z.array(z.string()),
  max_content_length: z.number().int().nonnegative(),
});
/** An API root resource. */
export type ApiRoot = z.infer<typeof apiRootSchema>;

/** `collection` (§5.2.1). `id` is treated as opaque: not every server uses UUIDs. */
export const collectionSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  description: z.string().optional(),
  alias: z.string().optional(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string()).optional(),
});
/** A collection resource. */
export type Collection = z.infer<typeof collectionSchema>;

/** `collections` (§5.1.1): the key is omitted when there are none. */
export const collectionsSchema = z.looseObject({
  collections: z.array(collectionSchema).optional(),
});
/** A collections resource. */
export type Collections = z.infer<typeof collectionsSchema>;

/** `envelope` (§3.7): GET objects, GET object, and the body of a 2.1 POST. */
export const envelopeSchema = z.looseObject({
  more: z.boolean().optional(),
  next: nextTokenSchema.optional(),
  objects: z.array(stixObjectSchema).optional(),
});
/** An envelope. */
export type Envelope = z.infer<typeof envelopeSchema>;

/** A STIX bundle: the 2.0 objects wrapper (and what files usually hold). */
export const bundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: z.string(),
  spec_version: z.string().optional(),
  objects: z.array(stixObjectSchema).optional(),
});
/** A STIX bundle. */
export type Bundle = z.infer<typeof bundleSchema>;

/** 2.1 `manifest-record` on the wire (§5.3.1): one per object version. */
export const manifestRecord21Schema = z.looseObject({
  id: z.string(),
  date_added: z.string(),
  version: z.string(),
  media_type: z.string().optional(),
});

/** 2.1 `manifest` on the wire; `next` is not in the spec (TAXII 2.1 §5.3.1) but servers send it. */
export const manifest21Schema = z.looseObject({
  more: z.boolean().optional(),
  next: nextTokenSchema.optional(),
  objects: z.array(manifestRecord21Schema).optional(),
});

/** 2.0 `manifest-entry` on the wire: one per object, with all its versions. */
export const manifestEntry20Schema = z.looseObject({
  id: z.string(),
  date_added: z.string().optional(),
  versions: z.array(z.string()).optional(),
  media_types: z.array(z.string()).optional(),
});
/** A 2.0 manifest entry. */
export type ManifestEntry20 = z.infer<typeof manifestEntry20Schema>;

/** 2.0 `manifest` on the wire. */
export const manifest20Schema = z.looseObject({
  objects: z.array(manifestEntry20Schema).optional(),
});

/**
 * One manifest record as Taxiway hands it on: one object version. From 2.1 all of `date_added`
 * and `version` are present; from 2.0 entries `date_added` may be missing, and `version` is
 * missing when the entry listed no versions.
 */
export const manifestRecordSchema = z.looseObject({
  id: z.string(),
  date_added: z.string().optional(),
  version: z.string().optional(),
  media_type: z.string().optional(),
});
/** A normalised manifest record. */
export type ManifestRecord = z.infer<typeof manifestRecordSchema>;

/** `versions` (§5.8.1). */
export const versionsSchema = z.looseObject({
  more: z.boolean().optional(),
  next: nextTokenSchema.optional(),
  versions: z.array(z.string()).optional(),
});

/**
 * `status-details` (§4.3.1). `version` is required by the spec, but the spec's own example omits
 * it and 2.0 had none, so it is optional here and its absence becomes a note.
 */
export const statusDetailsSchema = z.looseObject({
  id: z.string(),
  version: z.string().optional(),
  message: z.string().optional(),
});
/** One object's outcome in a status. */
export type StatusDetails = z.infer<typeof statusDetailsSchema>;

const count = z.number().int().nonnegative();

/** `status` (§4.3.1), the 2.1 shape, which is also what Taxiway hands on for 2.0. */
export const statusSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  request_timestamp: z.string().optional(),
  total_count: count,
  success_count: count,
  successes: z.array(statusDetailsSchema).optional(),
  failure_count: count,
  failures: z.array(statusDetailsSchema).optional(),
  pending_count: count,
  pendings: z.array(statusDetailsSchema).optional(),
});
/** A status resource. */
export type Status = z.infer<typeof statusSchema>;

/** A status list item on the wire: an id string (2.0 successes, pendings) or an object. */
const statusWireItem = z.union([z.string(), statusDetailsSchema]);

/**
 * `status` on the wire, 2.1 or 2.0: `total_objects` accepted for `total_count` (the 2.0 spec
 * example's typo, copied into 2.1 test data), list items as id strings (2.0) or
 * objects. ./normalise.ts turns it into `Status`.
 */
export const statusWireSchema = z
  .looseObject({
    id: z.string(),
    status: z.string(),
    request_timestamp: z.string().optional(),
    total_count: count.optional(),
    total_objects: count.optional(),
    success_count: count,
    successes: z.array(statusWireItem).optional(),
    failure_count: count,
    failures: z.array(statusWireItem).optional(),
    pending_count: count,
    pendings: z.array(statusWireItem).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.total_count === undefined && value.total_objects === undefined) {
      ctx.addIssue({ code: 'custom', path: ['total_count'], message: 'required property missing' });
    }
  });
/** A status as received. */
export type StatusWire = z.infer<typeof statusWireSchema>;
