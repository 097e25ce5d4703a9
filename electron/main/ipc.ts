/**
 * The only ipcMain user. Every call is checked for its sender (the app origin AND the main frame
 * of a window this app opened: Electron checklist #17) before dispatch validates its arguments.
 * Each window has its own calls in flight, aborted when it reloads, navigates or closes.
 */
import { ipcMain, type WebContents } from 'electron';
import { IPC_CHANNELS } from '../../shared/api';
import type { Wire } from '../../shared/errors';
import { isTrustedFrame, type AppUrlOptions } from '../app/app-url';
import { CallRegistry } from '../app/call-registry';
import type { Runtime } from '../app/runtime';

const forbidden: Wire<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN_SENDER',
    message: 'This page may not talk to Taxiway.',
    hint: 'Only the Taxiway window itself can make calls.',
  },
};

/** Registers the IPC handlers; returns `attach`, to call for each app window's webContents. */
export function registerIpc(
  runtime: Runtime,
  opts: AppUrlOptions,
): { attach(contents: WebContents): void } {
  const windows = new Map<number, CallRegistry>();

  const trusted = (sender: WebContents, frame: Electron.WebFrameMain | null): boolean => {
    if (!windows.has(sender.id) || sender.isDestroyed()) return false;
    let info: { url: string; isMainFrame: boolean } | null = null;
    try {
      info = frame ? { url: frame.url, isMainFrame: frame === frame.top } : null;
    } catch {
      info = null; // frame already disposed
    }
    return isTrustedFrame(info, opts);
  };

  ipcMain.handle(
    IPC_CHANNELS.call,
    async (event, callId: unknown, name: unknown, args: unknown) => {
      const sender = event.sender;
      if (!trusted(sender, event.senderFrame)) return forbidden;
      const registry = windows.get(sender.id)!;
      return registry.run(
        runtime.handlers,
        callId,
        name,
        args,
        (progress) => {
          if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.progress, callId, progress);
        },
        runtime.dispatch,
      );
    },
  );

  ipcMain.on(IPC_CHANNELS.cancel, (event, callId: unknown) => {
    if (!trusted(event.sender, event.senderFrame)) return;
    windows.get(event.sender.id)?.cancel(callId);
  });

  runtime.hub.subscribe((name, payload) => {
    for (const [id] of windows) {
      const contents = webContentsById.get(id);
      if (
        contents &&
        !contents.isDestroyed() &&
        isTrustedFrame({ url: contents.getURL(), isMainFrame: true }, opts)
      ) {
        contents.send(IPC_CHANNELS.event, name, payload);
      }
    }
  });

  const webContentsById = new Map<number, WebContents>();
  return {
    attach(contents) {
      const registry = new CallRegistry();
      windows.set(contents.id, registry);
      webContentsById.set(contents.id, contents);
      contents.on('did-start-navigation', (details) => {
        // A reload or navigation of the main frame abandons the page's calls.
        if (details.isMainFrame && !details.isSameDocument) registry.cancelAll();
      });
      contents.once('destroyed', () => {
        registry.cancelAll();
        windows.delete(contents.id);
        webContentsById.delete(contents.id);
      });
    },
  };
}
