/**
 * Screenshots of the main views for the README, in the light and the dark theme (both follow the
 * system's prefers-color-scheme), at 1280x800 and one at 1024x700. They are taken from the real
 * app against the real TAXII server, so they show what a user sees.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { COLLECTIONS, type RunningTaxiiServer, VERSIONED_INDICATOR_ID } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

const THEMES = ['light', 'dark'] as const;

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

async function openFeed(page: Page, url: string): Promise<WorkspacePage> {
  const ws = new WorkspacePage(page);
  await ws.open(url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  return ws;
}

async function publishSample(page: Page, server: RunningTaxiiServer): Promise<void> {
  const objects = [1, 2, 3].map((n) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
    created: '2025-06-01T00:00:00.000Z',
    modified: '2025-06-01T00:00:00.000Z',
    name: `Staging host ${n}`,
    pattern: `[domain-name:value = 'stage${n}.example']`,
    pattern_type: 'stix',
    valid_from: '2025-06-01T00:00:00.000Z',
  }));
  objects.push({ ...objects[0]!, created: 'not a time' } as (typeof objects)[number]);
  await page
    .getByRole('textbox', { name: 'Bundle JSON' })
    .fill(
      JSON.stringify(
        { type: 'bundle', id: 'bundle--00000000-aaaa-4bbb-8ccc-000000000000', objects },
        null,
        2,
      ),
    );
  await expect(page.getByTestId('problems')).toContainText('$.objects[3].created');
  const dest = page.getByRole('region', { name: 'Destination' });
  await dest.getByLabel('Connection').selectOption({ label: 'Taxiway demo' });
  await dest.getByLabel('API root').selectOption(server.rootUrl('api1'));
  await dest.getByLabel('Collection').selectOption({ label: COLLECTIONS.publish.title });
}

for (const theme of THEMES) {
  test(`main views, ${theme} theme`, async ({ page, webApp, taxiiServer }) => {
    await page.emulateMedia({ colorScheme: theme });
    taxiiServer.reset();

    // Browse: a collection with an indicator open.
    const ws = await openFeed(page, webApp.bridge.url);
    await ws.filterTypes(['indicator', 'malware', 'attack-pattern', 'relationship']);
    await page.getByRole('button', { name: 'Load all' }).click();
    await expect(ws.objectCount).not.toContainText('more on the server');
    await page.getByRole('searchbox', { name: 'Find in loaded objects' }).fill('domain');
    await ws.rows
      .filter({ has: page.locator('.col-name', { hasText: /^Phishing domain 8$/ }) })
      .click();
    await expect(ws.inspect.getByTestId('summary')).toBeVisible();
    await ws.screenshot(`browse-${theme}`);
    expect(await unnamedControls(page)).toEqual([]);

    await ws.tab('Versions').click();
    await expect(ws.inspect.getByTestId('version-diff')).toBeVisible();
    await ws.screenshot(`versions-${theme}`);

    await ws.tab('JSON').click();
    await expect(ws.inspect.getByTestId('json-view')).toContainText(VERSIONED_INDICATOR_ID);
    await page.getByRole('button', { name: 'Activity', exact: true }).click();
    await expect(ws.activity.getByTestId('activity-row').first()).toBeVisible();
    await ws.screenshot(`activity-${theme}`);
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Activity', exact: true }).click();

    // Publish: problems listed, then the fixed bundle sent.
    await ws.view('Publish');
    await publishSample(page, taxiiServer);
    await ws.screenshot(`publish-problems-${theme}`);
    const text = page.getByRole('textbox', { name: 'Bundle JSON' });
    const doc = JSON.parse(await text.inputValue()) as { objects: unknown[] };
    doc.objects.pop();
    await text.fill(JSON.stringify(doc, null, 2));
    await page
      .getByRole('region', { name: 'Destination' })
      .getByRole('button', { name: 'Publish', exact: true })
      .click();
    await expect(page.getByTestId('upload-summary')).toContainText('3 added');
    await page.getByTestId('upload').scrollIntoViewIfNeeded();
    await ws.screenshot(`publish-done-${theme}`);
    expect(await unnamedControls(page)).toEqual([]);

    // Connections: the step-by-step test of a connection with a wrong password.
    await ws.view('Connections');
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByTestId('connection-form');
    await form.getByLabel('Name', { exact: true }).fill('Secure demo');
    await form.getByRole('textbox', { name: 'Discovery URL' }).fill(taxiiServer.discoveryUrl);
    await form.getByLabel('Method').selectOption('basic');
    await form.getByLabel('User name').fill('analyst');
    await form.getByLabel(/^Password/).fill('not-the-password');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-failed')).toBeVisible();
    await form.getByTestId('test-result').scrollIntoViewIfNeeded();
    await ws.screenshot(`connection-test-${theme}`);
    expect(await unnamedControls(page)).toEqual([]);
    taxiiServer.reset();
  });
}

test('browse at 1024x700', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const ws = await openFeed(page, webApp.bridge.url);
  await ws.rows.nth(2).click();
  await expect(ws.inspect.getByTestId('summary')).toBeVisible();
  // Everything needed stays reachable: the table, its toolbar and the panel's actions.
  await expect(page.getByRole('button', { name: 'Export…' })).toBeInViewport();
  // (The seeded feed is read-only, so its panel offers no Delete; Copy as curl sits in its place.)
  await expect(ws.inspect.getByRole('button', { name: 'Copy as curl' })).toBeInViewport();
  await expect(ws.grid).toBeInViewport();
  await ws.screenshot('browse-1024x700');
});
