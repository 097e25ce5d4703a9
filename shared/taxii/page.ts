/** One page of a paged TAXII endpoint, the same shape for 2.1 (`more`/`next`) and 2.0 (Range). */
import { z } from 'zod';
import { walkCheckpointSchema } from './checkpoint';
import { QuirkNote } from './notes';

/**
 * One page of `item`s: the items in server order, whether the server says more remain, and how
 * to continue. STRICT: the contract sends pages to the renderer as they are.
 */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    /** The server says more items match (2.1 `more`; 2.0: the range did not reach the total). */
    more: z.boolean(),
    /**
     * Hand back as the `next` filter to get the following page. Opaque: for 2.1 the server's
     * `next` value, for 2.0 the index of the next item (the contract's pages carry Taxiway's own
     * cursor for the same query instead).
     */
    next: z.string().optional(),
    /** `X-TAXII-Date-Added-First`, verbatim, when it was a valid timestamp. */
    dateAddedFirst: z.string().optional(),
    /** `X-TAXII-Date-Added-Last`, verbatim, when it was a valid timestamp. */
    dateAddedLast: z.string().optional(),
    /** 2.0 only: the item range this page covers, from Content-Range. */
    range: z
      .strictObject({ first: z.number(), last: z.number(), total: z.number().optional() })
      .optional(),
    /** What the server did out of the ordinary on this page (quirks, waits, retries). */
    notes: z.array(QuirkNote),
    /** The URL fetched (no credentials). */
    url: z.string(),
    /** Set when the page came from the on-disk page cache: when it was stored (ISO 8601). */
    fromCache: z.string().optional(),
    /**
     * Where a walk stands after this page (only when the walk was asked for checkpoints): save it
     * and pass it back as `resume` to continue later without refetching or duplicating.
     */
    checkpoint: walkCheckpointSchema.optional(),
  });

/** One page of `T`s (see `pageOf`). */
export type Page<T> = z.infer<ReturnType<typeof pageOf<z.ZodType<T>>>>;
