/** One page of a paged TAXII endpoint, the same shape for 2.1 (`more`/`next`) and 2.0 (Range). */
import type { WalkCheckpoint } from './checkpoint';
import type { QuirkNote } from './notes';

/**
 * One page: the items in server order, whether the server says more remain, and how to continue.
 * `next` is opaque: for 2.1 the server's `next` value, for 2.0 the index of the next item.
 */
export interface Page<T> {
  items: T[];
  /** The server says more items match (2.1 `more`; 2.0: the range did not reach the total). */
  more: boolean;
  /** Hand back as the `next` filter to get the following page. */
  next?: string;
  /** `X-TAXII-Date-Added-First`, verbatim, when it was a valid timestamp. */
  dateAddedFirst?: string;
  /** `X-TAXII-Date-Added-Last`, verbatim, when it was a valid timestamp. */
  dateAddedLast?: string;
  /** 2.0 only: the item range this page covers, from Content-Range. */
  range?: { first: number; last: number; total?: number };
  /** What the server did out of the ordinary on this page. */
  notes: QuirkNote[];
  /** The URL fetched (no credentials). */
  url: string;
  /** Set when the page came from the on-disk page cache: when it was stored (ISO 8601). */
  fromCache?: string;
  /**
   * Where a walk stands after this page (only when the walk was asked for checkpoints): save it
   * and pass it back as `resume` to continue later without refetching or duplicating.
   */
  checkpoint?: WalkCheckpoint;
}
