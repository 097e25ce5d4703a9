/**
 * A new user's first load: the demo connection's first collection is open without a click, the
 * browser console stays clean (no error, no warning), no request fails or is aborted, nothing
 * answers 4xx/5xx, and the page has an icon the CSP allows.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { COLLECTIONS } from '../server/layout';
import { WorkspacePage } from '../pages/workspace-page';

/** Everything that would make a first load look broken in the browser's tools. */
function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    problems.push(
      `request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''} ${r.postData() ?? ''}`,
    );
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

test('opens the demo’s first collection on a first run, without a click', async ({
  page,
  webApp,
}) => {
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await expect(page.getByTestId('collection-header')).toContainText(COLLECTIONS.seed.title);
  await expect(ws.rows.first()).toBeVisible();
  await expect(ws.collection(COLLECTIONS.seed.title)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test('a first load logs nothing in the console and no request fails', async ({ page, webApp }) => {
  const problems = recordProblems(page);
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.url);
  await expect(ws.rows.first()).toBeVisible();
  // The icon is declared, served and allowed by the CSP (img-src 'self').
  const icon = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return null;
    const r = await fetch(link.href);
    return { status: r.status, type: r.headers.get('content-type') };
  });
  expect(icon).toEqual({ status: 200, type: 'image/png' });
  expect(problems).toEqual([]);
});

test('no call of a first load is aborted, from the launch address either', async ({
  page,
  webApp,
}) => {
  const problems = recordProblems(page);
  const ws = new WorkspacePage(page);
  await ws.open(webApp.bridge.launchUrl());
  await expect(ws.rows.first()).toBeVisible();
  expect(problems).toEqual([]);
});
