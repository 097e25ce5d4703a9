import { describe, expect, it } from 'vitest';
import type { Page } from '../../shared/taxii/page';
import { PageWalks } from './page-walks';

/** A walk over fixed pages that records whether it was stopped. */
function walkOf(pages: Array<Page<number>>) {
  const seen = { stopped: false };
  async function* gen(signal: AbortSignal): AsyncGenerator<Page<number>, void, undefined> {
    try {
      for (const p of pages) {
        if (signal.aborted) return;
        yield p;
      }
    } finally {
      seen.stopped = signal.aborted;
    }
  }
  return { gen, seen };
}

const page = (items: number[], more: boolean): Page<number> => ({
  items,
  more,
  ...(more ? { next: 'server-token' } : {}),
  notes: [],
  url: 'http://t/x/',
});

describe('page walks', () => {
  it('hands out one page per call with a one-time cursor, never the server’s token', async () => {
    const walks = new PageWalks();
    const { gen } = walkOf([page([1, 2], true), page([3], false)]);
    const signal = new AbortController().signal;
    const first = await walks.page('q', undefined, signal, gen);
    expect(first.items).toEqual([1, 2]);
    expect(first.next).toBeDefined();
    expect(first.next).not.toBe('server-token');
    const second = await walks.page('q', first.next, signal, gen);
    expect(second).toMatchObject({ items: [3], more: false });
    expect(second.next).toBeUndefined();
    expect(walks.size).toBe(0);
    await expect(walks.page('q', first.next, signal, gen)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('refuses a cursor from another query', async () => {
    const walks = new PageWalks();
    const { gen } = walkOf([page([1], true), page([2], false)]);
    const first = await walks.page('q1', undefined, new AbortController().signal, gen);
    await expect(
      walks.page('q2', first.next, new AbortController().signal, gen),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('stops the walk when a call is cancelled', async () => {
    const walks = new PageWalks();
    const { gen, seen } = walkOf([page([1], true), page([2], true), page([3], false)]);
    const first = await walks.page('q', undefined, new AbortController().signal, gen);
    const cancelled = new AbortController();
    cancelled.abort();
    await walks.page('q', first.next, cancelled.signal, gen).catch(() => undefined);
    expect(seen.stopped).toBe(true);
    expect(walks.size).toBe(0);
  });

  it('drops an idle walk', async () => {
    const walks = new PageWalks(30);
    const { gen } = walkOf([page([1], true), page([2], false)]);
    const first = await walks.page('q', undefined, new AbortController().signal, gen);
    expect(walks.size).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(walks.size).toBe(0);
    await expect(
      walks.page('q', first.next, new AbortController().signal, gen),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
