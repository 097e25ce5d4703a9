/**
 * Paging checks (§3.5, §3.7): `next` and `more` on pages of two, following `next` with the same
 * filters (new objects each time, no loop; one token for the whole walk is a server-side session,
 * medallion's, and legal), continuing by `added_after` when there is no `next`, and whether the
 * same first page comes with the same token (a stateless cursor) or a fresh one (a session).
 */
import { compareTimestamps, isTimestamp } from '../../../shared/taxii/timestamps';
import type { CollectionFacts } from './checks-collection';
import {
  describe,
  ids,
  list,
  objectOf,
  withQuery,
  type Answer,
  type ProbeContext,
} from './context';

/** The `next` of a page that says more, as a string. */
export function nextOf(a: Answer | undefined): string | undefined {
  const o = a ? objectOf(a) : undefined;
  return o?.more === true && o.next !== undefined ? String(o.next) : undefined;
}

/** Follows `next` from the first page of two of `objects`; notes the first token in `facts`. */
export async function checkPaging(
  ctx: ProbeContext,
  objects: string,
  facts: CollectionFacts,
): Promise<void> {
  const base = 'limit=2';
  const p1 = await ctx.fetch(withQuery(objects, base));
  const o1 = objectOf(p1) ?? {};
  const items1 = list(p1, 'objects');
  if (p1.status !== 200 || o1.more !== true) {
    ctx.skipped.push(
      'Paging with next and more: the collection has too few objects for pages of two (or the server said no more).',
    );
    return;
  }
  const next = o1.next;
  if (next === undefined) {
    ctx.line(
      'paging.next',
      'warn',
      'more: true without next (clients must continue with added_after)',
      { finding: 'more-without-next', url: p1.url },
    );
    // Continuation by X-TAXII-Date-Added-Last (§3.5): strictly after, nothing repeated.
    const last = p1.res?.headers['x-taxii-date-added-last'];
    if (isTimestamp(last)) {
      const p2 = await ctx.fetch(
        withQuery(objects, `${base}&added_after=${encodeURIComponent(last)}`),
      );
      const again = ids(list(p2, 'objects')).filter((id) => ids(items1).includes(id));
      const firstOf2 = p2.res?.headers['x-taxii-date-added-first'];
      ctx.judge(
        'paging.added-after',
        p2.status === 200 &&
          again.length === 0 &&
          (!isTimestamp(firstOf2) || compareTimestamps(firstOf2, last) > 0),
        `${describe(p2)}; ${again.length} repeated`,
        { url: p2.url },
      );
    }
    return;
  }
  const numeric = typeof next === 'number';
  ctx.judge(
    'paging.next-type',
    typeof next === 'string' && next !== '',
    `next ${JSON.stringify(next)} (${typeof next})`,
    { ...(numeric ? { finding: 'numeric-next' } : {}), url: p1.url },
  );
  if (typeof next === 'string') {
    ctx.judge('paging.next-opaque', !/^\d{1,6}$/.test(next), `next ${JSON.stringify(next)}`, {
      finding: 'page-number-next',
      url: p1.url,
    });
  }
  facts.firstNext = {
    url: withQuery(objects, `${base}&next=${encodeURIComponent(String(next))}`),
    at: Date.now(),
  };
  // Follow next a few pages with the same filters: new items each time, no loop.
  const seen = new Set(ids(items1));
  let prevIds = ids(items1);
  let prevNext = String(next);
  let problem: string | undefined;
  let loop = false;
  let session = false;
  let pages = 1;
  for (; pages < 5; pages++) {
    const a = await ctx.fetch(withQuery(objects, `${base}&next=${encodeURIComponent(prevNext)}`));
    if (a.status !== 200) {
      problem = `following next ${JSON.stringify(prevNext)}: ${describe(a)}`;
      break;
    }
    const o = objectOf(a) ?? {};
    const pageIds = ids(list(a, 'objects'));
    if (pageIds.length > 0 && pageIds.join() === prevIds.join()) {
      problem = `next ${JSON.stringify(prevNext)} gave the same page again`;
      loop = true;
      break;
    }
    const repeated = pageIds.filter((id) => seen.has(id));
    if (repeated.length > 0) {
      problem = `page ${pages + 1} repeats ${repeated.length} object(s) of earlier pages`;
      loop = true;
      break;
    }
    for (const id of pageIds) seen.add(id);
    if (o.more !== true) break;
    if (o.next === undefined) break;
    // The same token again is legal while the pages move on: a server-side session (medallion).
    // A real loop shows as the same page or repeated objects on the next round.
    if (String(o.next) === prevNext) session = true;
    prevIds = pageIds;
    prevNext = String(o.next);
  }
  if (problem === undefined && session) {
    // Following a session moved it on (or ended it): the lifetime check needs an unused one.
    const fresh = await ctx.fetch(withQuery(objects, base));
    const token = objectOf(fresh)?.next;
    if (typeof token === 'string' && token !== '') {
      facts.firstNext = {
        url: withQuery(objects, `${base}&next=${encodeURIComponent(token)}`),
        at: Date.now(),
      };
    } else delete facts.firstNext;
    // A pass worth naming: clients that take a repeated token for a loop stop too early here.
    ctx.line(
      'paging.follow',
      'pass',
      `${pages} page(s) of new objects, all under one next token (a server-side session that moves on with each use, like medallion’s)`,
      { finding: 'session-next', url: ctx.safe(objects) },
    );
    return;
  }
  // A stateless cursor names the same page the same way each time. A fresh token for the same
  // first page is a server-side session per page, and sessions expire (medallion's after 30 s),
  // however soon the replay of the first one comes.
  const again = facts.firstNext ? nextOf(await ctx.fetch(withQuery(objects, base))) : undefined;
  if (again !== undefined && again !== String(next)) facts.freshNext = true;
  ctx.judge('paging.follow', problem === undefined, problem ?? `${pages} page(s) of new objects`, {
    ...(loop ? { finding: 'repeating-page' } : {}),
    url: ctx.safe(objects),
  });
}
