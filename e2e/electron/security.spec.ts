/**
 * The Electron security checklist, checked in the real app (Electron checklist #1–#5, #11–#14,
 * #17, #18, #20). Skipped, with a message naming ELECTRON_OVERRIDE_DIST_PATH, where there is no
 * Electron binary.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../fixtures';

test('loads the renderer from taxiway://app only', async ({ electron }) => {
  expect(electron.window.url()).toBe('taxiway://app/index.html');
});

test('exposes exactly call, cancel, onEvent and onProgress, and nothing of Node or Electron', async ({
  electron,
}) => {
  const surface = await electron.window.evaluate(() => ({
    keys: Object.keys((window as unknown as { taxiway: object }).taxiway).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    electron: typeof (window as unknown as { electron?: unknown }).electron,
  }));
  expect(surface).toEqual({
    keys: ['call', 'cancel', 'onEvent', 'onProgress'],
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
  });
});

test('answers a call from the app window', async ({ electron }) => {
  const wire = await electron.window.evaluate(() =>
    (
      window as unknown as {
        taxiway: { call(id: string, n: string, a: unknown): Promise<unknown> };
      }
    ).taxiway.call('electron-spec-0001', 'app.info', {}),
  );
  expect(wire).toMatchObject({ ok: true, value: { mode: 'electron' } });
});

test('refuses a call from a second window on a loopback origin (FORBIDDEN_SENDER)', async ({
  electron,
}) => {
  const server: Server = createServer((_req, res) =>
    res.end('<!doctype html><title>other</title>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const other = electron.app.waitForEvent('window');
    await electron.app.evaluate(async ({ app, BrowserWindow }, target) => {
      const w = new BrowserWindow({
        show: false,
        webPreferences: {
          preload: `${app.getAppPath()}/out/preload/index.cjs`,
          sandbox: true,
          contextIsolation: true,
        },
      });
      await w.loadURL(target);
    }, url);
    const page = await other;
    const wire = await page.evaluate(() =>
      (
        window as unknown as {
          taxiway: { call(id: string, n: string, a: unknown): Promise<unknown> };
        }
      ).taxiway.call('electron-spec-0002', 'app.info', {}),
    );
    expect(wire).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  } finally {
    server.close();
  }
});

test('gives an iframe in the app no bridge', async ({ electron }) => {
  const inFrame = await electron.window.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.src = 'taxiway://app/index.html';
    document.body.append(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    try {
      return typeof (frame.contentWindow as unknown as { taxiway?: unknown }).taxiway;
    } catch {
      return 'blocked';
    }
  });
  // frame-src 'none' blocks the frame outright; if it ever loaded, it must see no bridge.
  expect(['undefined', 'blocked']).toContain(inFrame);
});

test('refuses navigation away from the app, by link, by location and by redirect', async ({
  electron,
}) => {
  const server: Server = createServer((_req, res) => {
    res.writeHead(302, { Location: 'https://example.invalid/' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const redirecting = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const before = electron.window.url();
    // The main process notes each navigation the window attempts, after the app's own guard
    // (registered when the window was made) has seen and refused it.
    await electron.app.evaluate(({ BrowserWindow }) => {
      const seen: string[] = [];
      (globalThis as { taxiwayNavigations?: string[] }).taxiwayNavigations = seen;
      BrowserWindow.getAllWindows()[0]?.webContents.on('will-navigate', (event) => {
        seen.push(event.url);
      });
    });
    const attempts = () =>
      electron.app.evaluate(
        () => (globalThis as { taxiwayNavigations?: string[] }).taxiwayNavigations ?? [],
      );
    await electron.window.evaluate((target) => {
      const a = document.createElement('a');
      a.href = target;
      a.textContent = 'away';
      a.id = 'away';
      document.body.append(a);
    }, 'https://example.invalid/');
    await electron.window.click('#away');
    await electron.window.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await electron.window.evaluate((target) => {
      window.location.href = target;
    }, redirecting);
    await expect
      .poll(attempts)
      .toEqual(expect.arrayContaining(['https://example.invalid/', redirecting]));
    expect(electron.window.url()).toBe(before);
  } finally {
    server.close();
  }
});

test('denies new windows', async ({ electron }) => {
  const opened = await electron.window.evaluate(
    () => window.open('https://example.invalid/') === null,
  );
  expect(opened).toBe(true);
  const count = await electron.app.evaluate(
    ({ BrowserWindow }) => BrowserWindow.getAllWindows().length,
  );
  expect(count).toBe(1);
});

test('denies permission requests', async ({ electron }) => {
  const notification = await electron.window.evaluate(() => Notification.requestPermission());
  expect(notification).toBe('denied');
  const geo = await electron.window.evaluate(
    () =>
      new Promise<string>((resolve) =>
        navigator.geolocation.getCurrentPosition(
          () => resolve('granted'),
          (e) => resolve(e.code === e.PERMISSION_DENIED ? 'denied' : `error ${e.code}`),
        ),
      ),
  );
  expect(geo).toBe('denied');
});

test('serves nothing outside the built renderer over taxiway://', async ({ electron }) => {
  const status = await electron.window.evaluate(() =>
    fetch('taxiway://app/%2e%2e/%2e%2e/package.json').then(
      (r) => r.status,
      () => 0,
    ),
  );
  expect(status).toBe(404);
});

test('attaches no webview', async ({ electron }) => {
  const before = await electron.app.evaluate(
    ({ webContents }) => webContents.getAllWebContents().length,
  );
  // With the webview tag off, <webview> stays an unknown element: nothing can attach it later.
  const upgraded = await electron.window.evaluate(() => {
    const w = document.createElement('webview');
    w.setAttribute('src', 'https://example.invalid/');
    document.body.append(w);
    return (
      customElements.get('webview') !== undefined ||
      typeof (w as unknown as { getWebContentsId?: unknown }).getWebContentsId === 'function'
    );
  });
  expect(upgraded).toBe(false);
  const after = await electron.app.evaluate(
    ({ webContents }) => webContents.getAllWebContents().length,
  );
  expect(after).toBe(before);
});
