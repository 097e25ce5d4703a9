/** The main window: options from the pure, unit-tested createWindowOptions(). */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from '../app/app-url';
import { createWindowOptions } from '../app/window-options';

/** Opens the main window on `taxiway://app/index.html` (or the dev server in development). */
export async function createMainWindow(input: {
  preloadPath: string;
  devTools: boolean;
  icon?: string;
  devServerUrl?: string;
}): Promise<BrowserWindow> {
  const win = new BrowserWindow(createWindowOptions(input));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(input.devServerUrl ?? APP_ENTRY_URL);
  return win;
}
