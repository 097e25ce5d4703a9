/**
 * 2.1 paging (§3.5): a stateless `next` cursor that names a position in the date-ordered view (the
 * last `date_added` served and how many items sharing that instant were served), bound to the
 * endpoint and filters it was issued for, so a `next` sent with other filters is refused (400).
 * The position among equal dates matters: `added_after` is a strict ">" (§3.4.1), so a cursor that
 * named only the instant would skip the rest of a run of items added in one microsecond.
 * Limits are capped by the server's page size; `more` is true exactly when items remain.
 */
import { createHash } from 'node:crypto';
import { QueryError, type Filters } from './filters';
import { indexAfter, type StoredVersion, type VersionList } from './store';

/** Where a page starts or ends: after `skip` of the items added at `micros` (all of them when absent). */
export interface Position {
  micros: number;
  skip?: number;
}

/** One page cut from a date-ordered view. */
export interface Page {
  items: StoredVersion[];
  more: boolean;
  /** Index of the first item in the view. */
  start: number;
  /** Where the page ended, for the next cursor (undefined for an empty page). */
  end?: Position;
}

/** Short digest binding a cursor to the endpoint path and the canonical filters. */
export function bindingOf(scope: string, filters: Filters): string {
  return createHash('sha256')
    .update(`${scope}\n${filters.canonical}`)
    .digest('base64url')
    .slice(0, 16);
}

/** Encodes a stateless cursor. */
export function encodeCursor(pos: Position, binding: string): string {
  return Buffer.from(
    JSON.stringify({
      a: pos.micros,
      ...(pos.skip !== undefined ? { k: pos.skip } : {}),
      b: binding,
    }),
  ).toString('base64url');
}

/** Decodes a cursor and checks its binding; throws a QueryError (400) on any mismatch. */
export function decodeCursor(next: string, binding: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
  } catch {
    throw new QueryError(`next "${next}" is not a value this server issued`, 'next');
  }
  const p = parsed as { a?: unknown; k?: unknown; b?: unknown } | null;
  if (
    !p ||
    typeof p.a !== 'number' ||
    typeof p.b !== 'string' ||
    (p.k !== undefined && (typeof p.k !== 'number' || !Number.isInteger(p.k) || p.k < 0))
  ) {
    throw new QueryError(`next "${next}" is not a value this server issued`, 'next');
  }
  if (p.b !== binding) {
    throw new QueryError(
      'next was issued for a different query: send it with exactly the same filters as the request that returned it',
      'next',
    );
  }
  return { micros: p.a, ...(typeof p.k === 'number' ? { skip: p.k } : {}) };
}

/** Index in `view` where a position points (items added later at the same instant stay after it). */
export function indexOf(view: VersionList, pos: Position): number {
  if (pos.micros < 0) return 0;
  const after = indexAfter(view, pos.micros);
  if (pos.skip === undefined) return after;
  return Math.min(indexAfter(view, pos.micros - 1) + pos.skip, after);
}

/** The position just before `index`: its instant and how many items of that instant precede it. */
export function positionBefore(view: VersionList, index: number): Position {
  const last = index > 0 ? view.at(Math.min(index, view.length) - 1) : undefined;
  if (!last) return { micros: -1 };
  return {
    micros: last.micros,
    skip: Math.min(index, view.length) - indexAfter(view, last.micros - 1),
  };
}

/** Cuts one page from `view` starting at index `start`, at most `limit` items. */
export function cutPage(view: VersionList, start: number, limit: number): Page {
  const items = view.slice(start, start + limit);
  const more = start + limit < view.length;
  const end = items.length > 0 ? positionBefore(view, start + items.length) : undefined;
  return { items, more, start, ...(end ? { end } : {}) };
}
