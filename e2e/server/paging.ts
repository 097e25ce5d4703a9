/**
 * 2.1 paging (§3.5): a stateless `next` cursor that names the last `date_added` served and is bound
 * to the endpoint and filters it was issued for, so a `next` sent with other filters is refused (400).
 * Limits are capped by the server's page size; `more` is true exactly when items remain.
 */
import { createHash } from 'node:crypto';
import { QueryError, type Filters } from './filters';
import { indexAfter, type StoredVersion, type VersionList } from './store';

/** One page cut from a date-ordered view. */
export interface Page {
  items: StoredVersion[];
  more: boolean;
  /** micros of the last item served, for the next cursor. */
  lastMicros?: number;
}

/** Short digest binding a cursor to the endpoint path and the canonical filters. */
export function bindingOf(scope: string, filters: Filters): string {
  return createHash('sha256')
    .update(`${scope}\n${filters.canonical}`)
    .digest('base64url')
    .slice(0, 16);
}

/** Encodes a stateless cursor. */
export function encodeCursor(lastMicros: number, binding: string): string {
  return Buffer.from(JSON.stringify({ a: lastMicros, b: binding })).toString('base64url');
}

/** Decodes a cursor and checks its binding; throws a QueryError (400) on any mismatch. */
export function decodeCursor(next: string, binding: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
  } catch {
    throw new QueryError(`next "${next}" is not a value this server issued`, 'next');
  }
  const p = parsed as { a?: unknown; b?: unknown } | null;
  if (!p || typeof p.a !== 'number' || typeof p.b !== 'string') {
    throw new QueryError(`next "${next}" is not a value this server issued`, 'next');
  }
  if (p.b !== binding) {
    throw new QueryError(
      'next was issued for a different query: send it with exactly the same filters as the request that returned it',
      'next',
    );
  }
  return p.a;
}

/** Cuts one page from `view` after `afterMicros`, at most `limit` items. */
export function cutPage(view: VersionList, afterMicros: number, limit: number): Page {
  const start = afterMicros < 0 ? 0 : indexAfter(view, afterMicros);
  const items = view.slice(start, start + limit);
  const more = start + limit < view.length;
  const last = items[items.length - 1];
  return { items, more, lastMicros: last?.micros };
}
