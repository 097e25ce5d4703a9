/**
 * "Check server" and "Compare collections" in web mode (issue 8), against the project's TAXII
 * server: the conformance report on the well-behaved server (every line passes, with writes to a
 * writable collection) exported as Markdown and JSON; on quirk modes, each quirk named; two
 * collections on two servers compared, with totals, kinds and paging. Screenshots of both views
 * for the README.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from '../server/index';
import { CheckPage, ComparePage } from '../pages/check-compare-page';
import { saveConnection } from '../pages/saved-connection';
import { WorkspacePage } from '../pages/workspace-page';

/** Controls in the accessibility tree without a name (an ARIA snapshot line such as `- button`). */
async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .filter((line) =>
      /^\s*- (button|textbox|combobox|checkbox|radio|searchbox|link|tab|treeitem|spinbutton)( \[[^\]]*\])?:?\s*$/.test(
        line,
      ),
    );
}

test('checks the well-behaved server over HTTPS: every line passes, exported as Markdown and JSON', async ({
  page,
  webApp,
}) => {
  // Over HTTPS (its certificate pinned), since plain HTTP is itself a warning (§1.6.6).
  const good = await startTaxiiServer({ port: 0, tls: true, mitreDir: null, statusDelayMs: 50 });
  try {
    await saveConnection(webApp, 'Good server', good.discoveryUrl, {
      pinSha256: good.fingerprint256!,
    });
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.recordViolations();
    await ws.view('Check server');
    const check = new CheckPage(page);
    await check.run('Good server', COLLECTIONS.publish.title);
    await expect(check.verdict).toHaveText('Every check passed.', { timeout: 30_000 });
    const total = await check.lines.count();
    expect(total).toBeGreaterThan(20);
    await expect(check.lines.filter({ hasText: /^(Fail|Warn)/ })).toHaveCount(0);
    // The write checks ran (POST, status, DELETE), and each line names its clause.
    await expect(check.view).not.toContainText('name a writable collection');
    await expect(check.lines.filter({ hasText: 'POST' }).first()).toBeVisible();
    await expect(check.lines.first()).toContainText(/TAXII 2\.1 §\d/);

    const md = await check.export('Markdown');
    expect(md.name).toMatch(/^taxii-conformance-127\.0\.0\.1.*\.md$/);
    expect(md.text).toContain('PASS');
    expect(md.text).not.toContain('FAIL');
    const json = await check.export('JSON');
    expect(json.name).toMatch(/\.json$/);
    const report = JSON.parse(json.text) as {
      mustsHold: boolean;
      summary: { pass: number; fail: number; warn: number };
      lines: unknown[];
    };
    expect(report.mustsHold).toBe(true);
    expect(report.summary).toEqual({ pass: total, fail: 0, warn: 0 });
    expect(report.lines).toHaveLength(total);
    expect(await ws.violations()).toEqual([]);
  } finally {
    await good.close();
  }
});

test('names each quirk of a quirky server in the report', async ({ page, webApp }) => {
  const quirks = ['camel-case', 'numeric-next', 'unversioned-content-type'] as const;
  const quirky = await startTaxiiServer({ port: 0, mitreDir: null, quirks: [...quirks] });
  try {
    await saveConnection(webApp, 'Quirky server', quirky.discoveryUrl);
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.view('Check server');
    const check = new CheckPage(page);
    await check.run('Quirky server');
    await expect(check.verdict).toContainText(/checks? fails?/, { timeout: 45_000 });
    for (const q of quirks) await expect(check.findings).toContainText(q);
    // Only the problems, each with its clause and what the server sent.
    await page.getByRole('checkbox', { name: 'Only failures and warnings' }).check();
    await expect(check.lines.filter({ hasText: /^Pass/ })).toHaveCount(0);
    const fail = check.lines.filter({ hasText: /^Fail/ }).first();
    await expect(fail).toContainText(/§/);
    await expect(fail).toContainText(/application\/json|camelCase|maxContentLength|number/i);
    await page.getByRole('checkbox', { name: 'Only failures and warnings' }).uncheck();
    await page.getByRole('main').evaluate((m) => m.scrollTo(0, 0));
    await ws.screenshot('check-report');
    expect(await unnamedControls(page)).toEqual([]);
  } finally {
    await quirky.close();
  }
});

