/**
 * A cached view is never shown as the truth: a collection reopened from the page cache asks the
 * server what is new first, shows an object another client added meanwhile (also in a new tab)
 * and says when it checked; with the server gone, the cached rows are shown as "not checked",
 * with the reason. Each test has its own TAXII server (one is stopped) and the connection's
 * defaults (page cache on, pages of 100).
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { saveConnection } from '../pages/saved-connection';
import { WorkspacePage } from '../pages/workspace-page';
import { COLLECTIONS, startTaxiiServer, type RunningTaxiiServer } from '../server/index';

const TAXII = 'application/taxii+json;version=2.1';
const PROBE_ID = 'indicator--0f1e2d3c-4b5a-4697-8877-665544332211';

/** Adds one indicator through plain HTTP (another client), and waits until the server lists it. */
async function addWithAnotherClient(server: RunningTaxiiServer, name: string): Promise<void> {
  const collection = server.collectionUrl('api1', 'publish');
  const posted = await fetch(`${collection}objects/`, {
    method: 'POST',
    headers: { Accept: TAXII, 'Content-Type': TAXII },
    body: JSON.stringify({
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: PROBE_ID,
          created: '2026-01-02T03:04:05.000Z',
          modified: '2026-01-02T03:04:05.000Z',
          name,
          pattern: "[domain-name:value = 'probe.example']",
          pattern_type: 'stix',
          valid_from: '2026-01-02T03:04:05.000Z',
        },
      ],
    }),
  });
  expect(posted.status).toBe(202);
  await expect
    .poll(
      async () =>
        (await fetch(`${collection}objects/${PROBE_ID}/`, { headers: { Accept: TAXII } })).status,
    )
    .toBe(200);
}

/** Leaves the collection for its API root and waits until the app has closed the view. */
async function leaveCollection(page: Page, ws: WorkspacePage): Promise<void> {
  const closed = page.waitForResponse((r) => r.url().endsWith('/api/call/views.close'));
  await ws.root('Demo feed').locator('.tree-row').first().click();
  await expect(page.getByTestId('root-details')).toBeVisible();
  await closed;
}

test('a reopened collection shows what another client added and says when it was checked', async ({
  page,
  context,
  webApp,
}) => {
  const server = await startTaxiiServer({ port: 0, mitreDir: null });
  try {
    await saveConnection(webApp, 'Fresh', server.discoveryUrl);
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.openCollection('Fresh', 'Demo feed', COLLECTIONS.publish.title);
    // The server itself said the collection is empty.
    await expect(page.getByTestId('objects-empty')).toContainText('This collection is empty');
    await expect(page.getByTestId('loaded-at')).toHaveText(/^Loaded \d{2}:\d{2} UTC$/);
    const address = new URL(page.url()).hash.slice(1);

    const added = new Date().toISOString().slice(11, 16);
    await addWithAnotherClient(server, 'Added by another client');
    await leaveCollection(page, ws);
    await ws.collection(COLLECTIONS.publish.title).locator('.tree-row').first().click();
    await expect(ws.row('Added by another client')).toHaveCount(1);
    await expect(page.getByTestId('objects-empty')).toHaveCount(0);
    // Checked with the server (cached pages and what is new), or fetched afresh from it: either
    // way the view says when the server was asked, no earlier than the other client's write.
    const freshness = page.getByTestId(/^(cached|loaded-at)$/);
    await expect(freshness).toHaveText(/^(Checked|Loaded) \d{2}:\d{2} UTC$/);
    expect((await freshness.textContent())!.slice(-9, -4) >= added).toBe(true);
    await expect(freshness).toHaveAttribute('title', /deleted .* only .* refresh/i);
    await expect(ws.objectCount).toHaveText('1 object loaded');

    // A new tab given the same address: the same object, checked with the server.
    await leaveCollection(page, ws);
    const tab = await context.newPage();
    await tab.goto(`${webApp.bridge.url}&${address}`);
    const ws2 = new WorkspacePage(tab);
    await expect(ws2.row('Added by another client')).toHaveCount(1);
    await expect(tab.getByTestId(/^(cached|loaded-at)$/)).toHaveText(
      /^(Checked|Loaded) \d{2}:\d{2} UTC$/,
    );
  } finally {
    await server.close();
  }
});

test('with the server stopped, cached rows are shown as not checked, with the reason', async ({
  page,
  webApp,
}) => {
  const server = await startTaxiiServer({ port: 0, mitreDir: null });
  let stopped = false;
  try {
    await saveConnection(webApp, 'Going away', server.discoveryUrl);
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.openCollection('Going away', 'Demo feed', COLLECTIONS.seed.title);
    await expect(ws.rows.first()).toBeVisible();
    const firstName = await ws.rows.first().locator('.col-name').textContent();
    await expect(page.getByTestId('loaded-at')).toBeVisible();

    await leaveCollection(page, ws);
    await server.close();
    stopped = true;
    await ws.collection(COLLECTIONS.seed.title).locator('.tree-row').first().click();
    // The cached rows are there, said to be unchecked, with why; never "empty".
    await expect(ws.rows.first().locator('.col-name')).toHaveText(firstName!);
    const freshness = page.getByTestId('cached');
    await expect(freshness).toHaveText(/^Cached \d{2}:\d{2} UTC, not checked: .*\S/);
    await expect(freshness).not.toContainText('Asking the server');
    await expect(freshness).toContainText(/offline|refused|reach|connect/i);
    await expect(page.getByTestId('objects-empty')).toHaveCount(0);
  } finally {
    if (!stopped) await server.close();
  }
});
