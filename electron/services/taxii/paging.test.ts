/**
 * The paging algorithm's guards, driven by scripted pages (the algorithm is pure given a page
 * fetcher; the same walk runs against the real server in client.test.ts).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { Page } from '../../../shared/taxii/page';
import { AppError } from '../../../shared/errors';
import type { WalkCheckpoint } from '../../../shared/taxii/checkpoint';
import { oneUnitBefore } from '../../../shared/taxii/timestamps';
import { settlePage, walkPages, type FetchedPage, type WalkOptions } from './paging';
import { expectAppError } from '../../../e2e/support/taxii';

type Item = { id: string; at: string };
const t = (n: number): string => `2024-01-01T00:00:${String(n).padStart(2, '0')}.000000Z`;
const item = (n: number, at = n): Item => ({ id: `x--${n}`, at: t(at) });
const before = (at: string): string => oneUnitBefore(at) as string;

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
    // It tried next once, saw the same page, then added_after once (from just before the last
    // date_added, as that is a strict ">"), which did not advance.
    expect(s.asked.map((f) => f.next ?? f.addedAfter)).toEqual([undefined, 'a', before(t(2))]);
  });

  it('sends a next that came after an added_after restart with that same added_after', async () => {
    const s = scripted((f, call) => {
      if (call === 1) return page([item(1), item(2)], true); // more, no next: fallback
      if (call === 2) return page([item(3), item(4)], true, 'tok');
      return page([item(5)], false);
    });
    await walk(s.fetch, { limit: 2, type: ['indicator'] });
    expect(s.asked[2]).toEqual({
      limit: 2,
      type: ['indicator'],
      addedAfter: before(t(2)),
      next: 'tok',
    });
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
    // The repeated page is not handed out; its notes travel with the next one. On added_after,
    // each page asks again for the last instant's items (they may have company), so one new each.
    expect(pages).toHaveLength(5);
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
    expect(s.asked[2]).toEqual({ limit: 2, type: ['indicator'], addedAfter: before(t(2)) });
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
    expect(s.asked[1]?.addedAfter).toBe(before(t(2)));
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

describe('the paging walk’s edges', () => {
  it('restarts from the last date_added when the server answers an expired next with 404, and says which', async () => {
    const s = serverOf(4, (f) => {
      if (f.next === '2') throw new AppError({ code: 'NOT_FOUND', message: 'x', status: 404 });
      return undefined;
    });
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4].map((n) => `x--${n}`),
    );
    expect(pages[1]?.notes).toEqual([
      {
        code: 'NEXT_EXPIRED',
        message: `The server refused its own next token (404: expired or unknown); continued from the last date_added received (${t(2)}) with added_after, without duplicates.`,
        where: 'https://example.test/objects/',
      },
    ]);
  });

  it('passes on other failures of a next request, and any failure of a request without next', async () => {
    const on500 = serverOf(4, (f) => {
      if (f.next === '2') throw new AppError({ code: 'SERVER_ERROR', message: 'x', status: 500 });
      return undefined;
    });
    await expectAppError(walk(on500.fetch), 'SERVER_ERROR');
    expect(on500.asked).toHaveLength(2);
    const noNext = scripted(() => {
      throw new AppError({ code: 'HTTP_STATUS', message: 'x', status: 400 });
    });
    const err = await expectAppError(walk(noNext.fetch), 'HTTP_STATUS');
    expect(err.wire.hint).toBeUndefined();
    expect(noNext.asked).toHaveLength(1);
  });

  it('aborts the prefetched request when the caller stops, and the fetcher sees why', async () => {
    const signals: AbortSignal[] = [];
    const fetch = (f: TaxiiFilters, signal: AbortSignal): Promise<Page<Item>> => {
      signals.push(signal);
      // The second page never comes by itself: only an abort ends it.
      if (f.next)
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      return Promise.resolve(page([item(1), item(2)], true, 'n'));
    };
    for await (const p of walkPages(fetch, { limit: 2 }, (i) => i.id)) {
      expect(p.items).toHaveLength(2);
      expect(signals).toHaveLength(2); // the next page is already asked for
      expect(signals[1]?.aborted).toBe(false);
      break;
    }
    expect(signals[1]?.aborted).toBe(true);
    expect(signals[1]?.reason).toMatchObject({ code: 'CANCELLED', message: 'Paging stopped.' });
  });

  it('asks for the next page only after the caller is done with this one when prefetch is off', async () => {
    const s = serverOf(4);
    const it = walkPages(s.fetch, { limit: 2 }, (i) => i.id, { prefetch: false });
    await it.next();
    expect(s.asked).toHaveLength(1);
    await it.next();
    expect(s.asked).toHaveLength(2);
    await it.return();
  });

  it('aborts at once under a signal that has already aborted, and leaves no listener behind', async () => {
    const outer = new AbortController();
    outer.abort('gone');
    const seen: AbortSignal[] = [];
    const fetch = (_f: TaxiiFilters, signal: AbortSignal): Promise<Page<Item>> => {
      seen.push(signal);
      return Promise.reject(new AppError({ code: 'CANCELLED', message: 'x' }));
    };
    await expectAppError(
      (async () => {
        for await (const _ of walkPages(fetch, { limit: 2 }, (i) => i.id, {
          signal: outer.signal,
        }));
      })(),
      'CANCELLED',
    );
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBe('gone');

    const live = new AbortController();
    const s = serverOf(4);
    const it = walkPages(s.fetch, { limit: 2 }, (i) => i.id, { signal: live.signal });
    await it.next();
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(1);
    live.abort('later');
    expect(s.asked).toHaveLength(2);
    await it.return();
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });

  it('stops after maxPages but keeps where it would go on in the checkpoint', async () => {
    const s = serverOf(6);
    const pages = await walk(s.fetch, { limit: 2 }, { maxPages: 2, checkpoints: true });
    expect(pages).toHaveLength(2);
    expect(s.asked).toHaveLength(2);
    expect(pages[1]?.checkpoint).toMatchObject({ next: '4', done: false, pages: 2, items: 4 });
    const all = await walk(serverOf(6).fetch, { limit: 2 }, { maxPages: 3 });
    expect(all).toHaveLength(3);
  });

  it('writes checkpoints that name the walk, its filters, its place and what it has seen', async () => {
    const s = serverOf(3);
    const pages: Page<Item>[] = [];
    for await (const p of walkPages(
      s.fetch,
      { limit: 2, type: ['indicator'], next: '0' },
      (i) => i.id,
      { checkpoints: true, prefetch: false },
      { endpoint: 'manifest', url: 'https://example.test/c/manifest/' },
    ))
      pages.push(p);
    const [first, last] = [pages[0]?.checkpoint, pages[1]?.checkpoint];
    expect(first).toMatchObject({
      v: 1,
      endpoint: 'manifest',
      url: 'https://example.test/c/manifest/',
      filters: { limit: 2, type: ['indicator'] },
      next: '2',
      lastDateAdded: t(2),
      done: false,
      pages: 1,
      items: 2,
      limit: 2,
      boundaryKeys: ['x--1', 'x--2'],
    });
    expect(first).not.toHaveProperty('nextUnreliable');
    expect(first).not.toHaveProperty('addedAfter');
    expect(first?.filters).not.toHaveProperty('next');
    expect(Date.parse(first?.savedAt ?? '')).not.toBeNaN();
    expect(last).toMatchObject({ done: true, pages: 2, items: 3, boundaryKeys: ['x--3'] });
    expect(last).not.toHaveProperty('next');
    expect(last?.seenDigest).not.toBe(first?.seenDigest);
    // Without an identity the checkpoint names the objects endpoint and the page's URL.
    const bare = await walk(serverOf(1).fetch, { limit: 2 }, { checkpoints: true });
    expect(bare[0]?.checkpoint).toMatchObject({
      endpoint: 'objects',
      url: 'https://example.test/objects/',
    });
    expect(bare[0]?.checkpoint).not.toHaveProperty('limit', 3);
  });

  it('ends at once on a finished checkpoint, and refuses one from another endpoint, address or a damaged one', async () => {
    const s = serverOf(2);
    const done = (await walk(s.fetch, { limit: 2 }, { checkpoints: true })).at(-1)
      ?.checkpoint as WalkCheckpoint;
    expect(done.done).toBe(true);
    const before = s.asked.length;
    expect(await walk(s.fetch, { limit: 2 }, { resume: done })).toEqual([]);
    expect(s.asked).toHaveLength(before);

    const identity = { endpoint: 'objects' as const, url: 'https://example.test/objects/' };
    const resumeWith = (cp: WalkCheckpoint, id = identity) =>
      (async () => {
        for await (const _ of walkPages(s.fetch, { limit: 2 }, (i) => i.id, { resume: cp }, id));
      })();
    const other = await expectAppError(
      resumeWith({ ...done, done: false, endpoint: 'manifest' }),
      'INVALID_INPUT',
    );
    expect(other.message).toBe(
      'The saved position cannot be used here: it was taken on the manifest endpoint, not objects.',
    );
    expect(other.wire).toMatchObject({
      where: 'resume',
      hint: expect.stringMatching(/^Resume with the same collection/),
    });
    const elsewhere = await expectAppError(
      resumeWith({ ...done, done: false, url: 'https://other.test/objects/' }),
      'INVALID_INPUT',
    );
    expect(elsewhere.message).toMatch(/it was taken on https:\/\/other\.test\/objects\/\.$/);
    const damaged = await expectAppError(
      resumeWith({ ...done, done: false, seenDigest: 'junk' }),
      'INVALID_INPUT',
    );
    expect(damaged.message).toMatch(/its digest is malformed/);
  });

  it('says how many repeats it left out, one or several', async () => {
    const one = scripted((f) =>
      f.next ? page([item(2), item(3)], false) : page([item(1), item(2)], true, 'n'),
    );
    expect((await walk(one.fetch)).at(-1)?.notes[0]?.message).toBe(
      '1 item was already received on an earlier page and left out.',
    );
    const two = scripted((f) =>
      f.next ? page([item(1), item(2), item(3)], false) : page([item(1), item(2)], true, 'n'),
    );
    expect((await walk(two.fetch, { limit: 3 })).at(-1)?.notes[0]?.message).toBe(
      '2 items were already received on an earlier page and left out.',
    );
  });

  it('fails when next loops and there is no date to continue from', async () => {
    const again = scripted(() => ({
      items: [item(1)],
      more: true,
      next: 'a',
      notes: [],
      url: 'u',
    }));
    const err = await expectAppError(walk(again.fetch), 'PAGING_LOOP');
    expect(err.message).toMatch(
      /^The server’s next token loops, and it sends no X-TAXII-Date-Added-Last/,
    );
    expect(err.wire.hint).toMatch(/^The server’s paging is broken/);
    expect(err.wire.where).toBe('u');
  });

  it('notes the added_after fallback once, with what it may miss', async () => {
    const s = scripted((f) =>
      f.addedAfter ? page([item(3)], false) : page([item(1), item(2)], true),
    );
    const pages = await walk(s.fetch);
    expect(pages[0]?.notes).toEqual([
      {
        code: 'ADDED_AFTER_FALLBACK',
        message:
          'The server said more items remain but gave no next token; continuing with added_after from X-TAXII-Date-Added-Last, leaving out what was already received at that instant.',
        where: 'https://example.test/objects/',
      },
    ]);
    expect(pages[1]?.notes).toEqual([]);
    expect(s.asked[1]).toEqual({ limit: 2, addedAfter: before(t(2)) });
  });
});

describe('the paging walk’s loop guards and bookkeeping', () => {
  const codes = (p: Page<Item> | undefined) => p?.notes.map((n) => n.code);

  it('tells a page with the same ends but other items inside from the same page', async () => {
    const s = scripted((f) =>
      f.next === 'b'
        ? page([item(1), item(5), item(3)], true, 'c')
        : f.next === 'c'
          ? page([item(6)], false)
          : page([item(1), item(2), item(3)], true, 'b'),
    );
    const pages = await walk(s.fetch, { limit: 3 });
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual([
      'x--1',
      'x--2',
      'x--3',
      'x--5',
      'x--6',
    ]);
    expect(codes(pages[1])).toEqual(['DUPLICATES_DROPPED']);
    expect(s.asked.map((f) => f.next)).toEqual([undefined, 'b', 'c']);
  });

  it('does not take a shorter page that starts like the last one for the same page', async () => {
    const s = scripted((f) =>
      f.next === 'b'
        ? page([item(1), item(4)], true, 'c')
        : f.next === 'c'
          ? page([item(6)], false)
          : page([item(1), item(2), item(4)], true, 'b'),
    );
    const pages = await walk(s.fetch, { limit: 3 });
    expect(pages.flatMap((p) => p.notes.map((n) => n.code))).not.toContain('NEXT_LOOPED');
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual([
      'x--1',
      'x--2',
      'x--4',
      'x--6',
    ]);
  });

  it('calls it a loop when the token it was given comes back with only items it already has', async () => {
    // A session token that moves on once, then hands out earlier items again.
    const s = scripted((f, call) => {
      if (!f.next && !f.addedAfter) return page([item(1), item(2)], true, 'a');
      if (f.next === 'a' && call === 2) return page([item(3), item(4)], true, 'a');
      if (f.next === 'a') return page([item(2), item(3)], true, 'a');
      return page([item(5)], false);
    });
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `x--${n}`),
    );
    const looped = pages.flatMap((p) => p.notes).find((n) => n.code === 'NEXT_LOOPED');
    expect(looped?.message).toBe(
      'The server sent the same next token it was given ("a") with the same items again, which would loop forever; its next tokens are no longer followed, and the walk continues with added_after from the last X-TAXII-Date-Added-Last received.',
    );
    expect(s.asked.at(-1)).toStrictEqual({ limit: 2, addedAfter: t(4) });
    // Caught on the page that brought the old items, not a page later.
    expect(s.asked).toHaveLength(4);
  });

  it('follows a token that comes back with some items it already has and some new', async () => {
    const s = scripted((f, call) => {
      if (!f.next) return page([item(1), item(2)], true, 'a');
      if (call === 2) return page([item(2), item(3)], true, 'a');
      return page([item(4)], false);
    });
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.notes.map((n) => n.code))).toEqual(['DUPLICATES_DROPPED']);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4].map((n) => `x--${n}`),
    );
  });

  it('follows a token that comes back with an empty page that still says more', async () => {
    const s = scripted((f, call) => {
      if (!f.next) return page([item(1)], true, 'a');
      if (call === 2) return page([], true, 'a');
      return page([item(2)], false);
    });
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.notes)).toEqual([]);
    expect(s.asked.map((f) => f.next)).toEqual([undefined, 'a', 'a']);
  });

  it('keeps the last date_added seen across a page that has none, and drops repeats on such a page', async () => {
    const undated = (items: Item[], next: string): Page<Item> => ({
      items,
      more: true,
      next,
      notes: [],
      url: 'u',
    });
    const s = scripted((f) => {
      if (!f.next && !f.addedAfter) return page([item(1), item(2)], true, 'a');
      if (f.next === 'a') return undated([item(2), item(3)], 'b');
      if (f.next === 'b') throw new AppError({ code: 'HTTP_STATUS', message: 'x', status: 400 });
      return page([item(4)], false);
    });
    const pages = await walk(s.fetch);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(
      [1, 2, 3, 4].map((n) => `x--${n}`),
    );
    expect(s.asked.at(-1)).toStrictEqual({ limit: 2, addedAfter: t(2) });
  });

  it('says "the same page twice" when a new token brings the last page again, and stops when asked to', async () => {
    const s = scripted((f) =>
      f.next === 'b' ? page([item(1), item(2)], true, 'c') : page([item(1), item(2)], true, 'b'),
    );
    const err = await expectAppError(
      walk(s.fetch, { limit: 2 }, { onLoop: 'stop' }),
      'PAGING_LOOP',
    );
    expect(err.message).toBe(
      'The server sent the same page twice; stopped to avoid an endless loop.',
    );
  });

  it('restarts an expired next from the latest date_added seen, even when a later page went back in time', async () => {
    const s = scripted((f) => {
      if (!f.next && !f.addedAfter) return page([item(1), item(5)], true, 'a');
      if (f.next === 'a') return page([item(3, 2)], true, 'b'); // a page dated before the last one
      if (f.next === 'b') throw new AppError({ code: 'HTTP_STATUS', message: 'x', status: 400 });
      return page([item(6)], false);
    });
    await walk(s.fetch);
    expect(s.asked.at(-1)).toStrictEqual({ limit: 2, addedAfter: t(5) });
  });

  it('keeps the refused token’s error as the cause when it cannot restart', async () => {
    const refused = new AppError({ code: 'HTTP_STATUS', message: 'x', status: 404 });
    const s = scripted((f) => {
      if (f.next) throw refused;
      return { items: [item(1)], more: true, next: 'n', notes: [], url: 'u' };
    });
    const err = await expectAppError(walk(s.fetch), 'HTTP_STATUS');
    expect(err.cause).toBe(refused);
  });

  it('stops when a server keeps sending pages of items it already sent under new tokens', async () => {
    const s = scripted((f) => {
      if (!f.next) return page([item(1), item(2)], true, 'a');
      if (f.next === 'a') return page([item(3), item(4)], true, 'b');
      if (f.next === 'b') return page([item(1), item(2)], true, 'c');
      return page([item(3), item(4)], true, 'd');
    });
    const err = await expectAppError(walk(s.fetch), 'PAGING_LOOP');
    expect(err.message).toBe(
      'The server keeps sending pages of items it already sent; stopped to avoid an endless loop.',
    );
    expect(s.asked).toHaveLength(4);
  });

  it('looks for duplicates on the last three pages only', async () => {
    // Five pages; page 5 repeats item 2 (four pages back: kept) and item 4 (three back: dropped).
    const s = scripted((f) => {
      const n = Number(f.next ?? 0);
      if (n < 4) return page([item(2 * n + 1), item(2 * n + 2)], true, String(n + 1));
      return page([item(2), item(4), item(9)], false);
    });
    const pages = await walk(s.fetch, { limit: 2 });
    expect(pages.at(-1)?.items.map((i) => i.id)).toEqual(['x--2', 'x--9']);
    expect(pages.at(-1)?.notes[0]?.message).toBe(
      '1 item was already received on an earlier page and left out.',
    );
  });

  it('hands over a page of only repeats when it is the last one, and skips it in the middle without asking twice', async () => {
    const last = scripted((f) =>
      f.next ? page([item(2)], false) : page([item(1), item(2)], true, 'n'),
    );
    const lastPages = await walk(last.fetch);
    expect(lastPages).toHaveLength(2);
    expect(lastPages[1]?.items).toEqual([]);
    expect(codes(lastPages[1])).toEqual(['DUPLICATES_DROPPED']);

    const middle = scripted((f) => {
      if (!f.next) return page([item(1), item(2)], true, 'a');
      if (f.next === 'a') return page([item(2)], true, 'b');
      if (f.next === 'b') return page([item(3)], true, 'c');
      return page([item(4)], false);
    });
    const pages: Page<Item>[] = [];
    for await (const p of walkPages(middle.fetch, { limit: 2 }, (i) => i.id)) pages.push(p);
    expect(pages.map((p) => p.items.map((i) => i.id))).toEqual([
      ['x--1', 'x--2'],
      ['x--3'],
      ['x--4'],
    ]);
    // The skipped page's note travels with the next page only.
    expect(codes(pages[1])).toEqual(['DUPLICATES_DROPPED']);
    expect(codes(pages[2])).toEqual([]);
    expect(middle.asked.map((f) => f.next)).toEqual([undefined, 'a', 'b', 'c']);
  });

  it('hands over a page with some new items and some repeats', async () => {
    const s = scripted((f) => {
      if (!f.next) return page([item(1), item(2)], true, 'a');
      if (f.next === 'a') return page([item(2), item(3)], true, 'b');
      return page([item(4)], false);
    });
    const pages = await walk(s.fetch);
    expect(pages.map((p) => p.items.map((i) => i.id))).toEqual([
      ['x--1', 'x--2'],
      ['x--3'],
      ['x--4'],
    ]);
  });

  it('hands over an empty page that still says more, and notes two in a row', async () => {
    const s = scripted((_f, call) =>
      call === 1 ? page([item(1)], true, 'a') : page([], true, `e${call}`),
    );
    const pages = await walk(s.fetch);
    expect(pages).toHaveLength(3);
    expect(pages.at(-1)?.notes[0]?.message).toBe(
      'The server said more items remain but sent two empty pages in a row; stopped here.',
    );
  });

  it('treats an empty next token as none', async () => {
    const s = scripted((f) =>
      f.addedAfter ? page([item(3)], false) : page([item(1), item(2)], true, ''),
    );
    const pages = await walk(s.fetch);
    expect(codes(pages[0])).toEqual(['ADDED_AFTER_FALLBACK']);
    expect(s.asked[1]).toStrictEqual({ limit: 2, addedAfter: before(t(2)) });
  });

  it('says there is no way on when more is true with neither token nor date', async () => {
    const s = scripted(() => ({ items: [item(1)], more: true, notes: [], url: 'u' }));
    const pages = await walk(s.fetch);
    expect(pages[0]?.notes[0]?.message).toBe(
      'The server said more items remain but gave neither a next token nor a valid X-TAXII-Date-Added-Last header, so there is no way to ask for them; stopped here.',
    );
  });

  it('sends next with exactly the filters it was given, nothing added', async () => {
    const s = scripted((f) =>
      f.next ? page([item(3)], false) : page([item(1), item(2)], true, 'tok'),
    );
    await walk(s.fetch, { limit: 2 });
    expect(s.asked[1]).toStrictEqual({ limit: 2, next: 'tok' });
  });

  it('asks for the page size a 2.0 server serves only when it is smaller, and says so', async () => {
    const served = (per: number) =>
      scripted((f) => {
        const start = Number(f.next ?? 0);
        const items = Array.from({ length: Math.min(per, 6 - start) }, (_, i) =>
          item(start + i + 1),
        );
        const lastIndex = start + items.length - 1;
        return {
          ...page(items, lastIndex + 1 < 6, lastIndex + 1 < 6 ? String(lastIndex + 1) : undefined),
          range: { first: start, last: lastIndex, total: 6 },
        };
      });
    const exact = served(2);
    const pages = await walk(exact.fetch, { limit: 2 });
    expect(pages.flatMap((p) => p.notes)).toEqual([]);
    expect(exact.asked.map((f) => f.limit)).toEqual([2, 2, 2]);
    // A range that makes no sense (last before first) changes nothing.
    const broken = scripted(() => ({
      ...page([item(1)], false),
      range: { first: 5, last: 4, total: 6 },
    }));
    expect((await walk(broken.fetch, { limit: 10 }))[0]?.notes).toEqual([]);
    // A server that serves fewer again later is followed again.
    const shrinking = scripted((f, call) => {
      const start = Number(f.next ?? 0);
      const per = call === 1 ? 3 : 2;
      const items = Array.from({ length: per }, (_, i) => item(start + i + 1));
      return {
        ...page(items, call < 3, call < 3 ? String(start + per) : undefined),
        range: { first: start, last: start + per - 1, total: 9 },
      };
    });
    await walk(shrinking.fetch, { limit: 10 });
    expect(shrinking.asked.map((f) => f.limit)).toEqual([10, 3, 2]);
    const fewer = served(3);
    const shrunk = await walk(fewer.fetch, { limit: 10 });
    expect(shrunk[0]?.notes[0]?.message).toBe(
      'The server serves 3 items per page (asked for 10); asking for 3 from now on.',
    );
  });

  it('adds no checkpoint unless asked, and leaves out what a walk does not have', async () => {
    const plain = await walk(serverOf(3).fetch, { limit: 2 });
    expect(plain.every((p) => !('checkpoint' in p))).toBe(true);
    const bare = scripted(() => ({ items: [item(1)], more: false, notes: [], url: 'u' }));
    const [only] = await walk(bare.fetch, {}, { checkpoints: true });
    expect(only?.checkpoint).toBeDefined();
    for (const key of ['next', 'addedAfter', 'lastDateAdded', 'nextUnreliable', 'limit'])
      expect(only?.checkpoint, key).not.toHaveProperty(key);
  });

  it('keeps the added_after it continues with in the checkpoint, unless it is the caller’s own', async () => {
    const s = scripted((f) =>
      f.addedAfter === before(t(2)) ? page([item(3)], false) : page([item(1), item(2)], true),
    );
    const pages = await walk(s.fetch, { limit: 2 }, { checkpoints: true, maxPages: 1 });
    expect(pages[0]?.checkpoint).toMatchObject({ addedAfter: before(t(2)), done: false });
    const own = scripted(() => page([item(3)], true, 'n'));
    const ownPages = await walk(
      own.fetch,
      { limit: 2, addedAfter: before(t(2)) },
      { checkpoints: true, maxPages: 1 },
    );
    expect(ownPages[0]?.checkpoint).toMatchObject({ next: 'n' });
    expect(ownPages[0]?.checkpoint).not.toHaveProperty('addedAfter');
  });

  it('counts what it handed out in the digest, not the repeats it left out', async () => {
    const withRepeat = scripted((f) =>
      f.next ? page([item(2), item(3)], false) : page([item(1), item(2)], true, 'n'),
    );
    const clean = scripted((f) =>
      f.next ? page([item(3)], false) : page([item(1), item(2)], true, 'n'),
    );
    const a = await walk(withRepeat.fetch, { limit: 2 }, { checkpoints: true });
    const b = await walk(clean.fetch, { limit: 2 }, { checkpoints: true });
    expect(a.at(-1)?.checkpoint?.seenDigest).toBe(b.at(-1)?.checkpoint?.seenDigest);
  });

  it('resumes with the checkpoint’s page size and drops repeats of its last page', async () => {
    const s = scripted((f) => {
      if (f.next === 'r') return page([item(2), item(3)], false); // repeats the boundary item 2
      return page([item(1), item(2)], true, 'r');
    });
    const first = await walk(s.fetch, { limit: 50 }, { checkpoints: true, maxPages: 1 });
    const cp = { ...(first[0]?.checkpoint as WalkCheckpoint), limit: 2 };
    const rest = await walk(s.fetch, { limit: 50 }, { resume: cp });
    expect(rest.flatMap((p) => p.items.map((i) => i.id))).toEqual(['x--3']);
    expect(s.asked.at(-1)).toStrictEqual({ limit: 2, next: 'r' });
  });

  it('resumes an added_after walk from the checkpoint’s date, without a next', async () => {
    const s = scripted((f) =>
      f.addedAfter === before(t(2)) ? page([item(3)], false) : page([item(1), item(2)], true),
    );
    const first = await walk(s.fetch, { limit: 2 }, { checkpoints: true, maxPages: 1 });
    await walk(s.fetch, { limit: 2 }, { resume: first[0]?.checkpoint as WalkCheckpoint });
    expect(s.asked.at(-1)).toStrictEqual({ limit: 2, addedAfter: before(t(2)) });
  });

  it('removes its abort listener when a walk ends by itself', async () => {
    const live = new AbortController();
    await walk(serverOf(3).fetch, { limit: 2 }, { signal: live.signal });
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });

  it('settles a fetched page: applies its keep and drops it', () => {
    const fetched: FetchedPage<Item> = {
      ...page([item(1), item(2)], false),
      keep: (i) => i.id === 'x--2',
    };
    const settled = settlePage(fetched);
    expect(settled.items.map((i) => i.id)).toEqual(['x--2']);
    expect(settled).not.toHaveProperty('keep');
    const plain = page([item(1)], false);
    expect(settlePage(plain)).toEqual(plain);
  });
});
