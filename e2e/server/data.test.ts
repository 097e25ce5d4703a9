import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTaxiiServer } from './index';
import { parseServerArgs } from './main';
import { DEFAULT_MITRE_DIR, mitreAvailable, MITRE_RELEASES } from './mitre';
import { buildSeedFeed, HOSTILE_MARKUP_ID, TLP } from './seed-data';
import { get21, indicator, post21, until } from './test-http';

const dir = mkdtempSync(path.join(tmpdir(), 'taxiway-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the seeded feed', () => {
  const feed = buildSeedFeed();
  const latest = new Map<string, Record<string, unknown>>();
  for (const item of feed) latest.set(item.object.id, item.object);

  it('is deterministic and a few hundred objects over most STIX types', () => {
    expect(JSON.stringify(buildSeedFeed())).toBe(JSON.stringify(feed));
    expect(latest.size).toBeGreaterThan(250);
    const types = new Set([...latest.values()].map((o) => o.type));
    for (const t of [
      'indicator',
      'malware',
      'threat-actor',
      'intrusion-set',
      'campaign',
      'attack-pattern',
      'vulnerability',
      'report',
      'identity',
      'location',
      'relationship',
      'sighting',
      'marking-definition',
      'ipv4-addr',
      'domain-name',
      'file',
      'url',
      'tool',
      'course-of-action',
    ]) {
      expect(types.has(t), t).toBe(true);
    }
  });

  it('has several versions of some objects, revoked objects and dates over months', () => {
    const counts = new Map<string, number>();
    for (const i of feed) counts.set(i.object.id, (counts.get(i.object.id) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
    expect([...latest.values()].filter((o) => o.revoked === true).length).toBeGreaterThan(3);
    const span = (feed[feed.length - 1]!.micros - feed[0]!.micros) / 86_400_000_000;
    expect(span).toBeGreaterThan(60);
    for (let i = 1; i < feed.length; i++)
      expect(feed[i]!.micros).toBeGreaterThan(feed[i - 1]!.micros);
  });

  it('uses the standard TLP marking definitions through object_marking_refs', () => {
    const ids = new Set(Object.values(TLP));
    const marked = [...latest.values()].filter((o) => Array.isArray(o.object_marking_refs));
    expect(marked.length).toBeGreaterThan(100);
    expect(
      marked.every((o) => (o.object_marking_refs as string[]).every((r) => ids.has(r as never))),
    ).toBe(true);
    for (const id of ids) expect(latest.get(id)?.definition_type).toBe('tlp');
  });

  it('has indicators with STIX patterns and one object holding HTML and script', () => {
    const patterns = [...latest.values()]
      .filter((o) => o.type === 'indicator')
      .map((o) => String(o.pattern));
    expect(patterns.every((p) => /^\[.+\]$/.test(p))).toBe(true);
    expect(patterns.some((p) => p.includes("file:hashes.'SHA-256'"))).toBe(true);
    const hostile = latest.get(HOSTILE_MARKUP_ID)!;
    expect(hostile.name).toBe('<img src=x onerror=alert(1)>');
    expect(String(hostile.description)).toContain('<script>');
  });
});

describe('data file', () => {
  it('saves the writable collections and loads them at the next start', async () => {
    const file = path.join(dir, 'data.json');
    const a = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, dataFile: file });
    const r = await post21(`${a.collectionUrl('api1', 'publish')}objects/`, [
      indicator(1),
      indicator(2),
    ]);
    expect(r.json.status).toBe('complete');
    const before = await get21(`${a.collectionUrl('api1', 'publish')}manifest/`);
    await a.close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: string };
    expect(saved.format).toBe('taxiway-demo-data/1');
    const b = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, dataFile: file });
    const after = await get21(`${b.collectionUrl('api1', 'publish')}manifest/`);
    expect(after.json).toEqual(before.json);
    const more = await post21(`${b.collectionUrl('api1', 'publish')}objects/`, [indicator(3)]);
    expect(more.json.status).toBe('complete');
    const m = await get21(`${b.collectionUrl('api1', 'publish')}manifest/`);
    const dates = (m.json.objects as { date_added: string }[]).map((x) => x.date_added);
    expect(dates[2]! > dates[1]!).toBe(true);
    await b.close();
  });

  it('refuses a file that is not a data file, saying so', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{"hello": 1}');
    await expect(startTaxiiServer({ mitreDir: null, dataFile: file })).rejects.toThrow(
      /not a Taxiway demo data file/,
    );
  });
});

describe.runIf(mitreAvailable(DEFAULT_MITRE_DIR))('MITRE ATT&CK for ICS', () => {
  it('loads 16.1 then 18.1 so that most objects have two versions', async () => {
    const s = await startTaxiiServer({ seed: false, statusDelayMs: 0, pageSize: 1000 });
    try {
      const url = s.collectionUrl('api1', 'mitre');
      const read = (f: string): { id: string; modified?: string }[] =>
        (
          JSON.parse(readFileSync(path.join(DEFAULT_MITRE_DIR, f), 'utf8')) as {
            objects: { id: string; modified?: string }[];
          }
        ).objects;
      const [a, b] = MITRE_RELEASES.map(read);
      const changed = a!.filter((o) => b!.some((x) => x.id === o.id && x.modified !== o.modified));
      const sample = changed[0]!;
      const v = await get21(`${url}objects/${sample.id}/versions/`);
      expect(v.json.versions).toEqual([
        sample.modified,
        b!.find((x) => x.id === sample.id)!.modified,
      ]);
      let count = 0;
      let next: string | undefined;
      for (;;) {
        const page = await get21(
          `${url}manifest/?match[version]=all&limit=1000${next ? `&next=${next}` : ''}`,
        );
        count += (page.json.objects ?? []).length;
        if (!page.json.more) break;
        next = encodeURIComponent(String(page.json.next));
      }
      const unchanged = a!.filter((o) =>
        b!.some((x) => x.id === o.id && x.modified === o.modified),
      ).length;
      expect(count).toBe(a!.length + b!.length - unchanged);
      expect(changed.length / b!.length).toBeGreaterThan(0.5);
      const tactic = await get21(`${url}objects/?match[type]=x-mitre-tactic&limit=1`);
      expect(tactic.json.objects?.[0]).toHaveProperty('x_mitre_shortname');
    } finally {
      await s.close();
    }
  });
});

