/**
 * The paging algorithm's guards, driven by scripted pages (the algorithm is pure given a page
 * fetcher; the same walk runs against the real server in client.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { Page } from '../../../shared/taxii/page';
import { AppError } from '../../../shared/errors';
import type { WalkCheckpoint } from '../../../shared/taxii/checkpoint';
import { walkPages, type FetchedPage, type WalkOptions } from './paging';
import { expectAppError } from '../../../e2e/support/taxii';

type Item = { id: string; at: string };
const t = (n: number): string => `2024-01-01T00:00:${String(n).padStart(2, '0')}.000000Z`;
const item = (n: number, at = n): Item => ({ id: `x--${n}`, at: t(at) });

function page(items: Item[], more: boolean, next?: string): Page<Item> {
  return {
    items,
    more,
    ...(next !== undefined ? { next } : {}),
    ...(items.length ? { dateAddedFirst: items[0]?.at, dateAddedLast: items.at(-1)?.at } : {}),
    notes: [],
    url: 'https://example.test/objects/',
  };
}

/** A fetcher that answers by the request's next/added_after, and records what it was asked. */
function scripted(answer: (f: TaxiiFilters, call: number) => Page<Item>): {
  fetch: (f: TaxiiFilters) => Promise<Page<Item>>;
  asked: TaxiiFilters[];
} {
  const asked: TaxiiFilters[] = [];
  return {
    asked,
    fetch: (f) => {
      asked.push(f);
      return Promise.resolve(answer(f, asked.length));
    },
  };
}

async function walk(
  fetch: (f: TaxiiFilters) => Promise<Page<Item>>,
  filters: TaxiiFilters = { limit: 2 },
  options: WalkOptions = {},
): Promise<Page<Item>[]> {
  const pages: Page<Item>[] = [];
  for await (const p of walkPages(fetch, filters, (i) => i.id, { prefetch: false, ...options }))
    pages.push(p);
  return pages;
}

/** A well-behaved scripted server over items 1..n: `next` = index of the next item as a string. */
function serverOf(n: number, answer?: (f: TaxiiFilters, call: number) => Page<Item> | undefined) {
  return scripted((f, call) => {
    const custom = answer?.(f, call);
    if (custom) return custom;
    const size = f.limit ?? 2;
    let start = 0;
    if (f.next !== undefined) start = Number(f.next);
    else if (f.addedAfter !== undefined) start = Number(f.addedAfter.slice(17, 19));
    const items: Item[] = [];
    for (let i = start + 1; i <= Math.min(n, start + size); i++) items.push(item(i));
    const more = start + size < n;
    return page(items, more, more ? String(start + size) : undefined);
  });
}

/**
 * A server whose `next` is one session id ("s") for the whole walk, moved on by every use, as
 * medallion's memory backend does; added_after starts afresh.
 */
function sessionServer(n: number) {
  let position = 0;
  return scripted((f) => {
    const size = f.limit ?? 2;
    let start = 0;
    if (f.next === 's') start = position;
    else if (f.addedAfter !== undefined) start = Number(f.addedAfter.slice(17, 19));
    const items: Item[] = [];
    for (let i = start + 1; i <= Math.min(n, start + size); i++) items.push(item(i));
    position = start + size;
    const more = position < n;
    return page(items, more, more ? 's' : undefined);
  });
}

