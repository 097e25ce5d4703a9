/**
 * A 100,000-object collection (the test server's synthetic data) at the demo server's defaults:
 * pages of 100, no raised page cap, the connection's default page size. The view pages as it
 * scrolls, "Load all" shows its progress and can be cancelled and continued, "loaded" is said
 * only when every row has its date added, every request asks for the connection's page size, and
 * the table never holds more than a screenful of rows (and its small overscan) in the DOM.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_PAGE_SIZE } from '../../shared/profile';
import { expect, test } from '../fixtures';
import { startWebApp, type WebApp } from '../fixtures/web-app';
import { saveConnection } from '../pages/saved-connection';
import { WorkspacePage } from '../pages/workspace-page';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from '../server/index';

const TOTAL = 100_000;
/** Rows the table may render beyond a screenful: a part-row at each edge, a small overscan. */
const MARGIN = 14;

let server: RunningTaxiiServer;
let app: WebApp;

test.beforeAll(async () => {
  server = await startTaxiiServer({ port: 0, synthetic: TOTAL, mitreDir: null });
  app = await startWebApp();
  await saveConnection(app, 'Bench', server.discoveryUrl, { pageSize: DEFAULT_PAGE_SIZE });
});

test.afterAll(async () => {
  await app?.close();
  await server?.close();
});

/** Rows that fit in the grid's visible height. */
async function screenful(page: Page): Promise<number> {
  return page.getByTestId('objects-grid').evaluate((grid) => Math.ceil(grid.clientHeight / 28));
}

test('loads 100,000 objects at the defaults with progress, dates added and a screenful of rows', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const ws = new WorkspacePage(page);
  await ws.open(app.bridge.url);
  await ws.openCollection('Bench', 'Demo feed', COLLECTIONS.bench.title);
  await expect(ws.rows.first()).toBeVisible();
  await expect(ws.objectCount).toContainText('more on the server');
  const fits = await screenful(page);
  expect(await ws.rows.count()).toBeLessThanOrEqual(fits + MARGIN);

  // Scrolling to the end of what is loaded asks for more.
  const first = Number((await ws.objectCount.textContent())!.replace(/\D/g, ''));
  await ws.grid.focus();
  await page.keyboard.press('End');
  await expect
    .poll(async () => Number((await ws.objectCount.textContent())!.replace(/\D/g, '')))
    .toBeGreaterThan(first);

  // Load all, cancel part-way: what was loaded stays, and Load all goes on from there.
  await page.getByRole('button', { name: 'Load all' }).click();
  const progress = page.getByTestId('load-progress');
  await expect(progress).toContainText(/^[\d,]+ pages? · .+ · [\d,]+ objects\/s$/);
  await expect
    .poll(
      async () => Number(/^[\d,]+/.exec(await ws.objectCount.innerText())?.[0]?.replace(/,/g, '')),
      {
        timeout: 60_000,
      },
    )
    .toBeGreaterThan(5000);
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(page.getByTestId('stopped')).toBeVisible();
  await expect(ws.objectCount).toContainText('more on the server');
  const partial = Number((await ws.objectCount.textContent())!.replace(/\D/g, ''));
  expect(partial).toBeGreaterThan(5000);
  expect(partial).toBeLessThan(TOTAL);
  expect(await ws.rows.count()).toBeLessThanOrEqual(fits + MARGIN);

  await page.getByRole('button', { name: 'Load all' }).click();
  await expect(ws.objectCount).toHaveText('100,000 objects loaded', { timeout: 120_000 });
  await expect(ws.grid).toHaveAttribute('aria-rowcount', String(TOTAL + 1));

  // "Loaded" means every row has its date added: rows without one sort last in both
  // directions, so the last row of an ascending date-added sort has one.
  await ws.grid.getByRole('button', { name: 'Sort by Date added' }).click();
  await expect(ws.grid.getByRole('columnheader', { name: /Date added/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await ws.grid.focus();
  await page.keyboard.press('End');
  const lastRow = ws.grid.locator(`[aria-rowindex="${TOTAL + 1}"]`);
  await expect(lastRow).toHaveAttribute('data-testid', 'object-row');
  await expect(lastRow.locator('.col-added')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  // The synthetic objects were added one millisecond apart from 2024-06-01, in order.
  await expect(lastRow.locator('.col-added')).toHaveText(/^2024-06-01 00:01:39\.999/);
  await page.keyboard.press('Home');
  await expect(ws.rows.first().locator('.col-added')).toHaveText(/^2024-06-01 00:00:00\.000/);
  expect(await ws.rows.count()).toBeLessThanOrEqual(fits + MARGIN);

  // Find in loaded: the service narrows the rows (descriptions and all text fields included).
  await page
    .getByRole('searchbox', { name: 'Find in loaded objects' })
    .fill('Synthetic family 9998');
  await expect(page.getByTestId('find-count')).toHaveText(/^[\d,]+ shown$/);
  await expect(ws.rows.first()).toContainText('Synthetic family 9998');
  await page.getByRole('searchbox', { name: 'Find in loaded objects' }).fill('');

  // Every objects and manifest request asked for the connection's page size.
  const paged = server.requests.filter(
    (r) =>
      (r.endpoint === 'objects' || r.endpoint === 'manifest') &&
      r.path.includes(COLLECTIONS.bench.id),
  );
  expect(paged.length).toBeGreaterThanOrEqual(2 * (TOTAL / DEFAULT_PAGE_SIZE));
  const limits = new Set(
    paged.map((r) => new URL(r.path, server.origin).searchParams.get('limit')),
  );
  expect([...limits]).toEqual([String(DEFAULT_PAGE_SIZE)]);

  await page.keyboard.press('Home');
  await expect(ws.rows.first()).toHaveAttribute('aria-rowindex', '2');
  await ws.screenshot('objects-100k');

  // The server's order again: the last synthetic object is a relationship to the last family.
  await ws.grid.getByRole('button', { name: 'Sort by Date added' }).click();
  await ws.grid.getByRole('button', { name: 'Sort by Date added' }).click();
  await expect(ws.grid.getByRole('columnheader', { name: /Date added/ })).toHaveAttribute(
    'aria-sort',
    'none',
  );
  await ws.grid.focus();
  await page.keyboard.press('End');
  // Both ends are loaded objects (the indicator 7 before, the family just before: see
  // e2e/server/synthetic.ts), so the label names them rather than their types.
  await expect(lastRow).toContainText(
    `Synthetic indicator ${TOTAL - 8} indicates Synthetic family ${TOTAL - 2}`,
  );
});
