import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from './index';
import { DUAL_SPEC_ID, SPEC20_ONLY_ID, VERSIONED_INDICATOR_ID } from './seed-data';
import { get21 } from './test-http';

let s: RunningTaxiiServer;
const url = (path: string): string => `${s.collectionUrl('api1', 'seed')}${path}`;
type Rec = { id: string; date_added: string; version: string; media_type: string };

/** Every manifest record for a query, walked with next. */
async function manifestAll(query = ''): Promise<Rec[]> {
  const out: Rec[] = [];
  let next: string | undefined;
  for (;;) {
    const r = await get21(
      url(`manifest/?limit=100${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`),
    );
    expect(r.status).toBe(200);
    out.push(...((r.json.objects ?? []) as unknown as Rec[]));
    if (!r.json.more) return out;
    next = r.json.next as string;
  }
}

let all: Rec[] = [];

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, pageSize: 100 });
  all = await manifestAll('&match[version]=all&match[spec_version]=2.0,2.1');
});
afterAll(() => s.close());

const typeOf = (id: string): string => id.split('--')[0] as string;

describe('match[type] and match[id] (§3.4.1)', () => {
  it('keeps only the listed types, OR within the field', async () => {
    const r = await get21(url('objects/?match[type]=malware,tool&limit=100'));
    const types = new Set(r.json.objects?.map((o) => o.type));
    expect([...types].sort()).toEqual(['malware', 'tool']);
    const expected = new Set(
      all.filter((x) => ['malware', 'tool'].includes(typeOf(x.id))).map((x) => x.id),
    );
    expect(r.json.objects?.length).toBe(expected.size);
  });

  it('keeps only the listed ids', async () => {
    const ids = [all[3]!.id, all[40]!.id];
    const r = await get21(url(`objects/?match[id]=${ids.join(',')}`));
    expect(new Set(r.json.objects?.map((o) => o.id))).toEqual(new Set(ids));
  });

  it('ANDs different fields: a malware id with match[type]=indicator gives {}', async () => {
    const malwareId = all.find((x) => typeOf(x.id) === 'malware')!.id;
    const r = await get21(url(`objects/?match[type]=indicator&match[id]=${malwareId}`));
    expect(r.status).toBe(200);
    expect(r.text).toBe('{}');
    expect(r.headers.get('x-taxii-date-added-first')).toBeNull();
  });

  it('filters the manifest by the underlying object type', async () => {
    const m = await manifestAll('&match[type]=relationship');
    expect(m.length).toBeGreaterThan(50);
    expect(m.every((x) => typeOf(x.id) === 'relationship')).toBe(true);
  });
});

