import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';

describe('main window options', () => {
  const options = createWindowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    devTools: false,
  });
  const prefs = options.webPreferences as unknown as Record<string, unknown>;

  it('isolates the page from the preload and sandboxes the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });
  it('gives the page no Node, in any frame or worker', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
  });
  it('disables webview tags', () => {
    expect(prefs.webviewTag).toBe(false);
  });
  it('never loosens web security or turns on experimental features', () => {
    for (const key of [
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'enableRemoteModule',
      'additionalArguments',
      'safeDialogs',
    ]) {
      expect(prefs, key).not.toHaveProperty(key);
    }
  });
  it('loads only the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
  it('sets exactly the reviewed keys', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'contextIsolation',
        'devTools',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webviewTag',
      ].sort(),
    );
  });
  it('is usable at 1024x700 and opens at 1280x800', () => {
    expect(options.minWidth).toBe(1024);
    expect(options.minHeight).toBe(700);
    expect([options.width, options.height]).toEqual([1280, 800]);
  });
});
