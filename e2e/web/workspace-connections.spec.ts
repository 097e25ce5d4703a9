/**
 * Connections through the UI with the real keychain: a password typed once goes to the keychain
 * and is never shown or sent back; a wrong password is explained at the failing test step and
 * where browsing fails; curl and activity carry placeholders and redactions; export, import and
 * removal; an unreachable server.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { DEMO_CREDENTIALS, startTaxiiServer } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

/**
 * Every call result the bridge sent the page, for secret checks. Calls are passed through
 * `route.fetch()` (the transport stops reading a call's stream at its result line, so Chromium
 * reports the request as aborted and a plain response listener gets no body).
 */
async function recordCallBodies(page: Page, origin: string): Promise<string[]> {
  const bodies: string[] = [];
  await page.route(`${origin}/api/call/**`, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    bodies.push(body);
    await route.fulfill({ response, body });
  });
  return bodies;
}

async function newConnection(
  page: Page,
  fields: { name: string; url: string; username?: string; password?: string },
): Promise<void> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByTestId('connection-form');
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByRole('textbox', { name: 'Discovery URL' }).fill(fields.url);
  if (fields.username) {
    await form.getByLabel('Method').selectOption('basic');
    await form.getByLabel('User name').fill(fields.username);
    await form.getByLabel(/^Password/).fill(fields.password ?? '');
  }
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(form.getByTestId('saved')).toContainText(`Saved “${fields.name}”`);
}

test('keeps a typed password in the keychain only, and explains a wrong one where it fails', async ({
  page,
  context,
  webApp,
  taxiiServer,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: webApp.bridge.origin,
  });
  const wrong = `wrong-${randomUUID()}`;
  const bodies = await recordCallBodies(page, webApp.bridge.origin);
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Connections');
  await newConnection(page, {
    name: 'Secure demo',
    url: taxiiServer.discoveryUrl,
    username: DEMO_CREDENTIALS.basic.username,
    password: wrong,
  });
  const form = page.getByTestId('connection-form');
  const password = form.getByLabel(/^Password/);
  await expect(password).toHaveValue('');
  await expect(form.locator('.secret-field').getByTestId('secret-state')).toHaveText('set');

  // The test names the failing step and says what to do.
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-failed')).toContainText('HTTP authentication');
  const failed = form.locator('[data-step="auth"]');
  await expect(failed).toHaveAttribute('data-status', 'failed');
  await expect(failed.locator('.step-hint').first()).not.toBeEmpty();
  await expect(form.locator('[data-step="discovery"]')).toHaveAttribute('data-status', 'skipped');

  // Browsing the secure root shows the refusal where it happened.
  await page.getByRole('button', { name: 'Browse' }).first().click();
  await ws.expand(ws.connection('Secure demo'));
  await ws.expand(
    (await ws.childrenOf(ws.connection('Secure demo'))).getByRole('treeitem', {
      name: /^API root .*secure/i,
    }),
  );
  await expect(ws.tree.getByTestId('tree-error')).toContainText('did not accept the credentials');

  // Fix the password; the test passes and the secure collection opens.
  await ws.view('Connections');
  await page.getByRole('button', { name: /^Secure demo/ }).click();
  await password.fill(DEMO_CREDENTIALS.basic.password);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByTestId('saved')).toBeVisible();
  await expect(password).toHaveValue('');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText('The connection works (TAXII 2.1)');

  await page.getByRole('button', { name: 'Browse' }).first().click();
  await ws.expand(ws.connection('Secure demo'));
  await ws.expand(ws.root('Secure feed'));
  await ws.collection('Secure feed').locator('.tree-row').click();
  await expect(ws.rows.first()).toBeVisible();

  // curl carries a placeholder, the activity panel a redaction.
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  const command = page.getByTestId('curl-command');
  await expect(command).toContainText('$TAXIWAY_PASSWORD');
  await expect(command).not.toContainText(DEMO_CREDENTIALS.basic.password);
  await page.getByTestId('curl-dialog').getByRole('button', { name: 'Copy command' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('$TAXIWAY_PASSWORD');
  await page.getByTestId('curl-dialog').getByRole('button', { name: 'Close dialog' }).click();

  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  const row = ws.activity
    .getByTestId('activity-row')
    .filter({ hasText: '/secure/collections/' })
    .first();
  await expect(row).toContainText('GET');
  await expect(row).toContainText('200');
  await row.getByRole('button').click();
  await expect(ws.activity.locator('.detail-row')).toContainText(/authorization\s*\[redacted\]/i);

  expect(await page.content()).not.toContain(wrong);
  expect(bodies.length).toBeGreaterThan(10);
  for (const body of bodies) expect(body).not.toContain(wrong);
});

