/**
 * No keychain (issue 5): web mode started as its own process with D-Bus pointing nowhere, as on a
 * Linux desktop without a Secret Service. The Connections view says so plainly, with how to fix
 * it; a password cannot be saved until the person chooses "Keep secrets for this session only";
 * then it is kept in memory (the connection test uses it), the view says it will be forgotten
 * when the app closes, and nothing of it reaches the data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../electron/web/main';
import { expect, test } from '../fixtures';
import { DEMO_CREDENTIALS } from '../server/index';
import { WorkspacePage } from '../pages/workspace-page';

interface WebProcess {
  url: string;
  home: string;
  child: ChildProcess;
}

/** Starts `npm run web` (built renderer, no demo server) with `env` added; resolves with its URL. */
async function startWebProcess(env: Record<string, string>): Promise<WebProcess> {
  const home = await mkdtemp(path.join(tmpdir(), 'taxiway-nokeychain-'));
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/web.ts',
      '--no-build',
      '--no-demo',
      '--no-open',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TAXIWAY_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Taxiway web: (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited (${code}):\n${output}`));
    });
  });
  return { url, home, child };
}

async function stopWebProcess(web: WebProcess): Promise<void> {
  if (web.child.exitCode === null) {
    const exited = new Promise((resolve) => web.child.once('exit', resolve));
    web.child.kill('SIGTERM');
    await exited;
  }
  await rm(web.home, { recursive: true, force: true });
}

/** Every file under `dir`, as text. */
async function allText(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

test('explains a missing keychain and keeps secrets for this session only when asked', async ({
  page,
  taxiiServer,
}) => {
  const web = await startWebProcess({
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(tmpdir(), `no-bus-${randomUUID()}`)}`,
    TAXIWAY_KEYCHAIN_SERVICE: `Taxiway-test-${randomUUID()}`,
  });
  try {
    const ws = new WorkspacePage(page);
    await ws.open(web.url);
    await expect(ws.appInfo).toContainText('keychain unavailable');
    await ws.view('Connections');
    const notice = page.getByTestId('keychain-notice');
    await expect(notice).toContainText('The system keychain is not available');
    await expect(notice).toContainText('Secret Service');
    await expect(notice).toContainText(/gnome-keyring|GNOME Keyring/);
    await expect(notice).toContainText('KWallet');

    // A password cannot be saved yet: there is nowhere to keep it.
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByTestId('connection-form');
    await form.getByLabel('Name', { exact: true }).fill('Secure demo');
    await form.getByRole('textbox', { name: 'Discovery URL' }).fill(taxiiServer.discoveryUrl);
    await form.getByLabel('Method').selectOption('basic');
    await form.getByLabel('User name').fill(DEMO_CREDENTIALS.basic.username);
    await form.getByLabel(/^Password/).fill(DEMO_CREDENTIALS.basic.password);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByRole('alert').first()).toContainText(/keychain/i);

    // Session-only secrets: said plainly, and the same save now works.
    await notice.getByRole('button', { name: 'Keep secrets for this session only' }).click();
    await expect(notice).toContainText('forgotten when Taxiway closes');
    await expect(
      notice.getByRole('button', { name: 'Keep secrets for this session only' }),
    ).toHaveCount(0);
    await expect(ws.appInfo).toContainText('secrets kept for this session only');
    await form.getByLabel(/^Password/).fill(DEMO_CREDENTIALS.basic.password);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByTestId('saved')).toContainText('Saved “Secure demo”');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-result')).toContainText('The connection works');

    // Memory only: the data folder holds the profile, never the password.
    const files = await allText(web.home);
    expect(files).toContain('Secure demo');
    expect(files).not.toContain(DEMO_CREDENTIALS.basic.password);
  } finally {
    await stopWebProcess(web);
  }
});
