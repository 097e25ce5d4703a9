/**
 * Real servers in the workspace (issue 8): a server quirk is noted in plain words where the data
 * is shown; a 429 with Retry-After is shown as a wait with its reason and a countdown (and
 * Cancel still works during it); pages served from the page cache say so, and Refresh goes back
 * to the server. All against the project's TAXII server in its quirk and fault modes.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS, startTaxiiServer } from '../server/index';
import { saveConnection } from '../pages/saved-connection';
import { WorkspacePage } from '../pages/workspace-page';

test('notes camelCase resources and an unversioned Content-Type where the data is shown', async ({
  page,
  webApp,
}) => {
  const quirky = await startTaxiiServer({
    port: 0,
    mitreDir: null,
    quirks: ['camel-case', 'unversioned-content-type'],
  });
  try {
    await saveConnection(webApp, 'Quirky server', quirky.discoveryUrl);
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.expand(ws.connection('Quirky server'));

    // The API root, read despite camelCase keys, says what the server did.
    await ws.root('Demo feed').locator('.tree-row').first().click();
    const details = page.getByTestId('root-details');
    await expect(details).toContainText('10,485,760 bytes');
    const rootNotes = details.getByTestId('quirk-notes');
    await expect(rootNotes).toBeVisible();
    await expect(rootNotes).toContainText(/server quirk/i);
    await expect(rootNotes).toContainText('camelCase');
    await expect(rootNotes).toContainText('CAMEL_CASE_KEYS');
    // The collections list had camelCase keys too (canRead, mediaTypes), and access still shows.
    await expect(details.getByTestId('collections-notes')).toContainText('canRead');
    await expect(
      page.getByTestId('collections-table').getByRole('row', { name: /Locked/ }),
    ).toContainText('no read');

    // The objects view: the quirks are stated above the table, in plain words, not hidden.
    await ws.openCollection('Quirky server', 'Demo feed', COLLECTIONS.seed.title);
    await expect(ws.rows.first()).toBeVisible();
    const notes = page.getByRole('region', { name: 'Objects' }).getByTestId('quirk-notes');
    await expect(notes).toBeVisible();
    await expect(notes).toContainText('instead of the TAXII media type');
    await expect(notes).toContainText('CONTENT_TYPE_PLAIN_JSON');
    await expect(notes).toContainText('CAMEL_CASE_KEYS');
  } finally {
    await quirky.close();
  }
});

test('shows no quirk note for a well-behaved server', async ({ page, webApp }) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  await expect(page.getByTestId('quirk-notes')).toHaveCount(0);
});

test('shows a rate-limit wait with its reason and a countdown, then the data; Cancel ends a wait', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  const from = taxiiServer.requests.length;
  try {
    // A short Retry-After: the wait shows with its reason, and the data follows without a click.
    taxiiServer.setFaults([
      { kind: 'status', status: 429, retryAfter: 3, endpoint: 'objects', times: 1 },
    ]);
    const ws = new WorkspacePage(page);
    // Not the first run's opening of the demo collection: the 429 is for the open below.
    await ws.open(`${webApp.bridge.url}&c=none`);
    await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
    const wait = page.getByTestId('wait-notice');
    await expect(wait).toContainText('limiting how often Taxiway may ask (HTTP 429)');
    await expect(wait).toContainText('server asked');
    await expect(wait.getByTestId('wait-countdown')).toHaveText(/Going on in [1-3] s/);
    await expect(ws.rows.first()).toBeVisible();
    await expect(wait).toHaveCount(0);
    // The first try was refused, the retry after the wait was answered.
    const answered = taxiiServer.requests
      .slice(from)
      .filter((r) => r.endpoint === 'objects')
      .map((r) => r.status);
    expect(answered.slice(0, 2)).toEqual([429, 200]);

    // A long one on the next query (a filter change): Cancel stops the call during its wait.
    taxiiServer.setFaults([
      { kind: 'status', status: 429, retryAfter: 60, endpoint: 'objects', times: 1 },
    ]);
    await ws.filterTypes(['malware']);
    await expect(wait).toContainText('HTTP 429');
    await expect(wait.getByTestId('wait-countdown')).toHaveText(/Going on in (60|5\d) s/);
    const sent = taxiiServer.requests.filter((r) => r.endpoint === 'objects').length;
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByTestId('objects-cancelled')).toBeVisible();
    await expect(wait).toHaveCount(0);
    expect(taxiiServer.requests.filter((r) => r.endpoint === 'objects').length).toBe(sent);
  } finally {
    taxiiServer.setFaults([]);
  }
});

test("shows the wait of a connection's own request budget, then the data", async ({
  page,
  webApp,
  taxiiServer,
}) => {
  // Discovery, API root, collections, then objects and manifest: the fourth request must wait.
  await saveConnection(webApp, 'Budgeted', taxiiServer.discoveryUrl, {
    budget: { requests: 3, windowSeconds: 2 },
    cache: false,
  });
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Budgeted', 'Demo feed', COLLECTIONS.seed.title);
  const wait = page.getByTestId('wait-notice');
  await expect(wait).toContainText("This connection's request budget is used up for now");
  await expect(wait).toContainText('request budget');
  await expect(ws.rows.first()).toBeVisible({ timeout: 20_000 });
});

test('says when pages came from the page cache, and Refresh asks the server again', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  // First pages only: a walk goes on past its first page, and a reopened view asks the server
  // what is new (`added_after`), both from the server; the first page itself comes from disk.
  const objectRequests = (): number =>
    taxiiServer.requests.filter(
      (r) => r.endpoint === 'objects' && !/[?&](next|added_after)=/.test(r.path),
    ).length;
  const ws = new WorkspacePage(page);
  await ws.open(`${webApp.bridge.url}&c=none`);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  const cached = page.getByTestId('cached');
  // Earlier tests of this worker may have cached these pages: start from a live walk.
  if ((await cached.count()) > 0)
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(cached).toHaveCount(0);
  const firstName = await ws.rows.first().locator('.col-name').textContent();

  // Reopened (the view closed meanwhile): the first page comes from disk, the server is asked
  // only what is new, and the view says it was checked.
  const closed = page.waitForResponse((r) => r.url().endsWith('/api/call/views.close'));
  await ws.root('Demo feed').locator('.tree-row').first().click();
  await closed;
  const before = objectRequests();
  await ws.collection(COLLECTIONS.seed.title).locator('.tree-row').first().click();
  await expect(ws.rows.first().locator('.col-name')).toHaveText(firstName!);
  await expect(cached).toHaveText(/^Checked \d{2}:\d{2} UTC$/);
  expect(objectRequests()).toBe(before);

  // Refresh: fresh from the server, and no longer marked as cached.
  await page.getByRole('button', { name: 'Refresh from the server' }).click();
  await expect(ws.rows.first().locator('.col-name')).toHaveText(firstName!);
  await expect(cached).toHaveCount(0);
  await expect.poll(objectRequests).toBeGreaterThan(before);
});
