/**
 * Inspecting objects against the real TAXII server: the summary per type (pattern, validity,
 * kill chain phases, labels, TLP markings, external references behind a confirmation), the raw
 * JSON with copy, the manifest entry, relations among loaded objects, the versions timeline and
 * diff, hostile markup staying inert, custom types, and deleting one version or all of them.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS, HOSTILE_MARKUP_ID, TLP, VERSIONED_INDICATOR_ID } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

test.beforeEach(({ page }) => {
  // Any alert/confirm from page content would mean markup ran.
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

test('summarises an indicator, shows its JSON, manifest entry and every version with a diff', async ({
  page,
  context,
  webApp,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: webApp.bridge.origin,
  });
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterText('Object id', VERSIONED_INDICATOR_ID);
  await expect(ws.rows).toHaveCount(1);
  await ws.rows.first().click();

  const summary = ws.inspect.getByTestId('summary');
  await expect(summary.getByTestId('pattern')).toContainText('[');
  await expect(summary.getByTestId('validity')).toContainText('→');
  await expect(summary).toContainText('Confidence');
  await expect(summary).toContainText('confirmed'); // a label of the latest version
  await expect(summary.getByTestId('markings')).toContainText(/TLP:(WHITE|GREEN|AMBER|RED)/);
  await expect(summary).toContainText('Created by');

  await ws.tab('JSON').click();
  const json = ws.inspect.getByTestId('json-view');
  await expect(json.locator('.json-key').first()).toBeVisible();
  await expect(json).toContainText(VERSIONED_INDICATOR_ID);
  await ws.inspect.getByRole('button', { name: 'Copy JSON' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied).id).toBe(VERSIONED_INDICATOR_ID);

  await ws.tab('Manifest').click();
  const manifest = ws.inspect.getByTestId('manifest');
  await expect(manifest.locator('tbody tr')).toHaveCount(3);
  await expect(manifest).toContainText('application/stix+json;version=2.1');
  // date_added keeps its six fractional digits.
  await expect(manifest.locator('tbody tr').first()).toContainText(/\d{2}:\d{2}:\d{2}\.\d{6}/);

  await ws.tab('Versions').click();
  await expect(ws.inspect.getByTestId('timeline').locator('li')).toHaveCount(3);
  const diff = ws.inspect.getByTestId('version-diff');
  await expect(diff.locator('tr[data-change="changed"]', { hasText: 'confidence' })).toHaveCount(1);
  await expect(diff.locator('tr[data-change="changed"]', { hasText: 'labels' })).toHaveCount(1);
  // Compare the first version with the last: the description changed in between.
  const first = ws.inspect
    .getByRole('combobox', { name: 'Left version' })
    .locator('option')
    .first();
  await ws.inspect
    .getByRole('combobox', { name: 'Left version' })
    .selectOption((await first.getAttribute('value'))!);
  await expect(diff.locator('tr[data-change="changed"]', { hasText: 'description' })).toHaveCount(
    1,
  );
});

test('opens an external reference only after confirming it', async ({ page, context, webApp }) => {
  const opened: string[] = [];
  await context.route('https://attack.mitre.org/**', (route) => route.fulfill({ body: 'ok' }));
  context.on('page', (p) => opened.push(p.url()));
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterTypes(['attack-pattern']);
  await ws.row('Spearphishing Attachment').click();
  const summary = ws.inspect.getByTestId('summary');
  await expect(summary.getByTestId('kill-chain')).toContainText('mitre-attack');
  const link = summary.getByRole('button', {
    name: 'Open link https://attack.mitre.org/techniques/T1566/001/',
  });

  await link.click();
  const dialog = page.getByTestId('link-dialog');
  await expect(dialog.getByTestId('link-url')).toHaveText(
    'https://attack.mitre.org/techniques/T1566/001/',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(opened).toEqual([]);

  await link.click();
  const popup = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open in browser' }).click();
  const p = await popup;
  await p.waitForURL('https://attack.mitre.org/techniques/T1566/001/');
  expect(p.url()).toBe('https://attack.mitre.org/techniques/T1566/001/');
});

test('shows hostile markup in any property as inert text', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.recordViolations();
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterText('Object id', HOSTILE_MARKUP_ID);
  await expect(ws.rows.first()).toContainText('<img src=x onerror=alert(1)>');
  await ws.rows.first().click();
  await expect(ws.inspect.getByTestId('inspect-title')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(ws.inspect.getByTestId('description')).toContainText(
    '<script>alert("taxiway")</script>',
  );
  await expect(ws.inspect.getByTestId('other-properties')).toContainText('<b>bold?</b>');
  await ws.tab('JSON').click();
  await expect(ws.inspect.getByTestId('json-view')).toContainText('javascript:alert(2)');
  // No element was made from the markup anywhere on the page.
  expect(await page.locator('img, script:not([src]), b, a[href^="javascript"]').count()).toBe(0);
  expect(await ws.violations()).toEqual([]);
});

test('follows references both ways among the loaded objects', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await page.getByRole('button', { name: 'Load all' }).click();
  await expect(page.getByRole('button', { name: 'Load all' })).toBeHidden();
  await expect(ws.objectCount).not.toContainText('more on the server');
  await page.getByRole('searchbox', { name: 'Find in loaded objects' }).fill('Demo report 1:');
  await expect(ws.rows).toHaveCount(1);
  await ws.row('Demo report 1:').click();
  await ws.tab('Relations').click();
  const outgoing = ws.inspect.getByTestId('outgoing');
  await expect(outgoing.locator('li')).not.toHaveCount(0);
  const target = outgoing.getByRole('button', { name: /^Inspect / }).nth(1);
  const name = (await target.getAttribute('aria-label'))!.replace(/^Inspect /, '');
  await target.click();
  await expect(ws.inspect.getByTestId('inspect-title')).toHaveText(name);
  await ws.tab('Relations').click();
  await expect(ws.inspect.getByTestId('incoming')).toContainText('Demo report 1:');
});

test('shows a custom object type and deletes one version, then every version', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  taxiiServer.reset();
  const id = 'x-acme-widget--11111111-2222-4333-8444-555555555555';
  const v1 = '2025-03-01T10:00:00.000Z';
  const v2 = '2025-03-02T10:00:00.000Z';
  const widget = (modified: string, size: number) => ({
    type: 'x-acme-widget',
    spec_version: '2.1',
    id,
    created: v1,
    modified,
    name: 'Acme widget',
    x_acme_size: size,
  });
  const posted = await fetch(`${taxiiServer.collectionUrl('api1', 'publish')}objects/`, {
    method: 'POST',
    headers: {
      Accept: 'application/taxii+json;version=2.1',
      'Content-Type': 'application/taxii+json;version=2.1',
    },
    body: JSON.stringify({ objects: [widget(v1, 1), widget(v2, 2)] }),
  });
  expect(posted.status).toBe(202);
  await expect
    .poll(async () => {
      const r = await fetch(
        `${taxiiServer.collectionUrl('api1', 'publish')}objects/${id}/versions/`,
        { headers: { Accept: 'application/taxii+json;version=2.1' } },
      );
      return r.ok ? ((await r.json()) as { versions?: string[] }).versions?.length : 0;
    })
    .toBe(2);

  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.publish.title);
  await ws.row('Acme widget').click();
  const summary = ws.inspect.getByTestId('summary');
  await expect(summary).toContainText('A custom object type');
  await expect(summary.getByTestId('other-properties')).toContainText('x_acme_size');

  await ws.inspect.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Delete “Acme widget”?');
  await expect(dialog).toContainText(id);
  await dialog.getByRole('radio', { name: 'One version' }).check();
  await dialog.getByRole('combobox', { name: 'Version to delete' }).selectOption(v1);
  await dialog.getByRole('button', { name: 'Delete this version' }).click();
  await expect(page.getByTestId('notice')).toContainText('Deleted version 2025-03-01 10:00:00.000');

  await ws.row('Acme widget').click();
  await ws.tab('Versions').click();
  await expect(ws.inspect.getByTestId('timeline').locator('li')).toHaveCount(1);
  await ws.inspect.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete every version' }).click();
  await expect(page.getByTestId('notice')).toContainText('every version');
  await expect(page.getByTestId('objects-empty')).toBeVisible();
  taxiiServer.reset();
});

test('marks TLP levels by their fixed ids', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterTypes(['indicator']);
  await ws.rows.first().click();
  const markings = ws.inspect.getByTestId('markings');
  await expect(markings.locator('.tlp')).toHaveCount(1);
  const tlp = await markings.locator('.tlp').getAttribute('class');
  expect(Object.keys(TLP).some((k) => tlp?.includes(`tlp-${k}`))).toBe(true);
});
