import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from './index';
import { get21 } from './test-http';

// The documented shape of the bench collection: object i is added at 2024-06-01T00:00:00Z plus
// i milliseconds, and the kinds repeat every 8 objects in this order.
const N = 1_000_000;
const KINDS = [
  'indicator',
  'indicator',
  'indicator',
  'indicator',
  'ipv4-addr',
  'domain-name',
  'malware',
  'relationship',
];
const BASE_MS = Date.UTC(2024, 5, 1);
const addedAt = (i: number): string => `${new Date(BASE_MS + i).toISOString().slice(0, -1)}000Z`;
/** The date_added just before object i: `added_after` of it starts a page at i. */
const before = (i: number): string => addedAt(i - 1);

let server: RunningTaxiiServer;
let url: string;
let heapGrowth: number;

beforeAll(async () => {
  const heapBefore = process.memoryUsage().heapUsed;
  server = await startTaxiiServer({ seed: false, mitreDir: null, synthetic: N });
  heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  url = `${server.collectionUrl('api1', 'bench')}objects/`;
});
afterAll(() => server.close());

describe('a synthetic collection of 1,000,000 objects', () => {
  it('starts without holding its objects, and serving deep pages does not make it grow', async () => {
    // Held in memory, a million objects would take well over 500 MB.
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    const start = process.memoryUsage().heapUsed;
    for (let k = 0; k < 20; k++) {
      const page = await get21(`${url}?added_after=${before(k * 49_999)}`);
      expect(page.json.objects).toHaveLength(100);
    }
    expect(process.memoryUsage().heapUsed - start).toBeLessThan(64 * 1024 * 1024);
  });

  it('serves the last page in order with the right date headers, and more: false', async () => {
    const tail = await get21(`${url}?added_after=${before(N - 30)}`);
    const objects = tail.json.objects ?? [];
    expect(objects).toHaveLength(30);
    expect(tail.json.more).toBe(false);
    expect(objects.map((o) => o.type)).toEqual(
      Array.from({ length: 30 }, (_, k) => KINDS[(N - 30 + k) % 8]),
    );
    expect(tail.headers.get('x-taxii-date-added-first')).toBe(addedAt(N - 30));
    expect(tail.headers.get('x-taxii-date-added-last')).toBe(addedAt(N - 1));
    const names = objects.filter((o) => o.type === 'indicator').map((o) => o.name);
    const indicatorIndices = Array.from({ length: 30 }, (_, k) => N - 30 + k).filter(
      (i) => i % 8 < 4,
    );
    expect(names).toEqual(indicatorIndices.map((i) => `Synthetic indicator ${i}`));
  });

  it('follows next from deep in the collection without gaps or repeats', async () => {
    const start = 777_777;
    let page = await get21(`${url}?added_after=${before(start)}&limit=100`);
    const dates: string[] = [];
    for (let k = 0; k < 4; k++) {
      const manifest = await get21(
        `${url.replace(/objects\/$/, 'manifest/')}?added_after=${before(start + k * 100)}&limit=100`,
      );
      dates.push(...(manifest.json.objects ?? []).map((o) => String(o.date_added)));
      if (k < 3) {
        expect(page.json.more).toBe(true);
        page = await get21(
          `${url}?added_after=${before(start)}&limit=100&next=${encodeURIComponent(String(page.json.next))}`,
        );
      }
    }
    expect(dates).toEqual(Array.from({ length: 400 }, (_, k) => addedAt(start + k)));
    expect(page.headers.get('x-taxii-date-added-first')).toBe(addedAt(start + 300));
  });

  it('filters by type across the whole collection and pages the result', async () => {
    const malware = await get21(`${url}?match[type]=malware&added_after=${before(N - 100)}`);
    const expected = Array.from({ length: 100 }, (_, k) => N - 100 + k).filter((i) => i % 8 === 6);
    expect((malware.json.objects ?? []).map((o) => o.name)).toEqual(
      expected.map((i) => `Synthetic family ${i}`),
    );
    const two = await get21(`${url}?match[type]=ipv4-addr,domain-name&limit=6`);
    expect((two.json.objects ?? []).map((o) => o.type)).toEqual([
      'ipv4-addr',
      'domain-name',
      'ipv4-addr',
      'domain-name',
      'ipv4-addr',
      'domain-name',
    ]);
    expect(two.headers.get('x-taxii-date-added-last')).toBe(addedAt(21));
    expect(two.json.more).toBe(true);
    const none = await get21(`${url}?match[spec_version]=2.0`);
    expect(none.json).toEqual({});
  });

  it('finds objects by id, version and reference, and 404s an id it does not hold', async () => {
    const page = await get21(`${url}?added_after=${before(912_344)}&limit=8`);
    const [a, , , , , , malware, rel] = page.json.objects ?? [];
    const far = (await get21(`${url}?limit=1`)).json.objects?.[0];
    const byIds = await get21(`${url}?match[id]=${String(a?.id)},${String(far?.id)}`);
    // In date_added order, whatever the order asked for.
    expect(byIds.json.objects).toEqual([far, a]);
    expect(rel?.type).toBe('relationship');
    expect(rel?.target_ref).toBe(malware?.id);
    const target = await get21(`${url}${String(rel?.target_ref)}/`);
    expect(target.json.objects).toEqual([malware]);
    const source = await get21(`${url}${String(rel?.source_ref)}/`);
    expect(source.json.objects).toEqual([a]);
    const byVersion = await get21(
      `${url}?match[type]=indicator&match[version]=${String(a?.modified)}`,
    );
    expect(byVersion.json.objects).toEqual([a]);
    const versions = await get21(`${url}${String(a?.id)}/versions/`);
    expect(versions.json.versions).toEqual([a?.modified]);
    // Same tail (the index it carries) with another head, and an id of no index at all.
    const id = String(a?.id);
    const headSwapped = `indicator--${id.charAt(11) === 'f' ? 'e' : 'f'}${id.slice(12)}`;
    for (const unknown of [headSwapped, 'indicator--00000000-0000-4000-8000-000000000000']) {
      expect((await get21(`${url}${unknown}/`)).status).toBe(404);
    }
  });
});
