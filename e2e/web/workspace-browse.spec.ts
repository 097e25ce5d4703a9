/**
 * Browsing in web mode against the real TAXII server: the first-run demo connection, the tree of
 * API roots and collections with their details, the objects table with every filter, sorting,
 * the keyboard, the address that reopens a view, and a forbidden collection.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS, VERSIONED_INDICATOR_ID } from '../server/index';
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

test('applies id, added-after, spec version and version filters', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);

  // Every version of one object.
  await ws.filterText('Object id', VERSIONED_INDICATOR_ID);
  await expect(ws.rows).toHaveCount(1);
  await ws.filters.getByRole('combobox', { name: 'Version', exact: true }).selectOption('all');
  await expect(ws.rows).toHaveCount(3);
  const modified = await ws.rows.locator('.col-modified').allTextContents();
  await ws.filters.getByRole('combobox', { name: 'Version', exact: true }).selectOption('first');
  await expect(ws.rows).toHaveCount(1);
  await expect(ws.rows.first().locator('.col-modified')).toHaveText(modified[0]!);
  // One exact version, typed with milliseconds.
  await ws.filters
    .getByRole('combobox', { name: 'Version', exact: true })
    .selectOption('timestamp');
  await ws.filters
    .getByRole('textbox', { name: 'Version timestamps' })
    .fill(modified[1]!.replace(' ', 'T') + 'Z');
  await ws.filters.getByRole('button', { name: 'Apply' }).click();
  await expect(ws.rows).toHaveCount(1);
  await expect(ws.rows.first().locator('.col-modified')).toHaveText(modified[1]!);
  await ws.filters.getByRole('button', { name: 'Clear filters' }).click();

  // STIX 2.0 representations only.
  await ws.filters.getByRole('combobox', { name: 'Spec version' }).selectOption('2.0');
  await expect(ws.row('Old Harbor (STIX 2.0 only)')).toHaveCount(1);
  const specs = await ws.rows.locator('.col-spec').allTextContents();
  expect(new Set(specs)).toEqual(new Set(['2.0']));
  await ws.filters.getByRole('button', { name: 'Clear filters' }).click();

  // Added after, with milliseconds: everything shown was added later.
  await ws.filterText('Added after (UTC)', '2025-05-01 00:00:00.123');
  await expect(ws.filters.getByRole('textbox', { name: 'Added after (UTC)' })).toHaveValue(
    '2025-05-01T00:00:00.123Z',
  );
  expect(page.url()).toContain('after=2025-05-01T00%3A00%3A00.123Z');
  await expect(ws.rows.first()).toBeVisible();
  for (const added of await ws.rows.locator('.col-added').allTextContents())
    expect(added > '2025-05-01 00:00:00.123').toBe(true);

  // A time that is not one is refused in plain words, and nothing changes.
  await ws.filterText('Added after (UTC)', '2025-02-30');
  await expect(ws.filters.getByRole('alert')).toContainText('not a real date');
});

test('works from the keyboard: tree, table, inspect', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  // An address that names a connection skips the first run's opening of the demo collection, so
  // the walk starts from a collapsed tree.
  await ws.open(`${webApp.bridge.url}&c=none`);
  await ws.connection('Taxiway demo').focus();
  await page.keyboard.press('ArrowRight'); // expand the connection
  await expect(ws.root('Demo feed')).toBeVisible();
  await page.keyboard.press('ArrowDown'); // first API root
  await expect(ws.root('Demo feed')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  // The collections load when the root opens; the arrow moves to the first once it is there.
  await expect(ws.collection(COLLECTIONS.seed.title)).toBeVisible();
  await page.keyboard.press('ArrowDown'); // first collection
  await expect(ws.collection(COLLECTIONS.seed.title)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ws.rows.first()).toBeVisible();

  await ws.grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = ws.grid.locator('[aria-rowindex="4"]');
  await expect(ws.grid).toHaveAttribute('aria-activedescendant', (await third.getAttribute('id'))!);
  await page.keyboard.press(' ');
  await expect(third).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(ws.inspect.getByTestId('inspect-title')).toHaveText(
    (await third.locator('.col-name').textContent())!,
  );
  // Tabs follow the arrow keys.
  await ws.tab('Summary').focus();
  await page.keyboard.press('ArrowRight');
  await expect(ws.tab('JSON')).toBeFocused();
  await expect(ws.tab('JSON')).toHaveAttribute('aria-selected', 'true');
  await expect(ws.inspect.getByTestId('json-view')).toBeVisible();
});

test('cancels a slow page and loads it again', async ({ page, webApp, taxiiServer }) => {
  taxiiServer.setFaults([{ kind: 'latency', ms: 20_000, endpoint: 'objects' }]);
  try {
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
    await expect(page.getByTestId('objects-loading')).toContainText('Loading objects');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByTestId('objects-cancelled')).toContainText('Loading was cancelled');
    // The request really stopped: the server saw its client go away without an answer.
    await expect
      .poll(() => taxiiServer.requests.filter((r) => r.endpoint === 'objects').map((r) => r.status))
      .toContain(0);

    taxiiServer.setFaults([]);
    await page.getByRole('button', { name: 'Load again' }).click();
    await expect(ws.rows.first()).toBeVisible();
  } finally {
    taxiiServer.setFaults([]);
  }
});

test('explains a forbidden collection with the server’s own error', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.locked.title);
  await expect(page.getByTestId('not-readable')).toContainText('cannot be read');
  await page.getByRole('button', { name: 'Try reading anyway' }).click();
  const error = page.getByTestId('objects-error');
  await expect(error).toContainText('Could not load the objects');
  await expect(error).toContainText('HTTP status');
  await expect(error.getByTestId('taxii-error')).toBeVisible();
  // Refusals are not retried blindly.
  await expect(error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});

test('retries a page the server failed to serve', async ({ page, webApp, taxiiServer }) => {
  taxiiServer.setFaults([{ kind: 'status', status: 500, endpoint: 'objects' }]);
  try {
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
    const error = page.getByTestId('objects-error');
    await expect(error).toContainText('failed to answer (500)');
    taxiiServer.setFaults([]);
    await error.getByRole('button', { name: 'Retry' }).click();
    await expect(ws.rows.first()).toBeVisible();
  } finally {
    taxiiServer.setFaults([]);
  }
});
