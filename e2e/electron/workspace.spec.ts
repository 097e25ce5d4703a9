/**
 * The workspace's main flows in the real Electron app (issue 7): browse the demo server to a
 * collection, inspect an object, and open an external reference only after confirming it (the
 * link goes through `links.open` to `shell.openExternal`, replaced here by a recorder). Skipped,
 * with a message naming ELECTRON_OVERRIDE_DIST_PATH, where there is no Electron binary.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

test('browses, inspects, and opens a link only after confirming it', async ({ electron }) => {
  await electron.app.evaluate(({ shell }) => {
    const g = globalThis as unknown as { __opened: string[] };
    g.__opened = [];
    // Replaced by a recorder, never called: the test must not open a real browser.
    // eslint-disable-next-line no-restricted-properties
    shell.openExternal = async (url: string) => {
      g.__opened.push(url);
    };
  });
  const opened = () =>
    electron.app.evaluate(() => (globalThis as unknown as { __opened: string[] }).__opened);

  const ws = new WorkspacePage(electron.window);
  await expect(ws.appInfo).toContainText('electron mode');
  await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.seed.title);
  await ws.filterTypes(['attack-pattern']);
  await ws.row('Spearphishing Attachment').click();
  await expect(ws.inspect.getByTestId('kill-chain')).toContainText('mitre-attack');

  const url = 'https://attack.mitre.org/techniques/T1566/001/';
  const link = ws.inspect.getByRole('button', { name: `Open link ${url}` });
  const dialog = electron.window.getByTestId('link-dialog');
  await link.click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await opened()).toEqual([]);
  await link.click();
  await dialog.getByRole('button', { name: 'Open in browser' }).click();
  await expect(dialog).toBeHidden();
  expect(await opened()).toEqual([url]);
});