describe('synthetic data', () => {
  it('loads 100,000 repeatable objects and serves correct pages deep in the collection', async () => {
    const s = await startTaxiiServer({
      seed: false,
      mitreDir: null,
      synthetic: 100_000,
      pageSize: 1000,
    });
    try {
      const url = `${s.collectionUrl('api1', 'bench')}objects/`;
      const first = await get21(`${url}?limit=1000`);
      expect(first.json.objects).toHaveLength(1000);
      let next = first.json.next as string;
      let last = first;
      const seen = new Set(first.json.objects!.map((o) => o.id));
      for (let i = 0; i < 5; i++) {
        last = await get21(`${url}?limit=1000&next=${encodeURIComponent(next)}`);
        for (const o of last.json.objects!) seen.add(o.id);
        next = last.json.next as string;
      }
      expect(seen.size).toBe(6000);
      const tail = await get21(`${url}?limit=1000&added_after=${'2024-06-01T00:01:38.999000Z'}`);
      expect(tail.json.objects).toHaveLength(1000);
      expect(tail.json.more).toBe(false);
      const again = await startTaxiiServer({ seed: false, mitreDir: null, synthetic: 100_000 });
      const same = await get21(
        `${again.collectionUrl('api1', 'bench')}objects/?limit=3&added_after=2024-06-01T00:00:50.000000Z`,
      );
      const orig = await get21(`${url}?limit=3&added_after=2024-06-01T00:00:50.000000Z`);
      expect(same.json.objects).toEqual(orig.json.objects);
      await again.close();
      const indicators = await get21(`${url}?match[type]=indicator&limit=10`);
      expect(indicators.json.objects!.every((o) => o.type === 'indicator')).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('demo-server arguments', () => {
  it('defaults to port 8021 with control on', () => {
    expect(parseServerArgs([])).toEqual({
      help: false,
      quiet: false,
      options: { port: 8021, control: true },
    });
  });

  it('reads every option', () => {
    const parsed = parseServerArgs([
      '--port',
      '0',
      '--tls',
      '--data-file',
      'x.json',
      '--page-size',
      '10',
      '--synthetic',
      '500',
      '--fault',
      'latency:ms=5',
      '--quirk',
      'numeric-next',
      '--quirk-option',
      'maxLimit=7',
      '--no-mitre',
      '--no-seed',
      '--status-delay=0',
      '--quiet',
    ]);
    expect(parsed).toMatchObject({
      help: false,
      quiet: true,
      options: {
        port: 0,
        tls: true,
        dataFile: path.resolve('x.json'),
        pageSize: 10,
        synthetic: 500,
        seed: false,
        mitreDir: null,
        statusDelayMs: 0,
        faults: [{ kind: 'latency', ms: 5 }],
        quirks: ['numeric-next'],
        quirkOptions: { maxLimit: 7 },
      },
    });
    expect(parseServerArgs(['--help'])).toEqual({ help: true });
  });

  it('names the bad argument', () => {
    expect(() => parseServerArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseServerArgs(['--port', 'abc'])).toThrow(/--port needs a whole number/);
    expect(() => parseServerArgs(['--page-size', '0'])).toThrow(/--page-size/);
    expect(() => parseServerArgs(['--quirk', 'nonsense'])).toThrow(/unknown quirk "nonsense"/);
    expect(() => parseServerArgs(['--frobnicate'])).toThrow(/unknown argument "--frobnicate"/);
  });
});

describe('status policy', () => {
  it('stays pending for N polls when statusPendingPolls is set', async () => {
    const s = await startTaxiiServer({ seed: false, mitreDir: null, statusPendingPolls: 2 });
    try {
      const r = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(1)]);
      const st = `${s.rootUrl('api1')}status/${String(r.json.id)}/`;
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push((await get21(st)).json.status);
      expect(seen).toEqual(['pending', 'pending', 'complete', 'complete']);
      expect(
        (await get21(`${s.collectionUrl('api1', 'publish')}objects/`)).json.objects,
      ).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('forgets a completed status after the retention time (404)', async () => {
    const s = await startTaxiiServer({
      seed: false,
      mitreDir: null,
      statusDelayMs: 0,
      statusRetentionMs: 100,
    });
    try {
      const r = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(1)]);
      const st = `${s.rootUrl('api1')}status/${String(r.json.id)}/`;
      expect((await get21(st)).status).toBe(200);
      await new Promise((res) => setTimeout(res, 150));
      expect((await get21(st)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('keeps a status pending until the delay has passed', async () => {
    const s = await startTaxiiServer({ seed: false, mitreDir: null, statusDelayMs: 300 });
    try {
      const r = await post21(`${s.collectionUrl('api1', 'publish')}objects/`, [indicator(1)]);
      const t0 = Date.now();
      expect(r.json.status).toBe('pending');
      const st = `${s.rootUrl('api1')}status/${String(r.json.id)}/`;
      expect((await get21(st)).json.status).toBe('pending');
      await until(async () => ((await get21(st)).json.status === 'complete' ? true : undefined));
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    } finally {
      await s.close();
    }
  });
});
