/**
 * Locators and actions of the analyst's workspace (issue 7): the tree, the objects table and its
 * filters, the inspect panel, publishing, connections and activity. Specs speak in these terms,
 * never in CSS selectors.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The workspace page. */
export class WorkspacePage {
  readonly tree: Locator;
  readonly grid: Locator;
  readonly rows: Locator;
  readonly objectCount: Locator;
  readonly inspect: Locator;
  readonly filters: Locator;
  readonly activity: Locator;
  readonly appInfo: Locator;

  constructor(readonly page: Page) {
    this.tree = page.getByRole('tree', { name: 'Connections' });
    this.grid = page.getByRole('grid', { name: 'Objects' });
    this.rows = page.getByTestId('object-row');
    this.objectCount = page.getByTestId('object-count');
    this.inspect = page.getByTestId('inspect');
    this.filters = page.getByTestId('filter-bar');
    this.activity = page.getByTestId('activity');
    this.appInfo = page.getByTestId('app-info');
  }

  /** Opens the app (the bridge URL carries the token) and waits for it to be up. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.appInfo).toBeVisible();
  }

  /** The tree item of a connection. */
  connection(name: string): Locator {
    return this.tree.getByRole('treeitem', { name: `Connection ${name}`, exact: true });
  }

  /** The tree item of an API root (by its title). */
  root(title: string): Locator {
    return this.tree.getByRole('treeitem', { name: `API root ${title}`, exact: true });
  }

  /** The tree item of a collection (by its title). */
  collection(title: string): Locator {
    return this.tree.getByRole('treeitem', { name: `Collection ${title}`, exact: true });
  }

  /** The items under an expanded tree item (the group it owns through aria-owns). */
  async childrenOf(item: Locator): Promise<Locator> {
    const id = await item.getAttribute('aria-owns');
    expect(id, 'an expanded tree item owns its group').toBeTruthy();
    return this.tree.locator(`[id="${id}"]`);
  }

  /** Clicks through the tree to a collection. */
  async openCollection(connection: string, root: string, collection: string): Promise<void> {
    await this.expand(this.connection(connection));
    await this.expand(this.root(root));
    await this.collection(collection).locator('.tree-row').first().click();
  }

  /** Expands a tree item when it is collapsed. */
  async expand(item: Locator): Promise<void> {
    await expect(item).toBeVisible();
    if ((await item.getAttribute('aria-expanded')) !== 'true')
      await item.locator('.tree-row').first().click();
    await expect(item).toHaveAttribute('aria-expanded', 'true');
  }

  /** A table row by text it shows (name, id…). */
  row(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text });
  }

  /** Sets the type filter to exactly `types`. */
  async filterTypes(types: string[]): Promise<void> {
    const dropdown = this.page.getByTestId('type-filter');
    await dropdown.locator('summary').click();
    const group = dropdown.getByRole('group', { name: 'Object types' });
    for (const box of await group.getByRole('checkbox', { checked: true }).all())
      await box.uncheck();
    for (const t of types) await group.getByRole('checkbox', { name: t, exact: true }).check();
    await dropdown.locator('summary').click();
  }

  /** Fills a text filter and applies the filters. */
  async filterText(label: 'Object id' | 'Added after (UTC)', value: string): Promise<void> {
    await this.filters.getByRole('textbox', { name: label }).fill(value);
    await this.filters.getByRole('button', { name: 'Apply' }).click();
  }

  /** The inspect panel's tab. */
  tab(name: string): Locator {
    return this.inspect.getByRole('tab', { name });
  }

  /** Goes to a top-level view. */
  async view(
    name: 'Browse' | 'Publish' | 'Check server' | 'Compare' | 'Connections',
  ): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name })
      .click();
  }

  /** Records CSP violations from now on. */
  async recordViolations(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
  }

  /** The CSP violations recorded so far. */
  violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  /** Saves a screenshot of the page to docs/screenshots/<name>.png. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `docs/screenshots/${name}.png` });
  }
}