describe('the paging walk', () => {
  it('sends next with exactly the same filters', async () => {
    const s = scripted((f) =>
      f.next ? page([item(3)], false) : page([item(1), item(2)], true, 'tok'),
    );
    await walk(s.fetch, { limit: 2, type: ['indicator'], addedAfter: t(0) });
    expect(s.asked).toEqual([
      { limit: 2, type: ['indicator'], addedAfter: t(0) },
      { limit: 2, type: ['indicator'], addedAfter: t(0), next: 'tok' },
    ]);
  });

  it('drops items repeated across a page boundary and says so', async () => {
    const s = scripted((f) =>
      f.next ? page([item(2), item(3)], false) : page([item(1), item(2)], true, 'n'),
    );
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(['x--1', 'x--2', 'x--3']);
    expect(pages[1]?.notes.map((n) => n.code)).toEqual(['DUPLICATES_DROPPED']);
  });

  it('stops when pages keep repeating whatever it asks', async () => {
    const s = scripted((_f, call) =>
      call === 1 ? page([item(1), item(2)], true, 'a') : page([item(1), item(2)], true, `t${call}`),
    );
    const err = await expectAppError(walk(s.fetch), 'PAGING_LOOP');
    expect(err.message).toMatch(/does not move past the last added_after/);
    // It tried next once, saw the same page, then added_after once, which did not advance.
    expect(s.asked.map((f) => f.next ?? f.addedAfter)).toEqual([undefined, 'a', t(2)]);
  });

  it('sends a next that came after an added_after restart with that same added_after', async () => {
    const s = scripted((f, call) => {
      if (call === 1) return page([item(1), item(2)], true); // more, no next: fallback
      if (call === 2) return page([item(3), item(4)], true, 'tok');
      return page([item(5)], false);
    });
    await walk(s.fetch, { limit: 2, type: ['indicator'] });
    expect(s.asked[2]).toEqual({ limit: 2, type: ['indicator'], addedAfter: t(2), next: 'tok' });
  });

  it('stops at once on a loop when asked to', async () => {
    const s = scripted((f) =>
      f.next ? page([item(3), item(4)], true, f.next) : page([item(1), item(2)], true, 'a'),
    );
    const err = await expectAppError(
      walk(s.fetch, { limit: 2 }, { onLoop: 'stop' }),
      'PAGING_LOOP',
    );
    expect(err.message).toBe(
      'The server sent the same next token it was given ("a") with the same items again; stopped to avoid an endless loop.',
    );
  });

  it('recovers from a next token that keeps giving the same page, with added_after', async () => {
    const s = serverOf(7, (f) =>
      f.next === '2' ? page([item(3), item(4)], true, '2') : undefined,
    );
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `x--${n}`),
    );
    // The token coming back is not a loop by itself; the same page under it again is. That
    // repeated page is not handed out, its notes travel with the next one.
    expect(pages[1]?.notes).toEqual([]);
    expect(pages[2]?.notes.map((n) => n.code)).toEqual(['NEXT_LOOPED', 'DUPLICATES_DROPPED']);
    // Once a loop is seen, next is never trusted again: added_after all the way.
    expect(s.asked.slice(3).every((f) => f.next === undefined && f.addedAfter)).toBe(true);
  });

  it('follows a next token that stays the same while the pages move on (a session, like medallion’s)', async () => {
    const s = sessionServer(7);
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `x--${n}`),
    );
    expect(pages.flatMap((p) => p.notes)).toEqual([]);
    expect(s.asked.slice(1).map((f) => f.next)).toEqual(['s', 's', 's']);
  });

  it('resumes a walk over a session next with added_after, since the session has moved on', async () => {
    const s = sessionServer(9);
    const firstRun: Item[] = [];
    let saved: WalkCheckpoint | undefined;
    for await (const p of walkPages(s.fetch, { limit: 2 }, (i) => i.id, {
      checkpoints: true,
      prefetch: true,
    })) {
      firstRun.push(...p.items);
      saved = JSON.parse(JSON.stringify(p.checkpoint)) as WalkCheckpoint;
      if (firstRun.length >= 4) break;
    }
    // The prefetch already moved the session past item 6: replaying "s" would skip 5 and 6.
    expect(saved).toMatchObject({ nextUnreliable: true, lastDateAdded: t(4), done: false });
    const rest = await walk(s.fetch, { limit: 2 }, { resume: saved });
    expect([...firstRun, ...rest.flatMap((p) => p.items)].map((i) => i.id)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `x--${n}`),
    );
  });

  it('recovers from a page served twice under a new token, without duplicates', async () => {
    const s = serverOf(6, (f) =>
      f.next === 'again'
        ? page([item(1), item(2)], true, 'again2')
        : f.next === undefined && !f.addedAfter
          ? page([item(1), item(2)], true, 'again')
          : undefined,
    );
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `x--${n}`),
    );
    // The repeated page is not handed out; its notes travel with the next one.
    expect(pages).toHaveLength(3);
    expect(pages[1]?.notes.map((n) => n.code)).toEqual(['NEXT_LOOPED', 'DUPLICATES_DROPPED']);
  });

  it('restarts from the last date_added when the server refuses an expired next', async () => {
    const s = serverOf(6, (f) => {
      if (f.next === '2') throw new AppError({ code: 'HTTP_STATUS', message: 'x', status: 400 });
      return undefined;
    });
    const pages = await walk(s.fetch, { limit: 2, type: ['indicator'] });
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `x--${n}`),
    );
    expect(s.asked[2]).toEqual({ limit: 2, type: ['indicator'], addedAfter: t(2) });
    expect(pages[1]?.notes.map((n) => n.code)).toEqual(['NEXT_EXPIRED']);
  });

  it('fails clearly when an expired next cannot be restarted (no date header)', async () => {
    const s = scripted((f) => {
      if (f.next) throw new AppError({ code: 'HTTP_STATUS', message: 'x', status: 400 });
      return { items: [item(1)], more: true, next: 'n', notes: [], url: 'u' };
    });
    const err = await expectAppError(walk(s.fetch), 'HTTP_STATUS');
    expect(err.wire.hint).toMatch(/no X-TAXII-Date-Added-Last to restart from/);
  });

  it('filters on the client what the fetcher marks as unfiltered', async () => {
    const s = serverOf(4, () => undefined);
    const fetch = async (f: TaxiiFilters): Promise<FetchedPage<Item>> => ({
      ...(await s.fetch(f)),
      keep: (i: Item) => i.id !== 'x--2',
    });
    const pages = await walk(fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(['x--1', 'x--3', 'x--4']);
  });

  it('resumes a cancelled walk from its checkpoint with nothing lost or repeated', async () => {
    const s = serverOf(9);
    const firstRun: Item[] = [];
    let saved: WalkCheckpoint | undefined;
    for await (const p of walkPages(s.fetch, { limit: 2 }, (i) => i.id, {
      checkpoints: true,
      prefetch: true,
    })) {
      firstRun.push(...p.items);
      saved = JSON.parse(JSON.stringify(p.checkpoint)) as WalkCheckpoint;
      if (firstRun.length >= 4) break;
    }
    expect(saved).toMatchObject({ next: '4', pages: 2, items: 4, done: false });
    const rest = await walk(s.fetch, { limit: 2 }, { resume: saved, checkpoints: true });
    expect([...firstRun, ...rest.flatMap((p) => p.items)].map((i) => i.id)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `x--${n}`),
    );
    const last = rest.at(-1)?.checkpoint;
    expect(last).toMatchObject({ done: true, pages: 5, items: 9 });
    // The digest is the same as a walk that never stopped.
    const whole = await walk(serverOf(9).fetch, { limit: 2 }, { checkpoints: true });
    expect(last?.seenDigest).toBe(whole.at(-1)?.checkpoint?.seenDigest);
  });

  it('refuses a checkpoint taken with other filters', async () => {
    const s = serverOf(4);
    const pages = await walk(s.fetch, { limit: 2 }, { checkpoints: true, maxPages: 1 });
    const cp = pages[0]?.checkpoint as WalkCheckpoint;
    const err = await expectAppError(
      walk(s.fetch, { limit: 2, type: ['malware'] }, { resume: cp }),
      'INVALID_INPUT',
    );
    expect(err.message).toMatch(/taken with other filters/);
  });

  it('stops when added_after would not advance', async () => {
    const s = scripted(() => page([item(1), item(2)], true));
    const err = await expectAppError(walk(s.fetch), 'PAGING_LOOP');
    expect(err.message).toMatch(/does not move past the last added_after/);
    expect(s.asked[1]?.addedAfter).toBe(t(2));
  });

  it('stops after two empty pages that still say more', async () => {
    const s = scripted((_f, call) =>
      call === 1 ? page([item(1)], true, 'a') : page([], true, `e${call}`),
    );
    const pages = await walk(s.fetch);
    expect(s.asked).toHaveLength(3);
    expect(pages.at(-1)?.notes.map((n) => n.code)).toEqual(['EMPTY_PAGES']);
  });

  it('stops, with a note, when more is true but there is no way to continue', async () => {
    const s = scripted(() => ({ items: [item(1)], more: true, notes: [], url: 'u' }));
    const pages = await walk(s.fetch);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.notes.map((n) => n.code)).toEqual(['MORE_WITHOUT_CONTINUATION']);
  });

  it('asks 2.0 servers for the page size they actually serve', async () => {
    const s = scripted((f) => {
      const start = Number(f.next ?? 0);
      const items = [item(start + 1), item(start + 2)].slice(0, Math.min(2, 5 - start));
      const last = start + items.length - 1;
      return {
        ...page(items, last + 1 < 5, last + 1 < 5 ? String(last + 1) : undefined),
        range: { first: start, last, total: 5 },
      };
    });
    const pages = await walk(s.fetch, { limit: 50 });
    expect(pages.flatMap((p) => p.items)).toHaveLength(5);
    expect(s.asked.map((f) => f.limit)).toEqual([50, 2, 2]);
    expect(pages[0]?.notes.map((n) => n.code)).toEqual(['PAGE_SIZE_SHRUNK']);
  });
});
