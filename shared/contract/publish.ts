/** The contract's publish area: validating a bundle, uploading it with progress, its statuses. */
import { z } from 'zod';
import { QuirkNote } from '../taxii/notes';
import { statusSchema } from '../taxii/resources';
import { ConnectionId, CollectionRef, HttpUrl, resultOf, TaxiiVersion } from './building-blocks';

/** `bundle.validate`: the text to validate. */
export const BundleValidateArgs = z.strictObject({ text: z.string().max(200_000_000) });

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

/** `bundle.upload`: the text to publish into a collection. */
export const BundleUploadArgs = z.strictObject({
  ...CollectionRef.shape,
  text: z.string().min(1).max(200_000_000),
  /** Follow each status until nothing is pending (default true). */
  followStatus: z.boolean().optional(),
  /** Shown in messages (the file name). */
  source: z.string().max(500).optional(),
  /** Send only the objects that break no MUST, leaving the others out (default: refuse them all). */
  validOnly: z.boolean().optional(),
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
  version: TaxiiVersion,
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
      /** The object's type and name, from what was sent. */
      type: z.string().optional(),
      name: z.string().optional(),
      outcome: z.enum(['success', 'failure', 'pending', 'unknown']),
      /** A success that stored nothing: the collection already held this exact version. */
      unchanged: z.boolean().optional(),
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
    /** Of the successes, those already in the collection. */
    unchanged: z.number().optional(),
  }),
  status: statusSchema,
  complete: z.boolean(),
  notes: z.array(QuirkNote),
});

/** `status.get`: one status resource of an API root. */
export const StatusGetArgs = z.strictObject({
  connectionId: ConnectionId,
  apiRoot: HttpUrl,
  statusId: z.string().min(1).max(512),
});

/** A status resource with the version spoken, the URL and the notes. */
export const StatusResult = resultOf(statusSchema);
