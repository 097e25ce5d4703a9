/**
 * The Electron main process: the thin shell. Single instance; sandbox for every renderer; the
 * `taxiway://app` protocol serving only the built renderer with the CSP; guards on every
 * webContents; the IPC bridge over the shared runtime. Everything else is plain Node in
 * electron/app and electron/services.
 */
import path from 'node:path';
import { app, session } from 'electron';
import type { AppUrlOptions } from '../app/app-url';
import { defaultCheckResults } from '../app/dispatch';
import { createRuntime } from '../app/runtime';
import { dataDir } from '../services/connections/data-dir';
import { openExternalUrl } from './external-links';
import { registerIpc } from './ipc';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { saveDialogSink } from './save-dialog';
import { guardAllWebContents, guardSession } from './web-guards';
import { createMainWindow } from './window';

// Before ready: every renderer sandboxed (checklist #4), our scheme privileged (checklist #18),
// and the data folder chosen (Chromium opens its profile there at start).
app.enableSandbox();
registerAppScheme();
// The same folder as the command line and web mode use (TAXIWAY_HOME, else the platform's).
const home = dataDir(process.env);
app.setPath('userData', home);

// Tests run several instances side by side, each with its own TAXIWAY_HOME.
const singleInstance =
  process.env.TAXIWAY_ALLOW_MULTIPLE === '1' || app.requestSingleInstanceLock();
if (!singleInstance) app.quit();

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trust: AppUrlOptions = devServerUrl ? { devServerOrigin: new URL(devServerUrl).origin } : {};
guardAllWebContents(app, trust);

const outDir = path.join(__dirname, '..');
let mainWindow: Electron.BrowserWindow | undefined;

async function start(): Promise<void> {
  guardSession(session.defaultSession, trust);
  handleAppProtocol(path.join(outDir, 'renderer'));

  const runtime = await createRuntime({
    mode: 'electron',
    version: app.getVersion(),
    home,
    ...(process.env.TAXIWAY_KEYCHAIN_SERVICE
      ? { keychainService: process.env.TAXIWAY_KEYCHAIN_SERVICE }
      : {}),
    ...(process.env.TAXIWAY_DEMO_URL ? { demoServerUrl: process.env.TAXIWAY_DEMO_URL } : {}),
    exportSink: saveDialogSink(),
    openInBrowser: openExternalUrl,
    checkResults: !app.isPackaged || defaultCheckResults(process.env),
  });
  const ipc = registerIpc(runtime, trust);

  mainWindow = await createMainWindow({
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    devTools: !app.isPackaged,
    ...(devServerUrl ? { devServerUrl } : {}),
  });
  ipc.attach(mainWindow.webContents);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  app.on('before-quit', () => void runtime.close());
}

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});
app.on('window-all-closed', () => app.quit());

if (singleInstance) {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      process.stderr.write(
        `Taxiway could not start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      app.exit(1);
    });
}
