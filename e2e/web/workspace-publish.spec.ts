/**
 * Publishing through the UI against the real TAXII server: an invalid bundle with every problem
 * by object and JSON path, a valid one uploaded with progress and per-object outcomes, a file
 * split into several requests by a small max_content_length, a dropped file, and a failed upload
 * that keeps the input for a retry.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { COLLECTIONS, type RunningTaxiiServer } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

const uuid = (n: number): string =>
  `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function indicator(n: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid(n)}`,
    created: '2025-06-01T00:00:00.000Z',
    modified: '2025-06-01T00:00:00.000Z',
    name: `Published indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.${Math.floor(n / 250)}.${n % 250}']`,
    pattern_type: 'stix',
    valid_from: '2025-06-01T00:00:00.000Z',
    ...extra,
  };
}

const publishButton = (page: Page) =>
  page
    .getByRole('region', { name: 'Destination' })
    .getByRole('button', { name: 'Publish', exact: true });

const bundle = (objects: unknown[]): string =>
  JSON.stringify({ type: 'bundle', id: `bundle--${uuid(999)}`, objects }, null, 2);

async function chooseTarget(
  page: Page,
  server: RunningTaxiiServer,
  root: 'api1' | 'tiny',
  title: string,
) {
  const dest = page.getByRole('region', { name: 'Destination' });
  await dest.getByLabel('Connection').selectOption({ label: 'Taxiway demo' });
  await dest.getByLabel('API root').selectOption(server.rootUrl(root));
  await dest.getByLabel('Collection').selectOption({ label: title });
}

test('lists every problem of an invalid bundle by object and path, then publishes the fixed one', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  taxiiServer.reset();
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Publish');
  const text = page.getByRole('textbox', { name: 'Bundle JSON' });

  await text.fill('{"type": "bundle", "objects": [ }');
  await expect(page.getByTestId('problems')).toContainText('line 1, column 33');

  const broken = [
    indicator(1),
    { ...indicator(2), created: 'yesterday' },
    { type: 'indicator', id: 'nonsense' },
  ];
  await text.fill(bundle(broken));
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText('$.objects[1].created');
  await expect(problems).toContainText(`indicator--${uuid(2)}`);
  await expect(problems).toContainText('$.objects[2]');
  await expect(page.getByTestId('validation-summary')).toContainText('must be fixed');
  await chooseTarget(page, taxiiServer, 'api1', COLLECTIONS.publish.title);
  await expect(publishButton(page)).toBeDisabled();

  await text.fill(bundle([indicator(1), indicator(2), indicator(3)]));
  await expect(page.getByTestId('validation-summary')).toContainText('Valid: 3 objects');
  await publishButton(page).click();
  await expect(page.getByTestId('requests')).toContainText('Request 1 of 1: 3 objects');
  await expect(page.getByTestId('upload-summary')).toContainText('3 added, 0 failed, 0 pending');
  await expect(page.getByTestId('outcomes').locator('tbody tr')).toHaveCount(3);

  // The objects are in the collection now.
  await ws.view('Browse');
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.publish.title);
  await expect(ws.rows).toHaveCount(3);
  taxiiServer.reset();
});

test('publishes only the valid objects of a bundle when asked', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  taxiiServer.reset();
  const ws = new WorkspacePage(page);
  await ws.open(`${webApp.bridge.url}&c=none`);
  await ws.view('Publish');
  // An unbalanced pattern breaks a MUST of STIX patterning: that object is left out.
  const objects = [
    indicator(11),
    { ...indicator(12), pattern: "[ipv4-addr:value = '10.0.0.1'" },
    indicator(13),
  ];
  await page.getByRole('textbox', { name: 'Bundle JSON' }).fill(bundle(objects));
  await expect(page.getByTestId('problems')).toContainText('$.objects[1].pattern');
  await chooseTarget(page, taxiiServer, 'api1', COLLECTIONS.publish.title);
  await expect(publishButton(page)).toBeDisabled();
  await page.getByTestId('publish-valid-only').click();
  await expect(page.getByTestId('upload-summary')).toContainText('2 added, 0 failed, 0 pending');
  await expect(page.getByTestId('outcomes').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('outcomes')).not.toContainText(`indicator--${uuid(12)}`);
  // Each row names the object, not only its id.
  const first = page.getByTestId('outcomes').locator('tbody tr').first();
  await expect(first).toContainText('indicator');
  await expect(first).toContainText('Published indicator 11');
  taxiiServer.reset();
});

test('splits a picked file into requests under the root’s max content length', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  taxiiServer.reset();
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Publish');
  const objects = Array.from({ length: 60 }, (_, i) =>
    indicator(100 + i, { description: 'x'.repeat(400) }),
  );
  await page.getByLabel('Choose a bundle file').setInputFiles({
    name: 'big.json',
    mimeType: 'application/json',
    buffer: Buffer.from(bundle(objects)),
  });
  await expect(page.getByTestId('validation-summary')).toContainText('Valid: 60 objects');
  await chooseTarget(page, taxiiServer, 'tiny', COLLECTIONS.tiny.title);
  await publishButton(page).click();
  await expect(page.getByTestId('upload-summary')).toContainText('60 added');
  const requests = page.getByTestId('requests').locator('li');
  expect(await requests.count()).toBeGreaterThanOrEqual(3);
  for (const r of await requests.allTextContents()) expect(r).toContain('accepted');
  taxiiServer.reset();
});

test('takes a dropped file, and keeps the input after a failed upload for a retry', async ({
  page,
  webApp,
  taxiiServer,
}) => {
  taxiiServer.reset();
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Publish');
  const text = bundle([indicator(7)]);
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
    return d;
  }, text);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByRole('textbox', { name: 'Bundle JSON' })).toHaveValue(text);
  await expect(page.getByTestId('drop-zone')).toContainText('dropped.json');
  await expect(page.getByTestId('validation-summary')).toContainText('Valid: 1 object');

  taxiiServer.setFaults([{ kind: 'status', status: 503, endpoint: 'add-objects' }]);
  await chooseTarget(page, taxiiServer, 'api1', COLLECTIONS.publish.title);
  await publishButton(page).click();
  const error = page.getByTestId('upload-error');
  await expect(error).toContainText('The upload failed');
  await expect(error.getByTestId('taxii-error')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Bundle JSON' })).toHaveValue(text);

  taxiiServer.setFaults([]);
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('upload-summary')).toContainText('1 added');
  taxiiServer.reset();
});
