/**
 * Comparing collections on two real servers (a mirror and its source) with known differences,
 * and one collection served as TAXII 2.1 and 2.0 by the same server (no differences).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { TaxiiClient } from '../taxii/client';
import { diffCollections, type DiffEntry, type DiffSummary } from './diff';

const T1 = '2024-01-01T00:00:00.000Z';
const T2 = '2024-02-01T00:00:00.000Z';
const id = (n: number): string => `indicator--00000000-0000-4000-8000-00000000000${n}`;
function indicator(n: number, modified: string): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: id(n),
    created: T1,
    modified,
    name: `Indicator ${n}`,
    pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
    pattern_type: 'stix',
    valid_from: T1,
  };
}

async function run(
  gen: AsyncGenerator<DiffEntry, DiffSummary, undefined>,
): Promise<{ entries: DiffEntry[]; summary: DiffSummary }> {
  const entries: DiffEntry[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { entries, summary: r.value };
    entries.push(r.value);
  }
}

describe('comparing collections', () => {
  let left: RunningTaxiiServer;
  let right: RunningTaxiiServer;
  let a: TaxiiClient;
  let b: TaxiiClient;
  beforeAll(async () => {
    left = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    right = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    a = new TaxiiClient();
    b = new TaxiiClient();
    const post = (c: TaxiiClient, s: RunningTaxiiServer, objects: Record<string, unknown>[]) =>
      c.postObjects(s.collectionUrl('api1', 'publish'), JSON.stringify({ objects }));
    // 1 same; 2 only in A; 3 only in B; 4 newer in A; 5 newer in B; 6 different versions, B newer.
    await post(a, left, [
      indicator(1, T1),
      indicator(2, T1),
      indicator(4, T1),
      indicator(5, T1),
      indicator(6, T1),
    ]);
    await post(a, left, [indicator(4, T2)]);
    await post(b, right, [
      indicator(1, T1),
      indicator(3, T1),
      indicator(4, T1),
      indicator(5, T1),
      indicator(6, T2),
    ]);
    await post(b, right, [indicator(5, T2)]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await left.close();
    await right.close();
  });

  it('lists what is only in A, only in B, and newer on either side, sorted by id', async () => {
    const progress: string[] = [];
    const { entries, summary } = await run(
      diffCollections(
        { client: a, url: left.collectionUrl('api1', 'publish') },
        { client: b, url: right.collectionUrl('api1', 'publish') },
        { onProgress: (side, n) => progress.push(`${side}:${n}`) },
      ),
    );
    expect(entries).toEqual([
      { kind: 'only-in-a', id: id(2), versions: [T1] },
      { kind: 'only-in-b', id: id(3), versions: [T1] },
      {
        kind: 'versions-differ',
        id: id(4),
        onlyInA: [T2],
        onlyInB: [],
        latestA: T2,
        latestB: T1,
        newer: 'a',
      },
      {
        kind: 'versions-differ',
        id: id(5),
        onlyInA: [],
        onlyInB: [T2],
        latestA: T1,
        latestB: T2,
        newer: 'b',
      },
      {
        kind: 'versions-differ',
        id: id(6),
        onlyInA: [T1],
        onlyInB: [T2],
        latestA: T1,
        latestB: T2,
        newer: 'b',
      },
    ]);
    expect(summary).toMatchObject({
      a: { url: left.collectionUrl('api1', 'publish'), objects: 5, versions: 6 },
      b: { url: right.collectionUrl('api1', 'publish'), objects: 5, versions: 6 },
      onlyInA: 1,
      onlyInB: 1,
      versionsDiffer: 3,
      newerInA: 1,
      newerInB: 2,
      same: 1,
      identical: false,
    });
    expect(progress).toEqual(['a:6', 'b:6']);
  });

  it('finds no difference between a collection and itself served as TAXII 2.0', async () => {
    const { entries, summary } = await run(
      diffCollections(
        { client: a, url: left.collectionUrl('api1', 'seed') },
        { client: a, url: left.collectionUrl('api20', 'api20-seed') },
        { filters: { type: ['indicator', 'malware'] } },
      ),
    );
    expect(entries).toEqual([]);
    expect(summary.identical).toBe(true);
    expect(summary.a.objects).toBeGreaterThan(3);
    expect(summary.b.objects).toBe(summary.a.objects);
  });
});
