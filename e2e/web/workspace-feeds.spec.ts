/**
 * Keeping up with a feed in the browser, against the real TAXII server: choose columns, save the
 * view, reload and reopen it from the tree, "N new" after another client adds objects, show only
 * the new ones, mark as seen, export the view as CSV of its columns, delete the view.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { indicator, post21 } from '../server/test-http';
import { WorkspacePage } from '../pages/workspace-page';

test('saves a view, reopens it after a reload, and tells what is new since it was seen', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  const publish = `${taxiiServer.collectionUrl('api1', 'publish')}objects/`;
  const added = await post21(publish, [indicator(7001), indicator(7002)]);
  expect(added.status).toBe(202);
  const ws = new WorkspacePage(page);
  await ws.open(`${webApp.bridge.url}&c=none`);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.publish.title);
  await ws.filterTypes(['indicator']);
  await expect(ws.row('Test indicator 7002')).toBeVisible();

  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').click();
  await chooser.getByRole('checkbox', { name: 'ATT&CK ID' }).check();
  await chooser.getByRole('checkbox', { name: 'Pattern' }).check();
  await chooser.locator('summary').click();
  await expect(ws.grid.getByRole('columnheader', { name: 'Pattern' })).toBeVisible();

  const bar = page.getByTestId('feed-bar');
  await bar.getByRole('button', { name: 'Save view…' }).click();
  const dialog = page.getByTestId('saved-view-dialog');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Sandbox indicators');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(bar.getByTestId('saved-view-name')).toContainText('Sandbox indicators');
  const news = bar.getByTestId('feed-news');
  await expect(news).toContainText('Not marked as seen yet');
  await bar.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(news).toContainText('Nothing new since');

  // Reload from an address without the collection: reopen the view from the tree.
  await ws.open(`${webApp.bridge.url}&c=none`);
  await ws.expand(ws.connection('Taxiway demo'));
  await ws.expand(ws.root('Demo feed'));
  const saved = ws.tree.getByRole('treeitem', { name: 'Saved view Sandbox indicators' });
  await saved.locator('.tree-row').click();
  await expect(bar.getByTestId('saved-view-name')).toContainText('Sandbox indicators');
  await expect(ws.grid.getByRole('columnheader', { name: 'Pattern' })).toBeVisible();
  await expect(news).toContainText('Nothing new since');

  // Another client adds three indicators; the next visit (the address names the view) says so.
  expect(
    (
      await post21(
        publish,
        [7003, 7004, 7005].map((n) => indicator(n)),
      )
    ).status,
  ).toBe(202);
  const address = page.url();
  await page.goto('about:blank');
  await page.goto(address);
  await expect(news).toContainText(/^3 new since /);
  await bar.getByRole('button', { name: 'Show only new' }).click();
  await expect(ws.objectCount).toContainText('3 objects loaded');
  await expect(ws.row('Test indicator 7001')).toHaveCount(0);

  // CSV of the table's columns.
  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByTestId('export-dialog');
  await exportDialog.getByRole('radio', { name: /CSV/ }).check();
  const download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('Type,Name,ATT&CK ID,Modified,Date added,Created,Spec,Pattern,ID');
  expect(lines.filter((l) => l.startsWith('indicator,'))).toHaveLength(3);
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();

  await bar.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(news).toContainText('Nothing new since');
  await expect(bar.getByRole('button', { name: 'Show only new' })).toHaveCount(0);

  // Watching: another client adds two more; turning the watch on checks at once, the tree shows
  // the count, and an in-app notice says so.
  expect(
    (
      await post21(
        publish,
        [7006, 7007].map((n) => indicator(n)),
      )
    ).status,
  ).toBe(202);
  const watch = bar.getByRole('checkbox', { name: 'Watch' });
  await watch.click(); // checked once the main process has the watch
  await expect(watch).toBeChecked();
  await expect(saved.locator('.watch-count')).toHaveText('2');
  await expect(page.getByTestId('watch-notices')).toContainText('Sandbox indicators: 2 new');
  await watch.click();
  await expect(watch).not.toBeChecked();
  await expect(saved.locator('.watch-count')).toHaveCount(0);

  await bar.getByRole('button', { name: 'Delete view' }).click();
  await expect(saved).toHaveCount(0);
});