test('exports, imports and removes connections after a confirmation naming them', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Connections');
  const secret = `token-${randomUUID()}`;
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByTestId('connection-form');
  await form.getByLabel('Name', { exact: true }).fill('Vendor feed');
  await form
    .getByRole('textbox', { name: 'Discovery URL' })
    .fill('https://taxii.vendor.example/taxii2/');
  await form.getByLabel('Method').selectOption('bearer');
  await form.getByLabel(/^Token/).fill(secret);
  await form.getByLabel('Proxy', { exact: true }).selectOption('url');
  await form.getByLabel('Proxy URL').fill('http://proxy.example:3128');
  await form.getByLabel('Timeout (seconds)').fill('12');
  await form.getByRole('button', { name: 'Add a header' }).click();
  await form.getByLabel('Header 1 name').fill('X-Team');
  await form.getByLabel('Header 1 value').fill('blue');
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(form.getByTestId('saved')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all' }).click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain(secret);
  const doc = JSON.parse(text) as {
    profiles: Array<{ name: string; timeoutMs: number; headers: unknown[] }>;
  };
  const vendor = doc.profiles.find((p) => p.name === 'Vendor feed');
  expect(vendor?.timeoutMs).toBe(12_000);
  expect(vendor?.headers).toEqual([{ name: 'X-Team', secret: false, value: 'blue' }]);

  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByLabel('Exported connections file').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByTestId('import-result')).toContainText('Imported 2 connections');
  await expect(dialog.getByTestId('import-result')).toContainText('Renamed');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const list = page.getByRole('list', { name: 'Connections' });
  await expect(list.getByRole('button')).toHaveCount(4);

  await list
    .getByRole('button', { name: /^Vendor feed/ })
    .first()
    .click();
  await expect(page.getByTestId('connection-form').getByLabel(/^Token/)).toHaveValue('');
  await page.getByRole('button', { name: 'Remove…' }).click();
  const remove = page.getByTestId('remove-dialog');
  await expect(remove.getByRole('heading')).toHaveText('Remove “Vendor feed”?');
  await remove.getByRole('button', { name: 'Remove connection' }).click();
  await expect(list.getByRole('button')).toHaveCount(3);
});

test('explains an unreachable server at the failing step and where browsing fails', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.view('Connections');
  // Port 9 (discard) on loopback: nothing listens there.
  await newConnection(page, { name: 'Down', url: 'http://127.0.0.1:9/taxii2/' });
  const form = page.getByTestId('connection-form');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-failed')).toContainText('TCP connection');
  await expect(form.locator('[data-step="tcp"]')).toHaveAttribute('data-status', 'failed');

  await page.getByRole('button', { name: 'Browse' }).first().click();
  await ws.expand(ws.connection('Down'));
  const error = ws.tree.getByTestId('tree-error');
  await expect(error).toContainText('Could not reach the server');
  await expect(error.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('shows an untrusted certificate and trusts it by pinning its fingerprint', async ({
  page,
  webApp,
}) => {
  const tls = await startTaxiiServer({ port: 0, tls: true, mitreDir: null });
  try {
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.view('Connections');
    await newConnection(page, { name: 'Self-signed', url: tls.discoveryUrl });
    const form = page.getByTestId('connection-form');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-failed')).toContainText('TLS and certificate');
    const card = form.getByTestId('certificate');
    await expect(card).toContainText('not trusted');
    await expect(card).toContainText(tls.fingerprint256!);
    await card.getByRole('button', { name: /Trust this certificate/ }).click();
    await expect(form.getByText('Pinned. Test again to check.')).toBeVisible();
    await expect(form.getByLabel('Pinned server certificate (SHA-256)')).toHaveValue(
      tls.fingerprint256!,
    );
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-result')).toContainText('The connection works');
  } finally {
    await tls.close();
  }
});
