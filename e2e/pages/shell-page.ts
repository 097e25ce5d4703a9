/** Locators and actions of the minimal shell page (the workspace replaces it later). */
import type { Locator, Page } from '@playwright/test';

/** The shell page. */
export class ShellPage {
  readonly root: Locator;
  readonly appInfo: Locator;
  readonly connections: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('shell');
    this.appInfo = page.getByTestId('app-info');
    this.connections = page.getByTestId('connection-list');
    this.error = page.getByTestId('shell-error');
  }

  /** Starts recording CSP violations in the page (call before the action that should cause one). */
  async recordViolations(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as {
        __violations: Array<{ directive: string; blocked: string }>;
      };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
      });
    });
  }

  /** The CSP violations recorded so far. */
  violations(): Promise<Array<{ directive: string; blocked: string }>> {
    return this.page.evaluate(
      () =>
        (window as unknown as { __violations: Array<{ directive: string; blocked: string }> })
          .__violations,
    );
  }
}
