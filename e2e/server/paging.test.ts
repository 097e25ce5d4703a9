import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from './index';
import { get21, post21, indicator } from './test-http';

let s: RunningTaxiiServer;
const url = (path: string): string => `${s.collectionUrl('api1', 'seed')}${path}`;
type Rec = { id: string; date_added: string; version: string };

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, pageSize: 25 });
});
afterAll(() => s.close());

async function walk(
  path: string,
  limit: number,
  extra = '',
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined;
  let pages = 0;
  for (;;) {
    const r = await get21(
      url(`${path}?limit=${limit}${extra}${next ? `&next=${encodeURIComponent(next)}` : ''}`),
    );
    expect(r.status).toBe(200);
    pages++;
    const page = (r.json.objects ?? []) as Record<string, unknown>[];
    items.push(...page);
    if (!r.json.more) {
      expect(r.json.next).toBeUndefined();
      return { items, pages };
    }
    expect(page.length).toBeLessThanOrEqual(limit);
    next = r.json.next as string;
    expect(typeof next).toBe('string');
  }
}

describe('limit, more and next (§3.5)', () => {
  it('caps limit at the server page size and says more', async () => {
    const r = await get21(url('objects/?limit=1000'));
    expect(r.json.objects).toHaveLength(25);
    expect(r.json.more).toBe(true);
    const d = await get21(url('objects/'));
    expect(d.json.objects).toHaveLength(25);
  });

  it('walks the whole collection with next: every item once, ascending date_added', async () => {
    const { items, pages } = await walk('manifest/', 7);
    const recs = items as unknown as Rec[];
    expect(pages).toBe(Math.ceil(recs.length / 7));
    expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
    for (let i = 1; i < recs.length; i++)
      expect(recs[i]!.date_added > recs[i - 1]!.date_added).toBe(true);
    const objects = await walk('objects/', 11);
    expect(objects.items.map((o) => o.id)).toEqual(recs.map((r) => r.id));
  });

  it('emits unique microsecond date_added values', async () => {
    const { items } = await walk('manifest/', 25, '&match[version]=all');
    const dates = (items as unknown as Rec[]).map((r) => r.date_added);
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(d))).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('sets X-TAXII-Date-Added-First/Last to the first and last item of each page', async () => {
    const m = await get21(url('manifest/?limit=5'));
    const recs = m.json.objects as unknown as Rec[];
    expect(m.headers.get('x-taxii-date-added-first')).toBe(recs[0]!.date_added);
    expect(m.headers.get('x-taxii-date-added-last')).toBe(recs[4]!.date_added);
    const o = await get21(url('objects/?limit=5'));
    expect(o.headers.get('x-taxii-date-added-first')).toBe(recs[0]!.date_added);
    expect(o.headers.get('x-taxii-date-added-last')).toBe(recs[4]!.date_added);
  });

  it('gives the same items with the added_after fallback as with next', async () => {
    const viaNext = (await walk('manifest/', 9)).items as unknown as Rec[];
    const viaAddedAfter: Rec[] = [];
    let after: string | undefined;
    for (;;) {
      const r = await get21(url(`manifest/?limit=9${after ? `&added_after=${after}` : ''}`));
      viaAddedAfter.push(...((r.json.objects ?? []) as unknown as Rec[]));
      if (!r.json.more) break;
      after = r.headers.get('x-taxii-date-added-last') as string;
    }
    expect(viaAddedAfter).toEqual(viaNext);
  });

  it('refuses a next sent with different filters, allows a different limit', async () => {
    const first = await get21(url('objects/?limit=5&match[type]=indicator'));
    const next = encodeURIComponent(first.json.next as string);
    const changed = await get21(url(`objects/?limit=5&match[type]=malware&next=${next}`));
    expect(changed.status).toBe(400);
    expect(String(changed.json.description)).toContain('same filters');
    const dropped = await get21(url(`objects/?limit=5&next=${next}`));
    expect(dropped.status).toBe(400);
    const otherEndpoint = await get21(url(`manifest/?limit=5&match[type]=indicator&next=${next}`));
    expect(otherEndpoint.status).toBe(400);
    const biggerLimit = await get21(url(`objects/?limit=8&match[type]=indicator&next=${next}`));
    expect(biggerLimit.status).toBe(200);
    expect(biggerLimit.json.objects).toHaveLength(8);
    expect(biggerLimit.json.objects?.[0]?.id).not.toBe(first.json.objects?.[4]?.id);
  });

  it('keeps a cursor valid when objects are added meanwhile (new ones come at the end)', async () => {
    const pub = s.collectionUrl('api1', 'publish');
    await post21(
      `${pub}objects/`,
      [1, 2, 3].map((n) => indicator(n)),
    );
    const p1 = await get21(`${pub}objects/?limit=2`);
    await post21(`${pub}objects/`, [indicator(4)]);
    const p2 = await get21(
      `${pub}objects/?limit=2&next=${encodeURIComponent(p1.json.next as string)}`,
    );
    expect([...p1.json.objects!, ...p2.json.objects!].map((o) => o.name)).toEqual(
      [1, 2, 3, 4].map((n) => `Test indicator ${n}`),
    );
    expect(p2.json.more).toBe(false);
  });

  it('splits a run of equal date_added across pages with next, every item once', async () => {
    const frozen = await startTaxiiServer({
      mitreDir: null,
      statusDelayMs: 0,
      pageSize: 25,
      frozenDateAdded: true,
    });
    try {
      const pub = `${frozen.collectionUrl('api1', 'publish')}`;
      await post21(
        `${pub}objects/`,
        Array.from({ length: 7 }, (_, i) => indicator(i + 1)),
      );
      const names: unknown[] = [];
      let next: string | undefined;
      let pages = 0;
      for (;;) {
        const r = await get21(
          `${pub}objects/?limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`,
        );
        pages++;
        expect(r.headers.get('x-taxii-date-added-first')).toBe(
          r.headers.get('x-taxii-date-added-last'),
        );
        names.push(...r.json.objects!.map((o) => o.name));
        // Added mid-walk in the same microsecond: it comes after the cursor's position.
        if (pages === 1) await post21(`${pub}objects/`, [indicator(8)]);
        if (!r.json.more) break;
        next = r.json.next as string;
      }
      expect(names).toEqual(Array.from({ length: 8 }, (_, i) => `Test indicator ${i + 1}`));
      expect(pages).toBe(3);
      // added_after is a strict ">": the whole run is behind it.
      const first = await get21(`${pub}objects/?limit=3`);
      const after = first.headers.get('x-taxii-date-added-last') as string;
      const rest = await get21(`${pub}objects/?added_after=${after}`);
      expect(rest.text).toBe('{}');
    } finally {
      await frozen.close();
    }
  });

  it('answers {} for an empty result, with no date headers', async () => {
    const r = await get21(`${s.collectionUrl('api1', 'seed')}objects/?match[type]=x-nothing`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('{}');
    expect(r.headers.get('x-taxii-date-added-last')).toBeNull();
    const m = await get21(
      `${s.collectionUrl('api1', 'seed')}manifest/?added_after=2099-01-01T00:00:00Z`,
    );
    expect(m.text).toBe('{}');
  });
});
