/**
 * "New since my last visit" against the project's TAXII server with a coarse clock (every object
 * added shares one date_added): objects added later in the very microsecond of the watermark
 * still count as new, and nothing counts twice; a watermark survives a new Watermarks (restart).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { indicator, post21, until } from '../../../e2e/server/test-http';
import { TaxiiClient } from '../taxii';
import { feedKey, markSeen, newsSince, Watermarks } from './index';

let srv: RunningTaxiiServer;
let url: string;
let client: TaxiiClient;
let dir: string;

async function add(from: number, n: number): Promise<void> {
  const objects = Array.from({ length: n }, (_, i) => indicator(from + i));
  expect((await post21(`${url}objects/`, objects)).status).toBe(202);
}

beforeAll(async () => {
  srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, frozenDateAdded: true });
  url = srv.collectionUrl('api1', 'publish');
  client = new TaxiiClient();
  dir = await mkdtemp(path.join(tmpdir(), 'taxiway-feeds-'));
});
afterAll(async () => {
  await client.close();
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

describe('news since a watermark', () => {
  it('counts objects added in the watermark’s own microsecond once, and survives a restart', async () => {
    await add(1, 3);
    const first = await newsSince(client, url, {}, undefined);
    expect(first.count).toBe(3);
    const seen = await markSeen(client, url, {}, undefined);
    expect(seen.mark?.dateAdded).toMatch(/\.\d{6}Z$/);
    expect(seen.mark?.seenAtInstant).toHaveLength(3);
    const key = feedKey('c', 'https://x.test/api1/', 'publish');
    await new Watermarks(dir).set(key, seen.mark);

    await add(10, 2); // the same date_added as the watermark: added_after alone would miss them
    const mark = await new Watermarks(dir).get(key);
    expect(mark).toEqual(seen.mark);
    const news = await until(async () => {
      const n = await newsSince(client, url, {}, mark);
      return n.count === 2 ? n : undefined;
    });
    expect(news.newest).toBe(mark?.dateAdded);
    const again = await markSeen(client, url, {}, mark);
    expect(again.mark?.seenAtInstant).toHaveLength(5);
    expect((await newsSince(client, url, {}, again.mark)).count).toBe(0);
    // Asked from one microsecond before the watermark: the server's own precision, echoed.
    const asked = srv.requests.filter((r) => r.endpoint === 'manifest').at(-1)?.path ?? '';
    expect(decodeURIComponent(asked)).toContain('added_after=');
  });
});