describe('match[version] (§3.4.1)', () => {
  const versionsOf = (id: string): Rec[] => all.filter((x) => x.id === id);

  it('defaults to the last version', async () => {
    const r = await get21(url(`objects/${VERSIONED_INDICATOR_ID}/`));
    const known = versionsOf(VERSIONED_INDICATOR_ID)
      .map((x) => x.version)
      .sort();
    expect(known).toHaveLength(3);
    expect(r.json.objects?.map((o) => o.modified)).toEqual([known[2]]);
  });

  it('serves first, last, all, exact values and combinations', async () => {
    const known = versionsOf(VERSIONED_INDICATOR_ID)
      .map((x) => x.version)
      .sort();
    const ask = async (v: string): Promise<unknown[]> =>
      (
        (await get21(url(`objects/${VERSIONED_INDICATOR_ID}/?match[version]=${v}`))).json.objects ??
        []
      ).map((o) => o.modified);
    expect(await ask('first')).toEqual([known[0]]);
    expect(await ask('all')).toEqual(known);
    expect(await ask(known[1]!)).toEqual([known[1]]);
    expect(await ask(`first,last`)).toEqual([known[0], known[2]]);
    expect(await ask(`first,${known[1]!}`)).toEqual([known[0], known[1]]);
    expect(await ask('2001-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('applies the version filter to the collection-wide objects and manifest', async () => {
    const lastOnly = await manifestAll('');
    const ids = new Set(lastOnly.map((x) => x.id));
    expect(ids.size).toBe(lastOnly.length); // one record per object
    const firstOnly = await manifestAll('&match[version]=first');
    const everything = await manifestAll('&match[version]=all');
    expect(firstOnly.length).toBe(lastOnly.length);
    expect(everything.length).toBeGreaterThan(lastOnly.length);
    const versioned = firstOnly.find((x) => x.id === VERSIONED_INDICATOR_ID)!;
    expect(versioned.version).toBe(
      versionsOf(VERSIONED_INDICATOR_ID)
        .map((x) => x.version)
        .sort()[0],
    );
  });
});

describe('match[spec_version] (§3.4.1)', () => {
  it('defaults to the latest spec version per object', async () => {
    const dual = await get21(url(`objects/${DUAL_SPEC_ID}/?match[version]=all`));
    expect(dual.json.objects).toHaveLength(1);
    expect(dual.json.objects?.[0]?.spec_version).toBe('2.1');
    const only20 = await get21(url(`objects/${SPEC20_ONLY_ID}/`));
    expect(only20.json.objects).toHaveLength(1);
    expect(only20.json.objects?.[0]?.spec_version).toBeUndefined();
  });

  it('serves exactly the listed spec versions', async () => {
    const v20 = await get21(url(`objects/${DUAL_SPEC_ID}/?match[spec_version]=2.0`));
    expect(v20.json.objects).toHaveLength(1);
    expect(v20.json.objects?.[0]?.spec_version).toBeUndefined();
    const both = await get21(
      url(`objects/${DUAL_SPEC_ID}/?match[spec_version]=2.0,2.1&match[version]=all`),
    );
    expect(both.json.objects).toHaveLength(2);
    const none = await get21(url(`objects/?match[id]=${SPEC20_ONLY_ID}&match[spec_version]=2.1`));
    expect(none.text).toBe('{}');
    const m = await get21(url(`manifest/?match[id]=${DUAL_SPEC_ID}&match[spec_version]=2.0`));
    expect((m.json.objects as unknown as Rec[])[0]?.media_type).toBe(
      'application/stix+json;version=2.0',
    );
  });
});

describe('added_after (§3.4)', () => {
  it('is strictly after, by date_added, not modified', async () => {
    const lastOnly = await manifestAll('');
    const pivot = lastOnly[10]!;
    const after = await manifestAll(`&added_after=${pivot.date_added}`);
    expect(after[0]).toEqual(lastOnly[11]);
    expect(after).toEqual(lastOnly.slice(11));
  });

  it('compares below the microsecond exactly (extra digits, no fraction)', async () => {
    const lastOnly = await manifestAll('');
    const pivot = lastOnly[5]!;
    const nanos = pivot.date_added.replace('Z', '001Z');
    const after = await manifestAll(`&added_after=${nanos}`);
    expect(after[0]).toEqual(lastOnly[6]);
    const wholeSecond = await manifestAll('&added_after=2000-01-01T00:00:00Z');
    expect(wholeSecond).toEqual(lastOnly);
  });
});

describe('malformed parameters → 400 (§3.4)', () => {
  it.each([
    ['limit=0'],
    ['limit=abc'],
    ['limit=-5'],
    ['limit=1.5'],
    ['added_after=yesterday'],
    ['added_after=2024-02-30T00:00:00Z'],
    ['added_after=2024-01-01T00:00:00Z&added_after=2024-01-02T00:00:00Z'],
    ['match[version]=all,last'],
    ['match[version]=last,last'],
    ['match[version]=newest'],
    ['match[type]=indicator&match[type]=malware'],
    ['match[type]=Indicator!'],
    ['match[spec_version]=2'],
    ['match[id]=a,,b'],
    ['next=garbage'],
  ])('%s', async (query) => {
    const r = await get21(url(`objects/?${query}`));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ http_status: '400' });
    expect(String(r.json.description).length).toBeGreaterThan(5);
  });

  it('ignores parameters an endpoint does not define', async () => {
    const r = await get21(url(`objects/?match[foo]=bar&color=blue&limit=1`));
    expect(r.status).toBe(200);
    const v = await get21(url(`objects/${VERSIONED_INDICATOR_ID}/versions/?match[type]=tool`));
    expect(v.json.versions).toHaveLength(3);
  });
});

describe('versions endpoint (§5.8)', () => {
  it('lists every version ascending with the date headers', async () => {
    const r = await get21(url(`objects/${VERSIONED_INDICATOR_ID}/versions/`));
    const recs = all.filter((x) => x.id === VERSIONED_INDICATOR_ID);
    expect(r.json.versions).toEqual(recs.map((x) => x.version));
    expect(r.headers.get('x-taxii-date-added-first')).toBe(recs[0]!.date_added);
    expect(r.headers.get('x-taxii-date-added-last')).toBe(recs[2]!.date_added);
  });

  it('pages versions and filters them by added_after', async () => {
    const recs = all.filter((x) => x.id === VERSIONED_INDICATOR_ID);
    const p1 = await get21(url(`objects/${VERSIONED_INDICATOR_ID}/versions/?limit=2`));
    expect(p1.json).toMatchObject({ more: true, versions: recs.slice(0, 2).map((x) => x.version) });
    const p2 = await get21(
      url(`objects/${VERSIONED_INDICATOR_ID}/versions/?limit=2&next=${String(p1.json.next)}`),
    );
    expect(p2.json).toMatchObject({ more: false, versions: [recs[2]!.version] });
    const after = await get21(
      url(`objects/${VERSIONED_INDICATOR_ID}/versions/?added_after=${recs[0]!.date_added}`),
    );
    expect(after.json.versions).toEqual(recs.slice(1).map((x) => x.version));
  });

  it('answers 404 for an unknown object', async () => {
    const r = await get21(url('objects/indicator--00000000-0000-4000-8000-00000000dead/versions/'));
    expect(r.status).toBe(404);
    const o = await get21(url('objects/indicator--00000000-0000-4000-8000-00000000dead/'));
    expect(o.status).toBe(404);
  });
});
