/**
 * The main window's options, as a pure object so that a Node test can pin every field
 * (Electron checklist #2–#4, #6, #8–#12). electron/main/window.ts passes it to BrowserWindow.
 */

/** The subset of Electron's `WebPreferences` Taxiway sets. Keys absent here are never set. */
export interface AppWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInSubFrames: false;
  nodeIntegrationInWorker: false;
  webviewTag: false;
  spellcheck: false;
  devTools: boolean;
}

/** The subset of `BrowserWindowConstructorOptions` Taxiway sets. */
export interface AppWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: false;
  backgroundColor: string;
  autoHideMenuBar: true;
  icon?: string;
  webPreferences: AppWebPreferences;
}

/** Options for the main window: isolated, sandboxed, no Node, no webview, no loosened web security. */
export function createWindowOptions(input: {
  preloadPath: string;
  devTools: boolean;
  icon?: string;
}): AppWindowOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Taxiway',
    show: false,
    backgroundColor: '#1b1f24',
    autoHideMenuBar: true,
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
