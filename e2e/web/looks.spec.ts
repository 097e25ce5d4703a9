/**
 * How the main views look to everyone: axe-core (WCAG 2.x A and AA rules) finds no violation in
 * Browse (a collection open, an object inspected), Connections, Check server, Compare and Publish,
 * in the light and the dark theme; and at 1024 px the inspect panel's tabs and the filter bar fit.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

const require = createRequire(import.meta.url);
const THEMES = ['light', 'dark'] as const;

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** The axe-core violations on the page now, one line per element. */
async function axeViolations(page: Page): Promise<string[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') allows it.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown }> };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations;
  });
  return (violations as AxeViolation[]).flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
  );
}

for (const theme of THEMES) {
  test(`the main views pass axe-core in the ${theme} theme`, async ({ page, webApp }) => {
    // Five full-page audits: more than the default minute on a busy machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: theme });
    const ws = new WorkspacePage(page);
    await ws.open(webApp.bridge.url);
    await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
    await expect(ws.rows.first()).toBeVisible();
    await ws.rows.nth(1).click();
    await expect(ws.inspect.getByTestId('summary')).toBeVisible();
    const found: string[] = [];
    found.push(...(await axeViolations(page)).map((v) => `browse: ${v}`));
    for (const view of ['Connections', 'Check server', 'Compare', 'Publish'] as const) {
      await ws.view(view);
      if (view === 'Connections') await page.getByRole('button', { name: /^Taxiway demo/ }).click();
      await expect(page.locator('main')).toBeVisible();
      found.push(...(await axeViolations(page)).map((v) => `${view}: ${v}`));
    }
    expect(found).toEqual([]);
  });
}

test('at 1024 px the inspect panel shows every tab and the filter bar stays short', async ({
  page,
  webApp,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.rows.nth(1).click();
  await expect(ws.tab('Manifest')).toBeInViewport({ ratio: 1 });
  const box = await ws.inspect.boundingBox();
  const tab = await ws.tab('Manifest').boundingBox();
  expect(tab!.x + tab!.width).toBeLessThanOrEqual(box!.x + box!.width);
  // Two rows at most: one line is about 34 px high.
  const bar = await ws.filters.boundingBox();
  expect(bar!.height).toBeLessThanOrEqual(80);
  // The Version select shows its whole choice.
  const version = ws.filters.getByRole('combobox', { name: 'Version', exact: true });
  expect(
    await version.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.clientWidth > 0),
  ).toBe(true);
});

test('Escape closes the type list unapplied and then the inspect panel; read-only offers no Delete', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.rows.nth(1).click();
  await expect(ws.inspect).toBeVisible();
  // The seeded feed says can_write false: nothing to delete there.
  await expect(ws.inspect.getByRole('button', { name: 'Copy as curl' })).toBeVisible();
  await expect(ws.inspect.getByRole('button', { name: 'Delete…' })).toHaveCount(0);

  const dropdown = page.getByTestId('type-filter');
  const group = dropdown.getByRole('group', { name: 'Object types' });
  await dropdown.locator('summary').click();
  await group.getByRole('checkbox', { name: 'indicator', exact: true }).check();
  // A tick waits for the list to close, like the other fields wait for Apply.
  expect(page.url()).not.toContain('type=');
  await page.keyboard.press('Escape');
  await expect(group).toBeHidden();
  expect(page.url()).not.toContain('type=');
  await expect(ws.inspect).toBeVisible();

  // Applied from the list's own button, which closes it.
  await dropdown.locator('summary').click();
  await group.getByRole('checkbox', { name: 'indicator', exact: true }).check();
  await group.getByRole('button', { name: 'Apply types' }).click();
  await expect(group).toBeHidden();
  await expect(page).toHaveURL(/type=indicator/);

  // A click outside closes it too, applying what was ticked.
  await dropdown.locator('summary').click();
  await group.getByRole('checkbox', { name: 'malware', exact: true }).check();
  await page.getByTestId('collection-header').click();
  await expect(group).toBeHidden();
  await expect(page).toHaveURL(/type=indicator(%2C|,)malware/);

  await ws.rows.first().click();
  await expect(ws.inspect).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ws.inspect).toHaveCount(0);
});

test('the demo’s secure API root needs credentials, said once, with a way to add them', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await expect(ws.rows.first()).toBeVisible();
  const secure = ws.tree.getByRole('treeitem', { name: /^API root .*secure/i });
  await secure.locator('.tree-row').click();
  await expect(page.getByTestId('root-details')).toBeVisible();
  await expect(ws.tree.getByTestId('tree-needs-credentials')).toHaveText(/Needs credentials/);
  const main = page.getByTestId('root-details');
  await expect(main.getByTestId('needs-credentials')).toHaveCount(1);
  await expect(main.getByTestId('needs-credentials')).toContainText('needs credentials');
  await expect(page.getByText('did not accept the credentials')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await main.getByRole('button', { name: 'Add credentials' }).click();
  const form = page.getByTestId('connection-form');
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Method')).toBeFocused();
  await form.getByLabel('Method').selectOption('basic');
  await expect(form.getByTestId('secret-home')).toHaveText('Kept in the system keychain.');
});
