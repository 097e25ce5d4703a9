/**
 * Exporting and the activity panel against the real TAXII server: the filtered objects as a STIX
 * bundle, a selection as NDJSON (both real downloads), and every request listed with its method,
 * URL, status, time and size.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

test('exports the filtered objects as a bundle and a selection as NDJSON', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterTypes(['malware']);
  await expect(ws.objectCount).toContainText('15 objects loaded');

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByRole('radio', { name: /selected objects/ })).toBeDisabled();
  const bundleDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const bundleFile = await bundleDownload;
  expect(bundleFile.suggestedFilename()).toMatch(/\.json$/);
  await expect(dialog.getByTestId('export-done')).toContainText('Exported 15 objects');
  const bundle = JSON.parse(await readFile(await bundleFile.path(), 'utf8')) as {
    type: string;
    objects: Array<{ type: string }>;
  };
  expect(bundle.type).toBe('bundle');
  expect(bundle.objects).toHaveLength(15);
  expect(new Set(bundle.objects.map((o) => o.type))).toEqual(new Set(['malware']));
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // Select two rows from the keyboard, export them as NDJSON.
  await ws.grid.focus();
  await page.keyboard.press(' ');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByRole('radio', { name: /selected objects \(2\)/ }).check();
  await dialog.getByRole('radio', { name: /NDJSON/ }).check();
  const ndjsonDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const ndjsonFile = await ndjsonDownload;
  expect(ndjsonFile.suggestedFilename()).toMatch(/\.ndjson$/);
  const lines = (await readFile(await ndjsonFile.path(), 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(2);
  const names = await ws.rows.locator('.col-name').allTextContents();
  expect(lines.map((l) => (JSON.parse(l) as { name: string }).name).sort()).toEqual(
    names.slice(0, 2).sort(),
  );
});

test('lists every request in the activity panel', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  // An address that names a connection skips the first run's opening of the demo collection, so
  // the panel starts empty and every request listed is one this test made.
  await ws.open(`${webApp.bridge.url}&c=none`);
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(ws.activity.getByTestId('empty')).toContainText('No requests yet');
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  const rows = ws.activity.getByTestId('activity-row');
  await expect(rows.filter({ hasText: '/taxii2/' }).first()).toContainText('200');
  const objects = rows.filter({ hasText: '/objects/' }).first();
  await expect(objects).toContainText('GET');
  await expect(objects).toContainText(/\d+(\.\d)? (ms|s)/);
  await expect(objects).toContainText(/KB|B/);
  await objects.getByRole('button').click();
  await expect(ws.activity.locator('.detail-row')).toContainText(/accept/i);
  await ws.activity.getByRole('searchbox', { name: 'Filter requests' }).fill('/taxii2/');
  for (const url of await rows.locator('.url-cell').allTextContents())
    expect(url).toContain('/taxii2/');
  expect(page.url()).toContain('activity=1');
});
