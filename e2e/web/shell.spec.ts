/**
 * The shell in web mode: the page loads through the bridge, every response carries the CSP, the
 * token leaves the address bar, and the CSP really blocks inline script, eval and remote
 * connections (Electron checklist #1, #7).
 */
import { expect, test } from '../fixtures';
import { CONTENT_SECURITY_POLICY } from '../../electron/app/csp';
import { ShellPage } from '../pages/shell-page';

test('loads through the bridge with the CSP header on every response', async ({ page, webApp }) => {
  const responses: Array<{ url: string; csp: string | null }> = [];
  page.on('response', (r) => {
    if (r.url().startsWith(webApp.bridge.origin)) {
      responses.push({ url: r.url(), csp: r.headers()['content-security-policy'] ?? null });
    }
  });
  await new ShellPage(page, webApp.bridge.origin).open(webApp.bridge.url);
  const kinds = new Set(responses.map((r) => new URL(r.url).pathname.split('/')[1] || 'page'));
  expect(kinds).toEqual(new Set(['page', 'assets', 'api']));
  for (const r of responses) expect(r.csp, r.url).toBe(CONTENT_SECURITY_POLICY);
});

test('shows the first-run demo connection', async ({ page, webApp }) => {
  expect(webApp.demoConnectionId).not.toBeNull();
  await new ShellPage(page, webApp.bridge.origin).open(webApp.bridge.url);
  await expect(page.getByText('Taxiway demo').first()).toBeVisible();
});

test('removes the token from the address bar, and still works after a reload', async ({
  page,
  webApp,
}) => {
  const shell = new ShellPage(page, webApp.bridge.origin);
  await shell.open(webApp.bridge.url);
  expect(page.url()).not.toContain(webApp.bridge.token);
  await shell.open(page.url());
  await expect(shell.error).toHaveCount(0);
});

test('trades a one-time launch code for the token, once', async ({ page, webApp }) => {
  const launch = webApp.bridge.launchUrl();
  await new ShellPage(page, webApp.bridge.origin).open(launch);
  expect(page.url()).not.toContain('launch=');
  const second = await page.context().newPage();
  await second.goto(launch);
  await expect(new ShellPage(second, webApp.bridge.origin).error).toContainText(
    'without its access token',
  );
});

test('shows a plain error, not the app, without a token', async ({ page, webApp }) => {
  await page.goto(webApp.bridge.origin);
  await expect(new ShellPage(page, webApp.bridge.origin).error).toContainText('Taxiway web:');
});

test('blocks an injected inline script and inline event handler', async ({ page, webApp }) => {
  const shell = new ShellPage(page, webApp.bridge.origin);
  await shell.open(webApp.bridge.url);
  await shell.recordViolations();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = true;';
    document.body.append(s);
    const img = document.createElement('img');
    img.setAttribute('src', 'data:,x');
    img.setAttribute('onerror', 'window.__pwned = true');
    document.body.append(img);
  });
  await expect
    .poll(async () => (await shell.violations()).map((v) => v.directive))
    .toContain('script-src-elem');
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned),
  ).toBeUndefined();
});

test('blocks eval and new Function', async ({ page, webApp }) => {
  const shell = new ShellPage(page, webApp.bridge.origin);
  await shell.open(webApp.bridge.url);
  await shell.recordViolations();
  // Run from a page task, not inside evaluate(): DevTools-evaluated code is exempt from the CSP.
  const outcome = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) =>
        setTimeout(() => {
          const attempt = (f: () => unknown): string => {
            try {
              return String(f());
            } catch (e) {
              return (e as Error).name;
            }
          };
          resolve([attempt(() => (0, eval)('1 + 1')), attempt(() => new Function('return 2')())]);
        }, 0),
      ),
  );
  expect(outcome).toEqual(['EvalError', 'EvalError']);
  await expect
    .poll(async () => (await shell.violations()).map((v) => v.directive))
    .toContain('script-src');
});

test('blocks a fetch to a remote origin', async ({ page, webApp }) => {
  const shell = new ShellPage(page, webApp.bridge.origin);
  await shell.open(webApp.bridge.url);
  await shell.recordViolations();
  const outcome = await page.evaluate(() =>
    fetch('https://example.invalid/').then(
      () => 'fetched',
      (e: unknown) => (e as Error).name,
    ),
  );
  expect(outcome).toBe('TypeError');
  await expect
    .poll(async () => await shell.violations())
    .toContainEqual({ directive: 'connect-src', blocked: 'https://example.invalid/' });
});
