/**
 * Locators and actions of the "Check server" and "Compare collections" views (issue 8). Specs
 * speak in these terms, never in CSS selectors.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

/** The Check server view. */
export class CheckPage {
  readonly view: Locator;
  readonly form: Locator;
  readonly verdict: Locator;
  readonly lines: Locator;
  readonly findings: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('check-view');
    this.form = page.getByRole('form', { name: 'What to check' });
    this.verdict = page.getByTestId('check-verdict');
    this.lines = page.getByTestId('check-line');
    this.findings = page.getByTestId('check-findings');
  }

  /** Chooses the connection (and optionally a writable collection) and runs the check. */
  async run(connection: string, writeCollection?: string): Promise<void> {
    await this.form.getByLabel('Connection').selectOption({ label: connection });
    if (writeCollection) {
      const select = this.form.getByLabel('Writable collection (optional)');
      await expect(select).toBeEnabled();
      await select.selectOption({ label: writeCollection });
    }
    await this.form.getByRole('button', { name: /Run (check|again)/ }).click();
  }

  /** Exports the report and returns the downloaded file's name and text. */
  async export(format: 'Markdown' | 'JSON'): Promise<{ name: string; text: string }> {
    const download = this.page.waitForEvent('download');
    await this.view.getByRole('button', { name: `Export ${format}` }).click();
    const d = await download;
    const file = await d.path();
    return { name: d.suggestedFilename(), text: await readFile(file, 'utf8') };
  }
}

/** The Compare collections view. */
export class ComparePage {
  readonly view: Locator;
  readonly result: Locator;
  readonly rows: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('compare-view');
    this.result = page.getByTestId('compare-result');
    this.rows = page.getByTestId('diff-row');
    this.count = page.getByTestId('diff-count');
  }

  /** Picks one side: connection, API root (by URL) and collection (by title). */
  async pick(side: 'A' | 'B', connection: string, apiRoot: string, collection: string) {
    await this.view.getByLabel(`Connection ${side}`).selectOption({ label: connection });
    const root = this.view.getByLabel(`API root ${side}`);
    await expect(root).toBeEnabled();
    await root.selectOption(apiRoot);
    const col = this.view.getByLabel(`Collection ${side}`, { exact: true });
    await expect(col).toBeEnabled();
    await col.selectOption({ label: collection });
  }

  /** The count tile of one total ("only-in-a", "newer-in-b", "same"…). */
  total(key: string): Locator {
    return this.page.getByTestId(`total-${key}`).locator('dd');
  }
}