/** A STIX indicator for the comparison; `modified` picks its version. */
function indicator(n: number, modified = '2025-06-01T00:00:00.000Z') {
  const id = `indicator--${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: '2025-06-01T00:00:00.000Z',
    modified,
    name: `Compared host ${n}`,
    pattern: `[domain-name:value = 'host${n}.example']`,
    pattern_type: 'stix',
    valid_from: '2025-06-01T00:00:00.000Z',
  };
}

/** Publishes objects to the sandbox collection over TAXII and waits until they are stored. */
async function publish(server: RunningTaxiiServer, objects: object[]): Promise<void> {
  const url = `${server.collectionUrl('api1', 'publish')}objects/`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/taxii+json;version=2.1',
      Accept: 'application/taxii+json;version=2.1',
    },
    body: JSON.stringify({ objects }),
  });
  expect(res.status).toBe(202);
  const status = (await res.json()) as { id: string };
  await expect
    .poll(async () => {
      const s = await fetch(`${server.rootUrl('api1')}status/${status.id}/`, {
        headers: { Accept: 'application/taxii+json;version=2.1' },
      });
      return ((await s.json()) as { status: string }).status;
    })
    .toBe('complete');
}

test('compares two collections on two servers: totals, kinds and paged differences', async ({
  page,
  webApp,
}) => {
  const [staging, production] = await Promise.all([
    startTaxiiServer({ port: 0, mitreDir: null, statusDelayMs: 0 }),
    startTaxiiServer({ port: 0, mitreDir: null, statusDelayMs: 0 }),
  ]);
  try {
    const later = '2025-07-01T00:00:00.000Z';
    // The same: 1. Newer in A: 2. Newer in B: 3. Only in A: 4. Only in B: 121 others.
    await publish(staging, [
      indicator(1),
      indicator(2),
      indicator(2, later),
      indicator(3),
      indicator(4),
    ]);
    await publish(production, [
      indicator(1),
      indicator(2),
      indicator(3),
      indicator(3, later),
      ...Array.from({ length: 121 }, (_, i) => indicator(100 + i)),
    ]);
    await saveConnection(webApp, 'Staging', staging.discoveryUrl);
    await saveConnection(webApp, 'Production', production.discoveryUrl);

    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.view('Compare');
    const cmp = new ComparePage(page);
    await cmp.pick('A', 'Staging', staging.rootUrl('api1'), COLLECTIONS.publish.title);
    await cmp.pick('B', 'Production', production.rootUrl('api1'), COLLECTIONS.publish.title);
    await cmp.view.getByRole('button', { name: 'Compare', exact: true }).click();

    await expect(page.getByTestId('compare-verdict')).toHaveText('124 objects differ.');
    await expect(cmp.total('only-in-a')).toHaveText('1');
    await expect(cmp.total('only-in-b')).toHaveText('121');
    await expect(cmp.total('newer-in-a')).toHaveText('1');
    await expect(cmp.total('newer-in-b')).toHaveText('1');
    await expect(cmp.total('same')).toHaveText('1');

    // A page at a time.
    await expect(cmp.count).toHaveText('100 of 124 differences loaded');
    await expect(cmp.rows).toHaveCount(100);
    await cmp.view.getByRole('button', { name: 'Load more differences' }).click();
    await expect(cmp.count).toHaveText('124 of 124 differences loaded');
    await expect(cmp.view.getByRole('button', { name: 'Load more differences' })).toHaveCount(0);

    // Each kind on its own, with the versions of each side.
    const show = cmp.view.getByRole('combobox', { name: 'Show differences' });
    await show.selectOption({ label: 'Newer in A' });
    await expect(cmp.rows).toHaveCount(1);
    await expect(cmp.rows.first()).toContainText(indicator(2).id);
    await expect(cmp.rows.first()).toContainText('2025-07-01 00:00:00.000');
    await show.selectOption({ label: 'Newer in B' });
    await expect(cmp.rows.first()).toContainText(indicator(3).id);
    await show.selectOption({ label: 'Only in A' });
    await expect(cmp.rows).toHaveCount(1);
    await expect(cmp.rows.first()).toContainText(indicator(4).id);
    await expect(cmp.rows.first()).toContainText('absent');
    await show.selectOption({ label: 'Every difference' });
    await page.getByRole('main').evaluate((m) => m.scrollTo(0, 0));
    await ws.screenshot('compare');
    expect(await unnamedControls(page)).toEqual([]);
  } finally {
    await Promise.all([staging.close(), production.close()]);
  }
});
