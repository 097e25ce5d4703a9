/**
 * Runs of objects added in the same microsecond, split across page boundaries: every way the
 * walk continues (the server's next, more without next, an expired next) hands out each object
 * exactly once. `added_after` is a strict ">" (TAXII 2.1 §3.4.1), so continuing from the last
 * date_added verbatim would skip the rest of the run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { indicator, post21 } from '../../../e2e/server/test-http';
import type { Page } from '../../../shared/taxii/page';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';
import { expectAppError } from '../../../e2e/support/taxii';

let srv: RunningTaxiiServer;
let url: string;
let client: TaxiiClient;
const names = (n: number, from = 1): string[] =>
  Array.from({ length: n }, (_, i) => `Test indicator ${i + from}`);

async function walk(limit: number): Promise<{ names: string[]; pages: Page<StixObject>[] }> {
  const pages: Page<StixObject>[] = [];
  for await (const p of client.objectPages(url, { limit })) pages.push(p);
  return { names: pages.flatMap((p) => p.items.map((o) => o.name as string)), pages };
}

beforeAll(async () => {
  // Four objects at distinct instants, then four sharing one: limit 3 or 6 splits the run.
  srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  url = srv.collectionUrl('api1', 'publish');
  for (const batch of [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]) {
    if (batch[0] === 5) srv.freezeDateAdded();
    for (const n of batch)
      expect((await post21(`${url}objects/`, [indicator(n)])).status).toBe(202);
  }
  client = new TaxiiClient();
});
afterEach(() => srv.setQuirks([]));
afterAll(async () => {
  await client.close();
  await srv.close();
});

describe('equal date_added across page boundaries', () => {
  it('follows the server’s next through the run', async () => {
    const { names: got, pages } = await walk(3);
    expect(got).toEqual(names(8));
    expect(pages.length).toBe(3);
    expect(pages[1]?.dateAddedLast).toBe(pages[2]?.dateAddedFirst);
    expect(pages[2]?.dateAddedFirst).toBe(pages[2]?.dateAddedLast);
  });

  it('re-asks from just before the instant when more comes without next, dropping repeats', async () => {
    srv.setQuirks(['more-without-next']);
    const { names: got, pages } = await walk(6);
    expect(got).toEqual(names(8));
    const codes = pages.flatMap((p) => p.notes.map((n) => n.code));
    expect(codes).toContain('ADDED_AFTER_FALLBACK');
    // Asked again on purpose: no duplicates note.
    expect(codes).not.toContain('DUPLICATES_DROPPED');
  });

  it('restarts an expired next from just before the instant, each object once', async () => {
    srv.setQuirks(['expiring-next'], { nextUses: 0 });
    const { names: got, pages } = await walk(6);
    expect(got).toEqual(names(8));
    expect(pages.flatMap((p) => p.notes.map((n) => n.code))).toContain('NEXT_EXPIRED');
  });

  it('stops with PAGING_LOOP rather than skip when the run is longer than a page and there is no next', async () => {
    srv.setQuirks(['more-without-next']);
    await expectAppError(walk(3), 'PAGING_LOOP');
  });
});
