/**
 * Where a paging walk stands, as plain serialisable data: saved when a long walk is cancelled (or
 * after every page), and handed back later to continue exactly after the last page received,
 * with the same filters, without refetching or duplicating. Holds no credentials: the URL is
 * the redacted one, `next` is the server's paging token.
 */
import { z } from 'zod';
import type { TaxiiFilters } from './filters';

/** The paged endpoints a walk can cover. */
export const WALK_ENDPOINTS = ['objects', 'manifest', 'object', 'versions', 'collections'] as const;

/** One of the paged endpoints. */
export type WalkEndpoint = (typeof WALK_ENDPOINTS)[number];

/** A walk's position after a page; see the file comment. */
export interface WalkCheckpoint {
  v: 1;
  endpoint: WalkEndpoint;
  /** The URL walked (collection or object URL), without credentials. */
  url: string;
  /** The caller's filters (never `next`); a resume must use the same ones. */
  filters: TaxiiFilters;
  /** The server's token for the following page, verbatim (2.0: the next item index). */
  next?: string;
  /**
   * The `added_after` the walk is on, when it replaced the caller's (the server gave no usable
   * `next`): sent alone, or with `next` when the server's token belongs to that query.
   */
  addedAfter?: string;
  /** X-TAXII-Date-Added-Last of the last page: where to restart if `next` has expired. */
  lastDateAdded?: string;
  /** The server's `next` looped, or is a session that moves on each use: continue with `added_after` only. */
  nextUnreliable?: boolean;
  /** True when the walk reached the end: nothing more to fetch. */
  done: boolean;
  /** Pages and items handed out so far. */
  pages: number;
  items: number;
  /** Page size in use (after any reduction the server forced). */
  limit?: number;
  /** `id|version` keys of the last page's items: a server that re-sends them is caught. */
  boundaryKeys: string[];
  /** Order-independent digest of every key handed out (see `digestKeys`). */
  seenDigest: string;
  /** When it was taken (ISO 8601). */
  savedAt: string;
}

const filtersSchema = z.strictObject({
  addedAfter: z.string().optional(),
  limit: z.number().int().positive().optional(),
  next: z.string().optional(),
  id: z.array(z.string()).optional(),
  type: z.array(z.string()).optional(),
  version: z.array(z.string()).optional(),
  specVersion: z.array(z.string()).optional(),
  match: z.record(z.string(), z.array(z.string())).optional(),
});

/** Checks a checkpoint that came from outside (a file, the renderer). */
export const walkCheckpointSchema = z.strictObject({
  v: z.literal(1),
  endpoint: z.enum(WALK_ENDPOINTS),
  url: z.string(),
  filters: filtersSchema,
  next: z.string().optional(),
  addedAfter: z.string().optional(),
  lastDateAdded: z.string().optional(),
  nextUnreliable: z.boolean().optional(),
  done: z.boolean(),
  pages: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  limit: z.number().int().positive().optional(),
  boundaryKeys: z.array(z.string()),
  seenDigest: z.string(),
  savedAt: z.string(),
});

/** Running state of `digestKeys`: a count and two 32-bit accumulators. */
export interface KeyDigest {
  count: number;
  sum: number;
  xor: number;
}

/** An empty digest. */
export function emptyDigest(): KeyDigest {
  return { count: 0, sum: 0, xor: 0 };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Adds keys to a digest. The result does not depend on the order keys arrive in. */
export function digestKeys(digest: KeyDigest, keys: Iterable<string>): KeyDigest {
  let { count, sum, xor } = digest;
  for (const key of keys) {
    const h = fnv1a(key);
    count++;
    sum = (sum + h) >>> 0;
    xor = (xor ^ Math.imul(h, 0x9e3779b1)) >>> 0;
  }
  return { count, sum, xor };
}

/** The digest as text: `count-sum-xor` (hex). */
export function formatDigest(d: KeyDigest): string {
  return `${d.count}-${d.sum.toString(16).padStart(8, '0')}-${d.xor.toString(16).padStart(8, '0')}`;
}

/** Reads `formatDigest` text back; undefined when malformed. */
export function parseDigest(text: string): KeyDigest | undefined {
  const m = /^(\d+)-([0-9a-f]{8})-([0-9a-f]{8})$/.exec(text);
  if (!m) return undefined;
  return { count: Number(m[1]), sum: parseInt(m[2]!, 16), xor: parseInt(m[3]!, 16) };
}

/** Filters in a canonical form (no `next`, no `limit`, sorted keys): two walks are the same query when equal. */
export function filtersIdentity(filters: TaxiiFilters): string {
  const { next: _n, limit: _l, ...rest } = filters;
  const entries = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) =>
      k === 'match'
        ? [
            k,
            Object.fromEntries(
              Object.entries(v as Record<string, string[]>).sort(([a], [b]) =>
                a < b ? -1 : a > b ? 1 : 0,
              ),
            ),
          ]
        : [k, v],
    );
  return JSON.stringify(entries);
}
