/**
 * The paging algorithm's guards, driven by scripted pages (the algorithm is pure given a page
 * fetcher; the same walk runs against the real server in client.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { Page } from '../../../shared/taxii/page';
import { walkPages } from './paging';
import { expectAppError } from './test-fixtures';

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
): Promise<Page<Item>[]> {
  const pages: Page<Item>[] = [];
  for await (const p of walkPages(fetch, filters, (i) => i.id, { prefetch: false })) pages.push(p);
  return pages;
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

  it('stops when pages keep repeating what was already sent', async () => {
    const s = scripted((_f, call) =>
      call === 1 ? page([item(1), item(2)], true, 'a') : page([item(1), item(2)], true, `t${call}`),
    );
    const err = await expectAppError(walk(s.fetch), 'PAGING_LOOP');
    expect(err.message).toMatch(/already sent/);
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
