/**
 * Screenshots of the pictures for the README (at 1440x900, light and dark, from the real app
 * against the real TAXII server with MITRE ATT&CK for ICS loaded), and the same at 1024x700 kept
 * with the test's output to look at: the matrix coloured by one group, an intrusion set's
 * graph, and the activity chart.
 */
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { width: 1440, height: 900, save: true },
  { width: 1024, height: 700, save: false },
] as const;

for (const theme of THEMES)
  for (const size of SIZES)
    test(`pictures at ${size.width} px, ${theme} theme`, async ({ page, webApp }, testInfo) => {
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: size.width, height: size.height });
      const shot = async (name: string): Promise<void> => {
        await page.screenshot({
          path: size.save
            ? `docs/screenshots/pictures-${name}-${theme}.png`
            : testInfo.outputPath(`${name}-${theme}-${size.width}.png`),
        });
      };
      const ws = new WorkspacePage(page);
      await ws.open(webApp.bridge.url);
      await ws.openCollection('Taxiway demo', 'Demo feed', COLLECTIONS.mitre.title);
      await page.getByRole('button', { name: 'Load all' }).click();
      await expect(page.getByRole('button', { name: 'Load all' })).toBeHidden();
      await expect(ws.objectCount).toHaveText(/^[\d,]+ objects loaded$/);
      const show = page.getByRole('group', { name: 'Show' });

      await show.getByRole('button', { name: 'ATT&CK matrix' }).click();
      await page
        .getByRole('combobox', { name: 'Colour by' })
        .selectOption({ label: 'intrusion-set: Sandworm Team' });
      await expect(page.locator('[data-testid="technique"][data-score="1"]').first()).toBeVisible();
      await page.locator('[data-testid="technique"][data-score="1"]').first().click();
      await expect(page.getByTestId('technique-details')).toBeVisible();
      await shot('matrix');

      await show.getByRole('button', { name: 'Table' }).click();
      await page.getByRole('searchbox', { name: 'Find in loaded objects' }).fill('Sandworm Team');
      await ws.rows
        .filter({ has: page.getByRole('gridcell', { name: 'Sandworm Team', exact: true }) })
        .click();
      await ws.inspect.getByRole('button', { name: 'Show in graph' }).click();
      await expect(page.getByTestId('graph-drawn')).toBeVisible();
      await shot('graph');

      await ws.inspect.getByRole('button', { name: 'Close the inspect panel' }).click();
      await page.getByRole('searchbox', { name: 'Find in loaded objects' }).fill('');
      // The panel closing moves the toolbar: click again if the first click met it mid-move.
      await expect(async () => {
        await show.getByRole('button', { name: 'Timeline' }).click();
        await expect(page.getByTestId('activity-chart').locator('canvas')).toBeVisible({
          timeout: 3_000,
        });
      }).toPass({ timeout: 20_000 });
      await shot('activity');
    });
