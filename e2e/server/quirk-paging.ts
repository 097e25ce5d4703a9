/**
 * The paging quirks: `next` as server-side sessions that expire (a new token per page, or one
 * token for the whole walk as medallion does), as a number (offset), as a page number, and a
 * `next` that loops back to the page just served. Without a paging quirk these
 * return undefined and the stateless cursor of paging.ts is used.
 */
import { randomBytes } from 'node:crypto';
import { QueryError } from './filters';
import { indexOf, positionBefore, type Page, type Position } from './paging';
import type { Ctx } from './routes';
import type { VersionList } from './store';

interface Session {
  binding: string;
  after: Position;
  expires: number;
  usesLeft: number;
}

const sessions = new WeakMap<object, Map<string, Session>>();

function sessionsOf(ctx: Ctx): Map<string, Session> {
  let map = sessions.get(ctx.state);
  if (!map) {
    map = new Map();
    sessions.set(ctx.state, map);
  }
  return map;
}

/**
 * The `next` for the page just cut. repeating-page decides where it points (back at this page's
 * start once `repeatAfterPages` pages were served); numeric-next, page-number-next,
 * expiring-next and session-next decide its form; otherwise `encode` makes the normal stateless
 * cursor.
 */
export function nextTokenFor(
  ctx: Ctx,
  page: Page,
  binding: string,
  view: VersionList,
  encode: (pos: Position) => string,
): string | number {
  let offset = page.start + page.items.length;
  if (ctx.quirks.has('repeating-page')) {
    const pageIndex = page.items.length ? Math.round(page.start / page.items.length) : 0;
    if (pageIndex >= (ctx.quirkOptions.repeatAfterPages ?? 1)) offset = page.start; // the same page again
  }
  const target = positionBefore(view, offset);
  if (ctx.quirks.has('numeric-next')) return offset;
  if (ctx.quirks.has('page-number-next')) {
    const size = page.items.length || 1;
    return String(Math.floor(offset / size) + 1);
  }
  if (ctx.quirks.has('session-next')) {
    // medallion: the session the request continued (if any) moves on and keeps its id.
    const used = ctx.query.get('next');
    const session = used === null ? undefined : sessionsOf(ctx).get(used);
    if (used !== null && session) {
      session.after = target;
      return used;
    }
  }
  if (ctx.quirks.has('expiring-next') || ctx.quirks.has('session-next')) {
    const token = randomBytes(9).toString('base64url');
    sessionsOf(ctx).set(token, {
      binding,
      after: target,
      expires: Date.now() + (ctx.quirkOptions.nextTtlMs ?? 30_000),
      usesLeft: ctx.quirkOptions.nextUses ?? Number.POSITIVE_INFINITY,
    });
    return token;
  }
  return encode(target);
}

/** Reads a quirky `next` back into a start index; undefined when no paging quirk is on. */
export function readNextToken(
  ctx: Ctx,
  token: string,
  binding: string,
  view: VersionList,
): number | undefined {
  const q = ctx.quirks;
  if (q.has('numeric-next')) {
    if (!/^\d+$/.test(token))
      throw new QueryError(`next "${token}" is not an offset this server issued`, 'next');
    return Math.min(Number(token), view.length);
  }
  if (q.has('page-number-next')) {
    if (!/^[1-9]\d*$/.test(token))
      throw new QueryError(`next "${token}" is not a page number`, 'next');
    const limit = Math.min(
      Number(ctx.query.get('limit') ?? ctx.pageSize) || ctx.pageSize,
      ctx.pageSize,
    );
    return Math.min((Number(token) - 1) * limit, view.length);
  }
  if (q.has('expiring-next') || q.has('session-next')) {
    const map = sessionsOf(ctx);
    const s = map.get(token);
    if (!s || s.expires < Date.now() || s.usesLeft <= 0) {
      map.delete(token);
      throw new QueryError(
        `next "${token}" has expired or is unknown; start again from added_after`,
        'next',
      );
    }
    if (s.binding !== binding) {
      throw new QueryError(
        'next was issued for a different query: send it with exactly the same filters',
        'next',
      );
    }
    s.usesLeft--;
    return indexOf(view, s.after);
  }
  return undefined;
}

/** session-next: a walk that reached its end drops its session, as medallion does. */
export function endSession(ctx: Ctx, token: string | undefined): void {
  if (token !== undefined && ctx.quirks.has('session-next')) sessionsOf(ctx).delete(token);
}
