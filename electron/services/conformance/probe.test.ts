/**
 * The conformance probe against the project's server over HTTPS (pinned): all pass when the
 * server behaves, and in each quirk mode a line that names the quirk, failing where a MUST
 * breaks. The renderers are checked on a real report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  startTaxiiServer,
  type QuirkName,
  type QuirkOptions,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import type { ConformanceReport } from '../../../shared/taxii/conformance';
import { TaxiiClient } from '../taxii/client';
import { renderReport, runConformance, type ProbeOptions } from './index';

describe('the conformance probe', () => {
  let srv: RunningTaxiiServer;
  let clean: ConformanceReport;
  const probe = (options: ProbeOptions = {}, target = srv.origin): Promise<ConformanceReport> =>
    runConformance(target, {
      ...options,
      connection: { tls: { pinSha256: srv.fingerprint256 }, ...options.connection },
    });

  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0, tls: true });
    // The writes are checked on the tiny API root: its 16 KiB limit makes the 413 quick to
    // provoke (a server that answers 413 at once and closes may reset a long upload).
    const writer = new TaxiiClient({ tls: { pinSha256: srv.fingerprint256 } });
    const note = (n: number, modified: string): Record<string, unknown> => ({
      type: 'note',
      spec_version: '2.1',
      id: `note--00000000-0000-4000-8000-00000000000${n}`,
      created: '2024-01-01T00:00:00.000Z',
      modified,
      content: `note ${n}`,
      object_refs: ['identity--00000000-0000-4000-8000-000000000001'],
    });
    const t1 = '2024-01-01T00:00:00.000Z';
    await writer.postObjects(
      srv.collectionUrl('tiny', 'tiny'),
      JSON.stringify({ objects: [note(1, t1), note(2, t1), note(3, t1), note(4, t1)] }),
    );
    await writer.postObjects(
      srv.collectionUrl('tiny', 'tiny'),
      JSON.stringify({ objects: [note(2, '2024-02-01T00:00:00.000Z')] }),
    );
    await writer.close();
    clean = await probe({ writeCollection: COLLECTIONS.tiny.id }, srv.rootUrl('tiny'));
  });
  afterAll(async () => {
    await srv.close();
  });

  it('passes every check on the well-behaved server, writes included', () => {
    const notPassed = clean.lines.filter((l) => l.status !== 'pass');
    expect(notPassed).toEqual([]);
    expect(clean.mustsHold).toBe(true);
    expect(clean.findings).toEqual([]);
    expect(clean.lines.length).toBeGreaterThan(60);
    const ids = new Set(clean.lines.map((l) => l.id));
    for (const id of [
      'discovery.media-type',
      'negotiation.406',
      'negotiation.error-media-type',
      'urls.trailing-slash',
      'api-root.versions',
      'collections.fields',
      'filters.combined',
      'filters.version',
      'paging.follow',
      'objects.date-headers',
      'versions.get',
      'write.post',
      'write.too-large',
      'write.delete',
    ])
      expect(ids).toContain(id);
    expect(clean.lines.every((l) => /^TAXII 2\.1 §|^RFC /.test(l.clause))).toBe(true);
    expect(JSON.stringify(clean)).not.toMatch(/127\.0\.0\.1:\d+\/\/|undefined/);
  });

  it('leaves writes out unless a writable collection is named, and says so', async () => {
    const seen: string[] = [];
    const r = await probe({ onLine: (line) => seen.push(line.id) });
    // Each line is told as soon as it is judged, in report order.
    expect(seen).toEqual(r.lines.map((l) => l.id));
    expect(r.lines.some((l) => l.id.startsWith('write.'))).toBe(false);
    expect(r.skipped.join(' ')).toMatch(/--write COLLECTION_ID/);
    expect(r.lines.filter((l) => l.status !== 'pass')).toEqual([]);
    expect(r.apiRoot).toBe(srv.rootUrl('api1'));
  });

  const cases: {
    quirk: QuirkName;
    line: string;
    status: 'fail' | 'warn' | 'pass';
    options?: QuirkOptions;
    probe?: ProbeOptions;
    target?: 'tiny';
  }[] = [
    {
      quirk: 'expiring-next',
      line: 'paging.next-lifetime',
      status: 'warn',
      options: { nextUses: 1 },
    },
    { quirk: 'numeric-next', line: 'paging.next-type', status: 'fail' },
    { quirk: 'page-number-next', line: 'paging.next-opaque', status: 'warn' },
    { quirk: 'more-without-next', line: 'paging.next', status: 'warn' },
    { quirk: 'repeating-page', line: 'paging.follow', status: 'fail' },
    // medallion: one next token for the whole walk is legal, named, and not called a loop.
    { quirk: 'session-next', line: 'paging.follow', status: 'pass', options: {} },
    { quirk: 'versioned-accept-only', line: 'negotiation.bare-type', status: 'fail' },
    { quirk: 'html-login', line: 'discovery.get', status: 'fail' },
    { quirk: 'camel-case', line: 'discovery.keys', status: 'fail' },
    { quirk: 'unversioned-content-type', line: 'discovery.media-type', status: 'fail' },
    { quirk: 'relative-roots-no-slash', line: 'discovery.api-roots', status: 'fail' },
    { quirk: 'nested-roots', line: 'discovery.root-paths', status: 'warn' },
    { quirk: 'versions-bare', line: 'api-root.versions', status: 'fail' },
    {
      quirk: 'post-200',
      line: 'write.post',
      status: 'fail',
      probe: { writeCollection: COLLECTIONS.tiny.id },
      target: 'tiny',
    },
    { quirk: 'reject-spec-version', line: 'filters.spec-version', status: 'fail' },
    {
      quirk: 'rate-limit',
      line: 'rate-limit',
      status: 'warn',
      options: { rateLimitBudget: 25, rateLimitWindowMs: 600, retryAfterSeconds: 1 },
    },
    {
      quirk: 'silent-drop',
      line: 'discovery.get',
      status: 'fail',
      probe: { connection: { timeoutMs: 300 } },
    },
    { quirk: 'cross-origin-redirect', line: 'discovery.get', status: 'fail' },
    { quirk: 'taxii1', line: 'discovery.get', status: 'fail' },
    { quirk: 'taxii20-only', line: 'discovery.get', status: 'fail' },
    { quirk: 'limit-rejected', line: 'filters.limit-large', status: 'warn' },
    { quirk: 'non-uuid-ids', line: 'collections.ids', status: 'fail' },
    { quirk: 'hide-forbidden', line: 'permissions.read-denied', status: 'pass' },
    { quirk: 'cross-origin-root', line: 'discovery.root-origins', status: 'warn' },
    { quirk: 'ignore-limit', line: 'filters.limit', status: 'fail' },
    { quirk: 'bad-date-headers', line: 'objects.date-headers', status: 'fail' },
    // At the quirk's defaults: tokens live 30 s (as medallion's), longer than a check takes.
    { quirk: 'expiring-next', line: 'paging.next-lifetime', status: 'warn', options: {} },
  ];

  it.each(cases)('names the $quirk quirk on $line ($status)', async (c) => {
    srv.setQuirks([c.quirk], c.options);
    try {
      const r = await probe(c.probe, c.target ? srv.rootUrl(c.target) : srv.origin);
      const named = r.lines.filter((l) => l.finding === c.quirk);
      expect(named.map((l) => l.id)).toContain(c.line);
      expect(named.find((l) => l.id === c.line)?.status).toBe(c.status);
      expect(r.findings).toContain(c.quirk);
      expect(r.mustsHold).toBe(!r.lines.some((l) => l.status === 'fail'));
      if (c.status === 'fail') expect(r.mustsHold).toBe(false);
      // The text report names it too, for a person reading it.
      expect(renderReport(r, 'text')).toContain(`(${c.quirk})`);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('does not call a session next expired because the walk used it up (medallion)', async () => {
    // Six objects: three pages of two, so the token comes back once and the walk then ends,
    // which ends the server's session.
    const writer = new TaxiiClient({ tls: { pinSha256: srv.fingerprint256 } });
    const objects = [5, 6].map((n) => ({
      type: 'note',
      spec_version: '2.1',
      id: `note--00000000-0000-4000-8000-00000000000${n}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      content: `note ${n}`,
      object_refs: ['identity--00000000-0000-4000-8000-000000000001'],
    }));
    await writer.postObjects(srv.collectionUrl('tiny', 'tiny'), JSON.stringify({ objects }));
    await writer.close();
    srv.setQuirks(['session-next'], {});
    try {
      const r = await probe({}, srv.rootUrl('tiny'));
      const line = (id: string) => r.lines.find((l) => l.id === id);
      expect(line('paging.follow')).toMatchObject({ status: 'pass', finding: 'session-next' });
      expect(line('paging.next-lifetime')?.status).toBe('pass');
      expect(r.findings).not.toContain('expiring-next');
    } finally {
      srv.setQuirks([]);
    }
  });

  it('checks writing on a server that says canWrite in camelCase', async () => {
    srv.setQuirks(['camel-case']);
    try {
      const r = await probe({ writeCollection: COLLECTIONS.tiny.id }, srv.rootUrl('tiny'));
      const line = (id: string) => r.lines.find((l) => l.id === id);
      expect(line('write.collection')).toBeUndefined();
      expect(r.skipped.join(' ')).not.toMatch(/not writable/);
      expect(line('write.post')?.status).toBe('pass');
      expect(line('write.too-large')?.status).toBe('pass');
      expect(line('write.delete')?.status).toBe('pass');
      expect(line('write.deleted')?.status).toBe('pass');
      // The status resource is camelCase too: named as such, not as missing counts.
      expect(line('write.status-shape')).toMatchObject({ status: 'fail', finding: 'camel-case' });
      expect(line('write.status-shape')?.observed).toMatch(/camelCase keys: .*totalCount/);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('says why an API root on another origin was not read when credentials were given', async () => {
    srv.setQuirks(['cross-origin-root']);
    try {
      const r = await probe({
        connection: { auth: { kind: 'basic', username: 'analyst', password: 'taxiway-demo' } },
      });
      const secure = r.skipped.find((s) => s.includes('/secure/'));
      expect(secure).toContain(`the credentials given go only to ${srv.origin}`);
      expect(secure).toContain('by its own URL');
    } finally {
      srv.setQuirks([]);
    }
  });

  it('checks a collection URL given directly, on its own API root', async () => {
    const r = await probe({}, srv.collectionUrl('tiny', 'tiny'));
    expect(r.apiRoot).toBe(srv.rootUrl('tiny'));
    expect(r.collection).toBe(srv.collectionUrl('tiny', 'tiny'));
    expect(r.mustsHold).toBe(true);
  });

  it('renders the same report as text, Markdown and JSON', () => {
    const text = renderReport(clean, 'text');
    expect(text).toMatch(/^TAXII 2\.1 conformance check of https:\/\/127\.0\.0\.1:\d+\/tiny\/\n/);
    expect(text).toMatch(/PASS {2}negotiation\.406 {2}\[SHOULD, TAXII 2\.1 §1\.6\.8\.2, §3\.1\]/);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^Every MUST checked holds \(\d+ passed, 0 failed, 0 warnings\)\.$/,
    );
    const md = renderReport(clean, 'markdown');
    expect(md).toMatch(/^# TAXII 2\.1 conformance check of /);
    expect(md).toContain('| Result | Check | Level | Clause | Checked | Observed |');
    expect(md.split('\n').filter((l) => l.startsWith('| PASS |'))).toHaveLength(clean.lines.length);
    expect(JSON.parse(renderReport(clean, 'json'))).toEqual(clean);
  });
});
