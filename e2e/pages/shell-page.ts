/**
 * The app page as the shell specs see it: loaded, its first contract call answered, and a place
 * to record CSP violations. Independent of the workspace's own screens (e2e/pages has those).
 */
import type { Locator, Page } from '@playwright/test';

/** A CSP violation seen by the page. */
export interface Violation {
  directive: string;
  blocked: string;
}

/** The app page. */
export class ShellPage {
  readonly error: Locator;

  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {
    this.error = page.getByTestId('shell-error');
  }

  /** Opens `url` and waits until the app has answered its first contract call through the bridge. */
  async open(url: string): Promise<void> {
    const answered = this.page.waitForResponse(
      (r) => r.url().startsWith(`${this.origin}/api/call/`) && r.status() === 200,
    );
    await this.page.goto(url);
    await answered;
  }

  /** Starts recording CSP violations in the page (call before the action that should cause one). */
  async recordViolations(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __violations: Violation[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
      });
    });
  }

  /** The CSP violations recorded so far. */
  violations(): Promise<Violation[]> {
    return this.page.evaluate(
      () => (window as unknown as { __violations: Violation[] }).__violations,
    );
  }
}
