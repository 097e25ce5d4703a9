/**
 * The preload: exposes exactly `window.taxiway = { call, cancel, onProgress, onEvent }` through
 * contextBridge (Electron checklist #20). It validates nothing (main is the trust boundary),
 * never hands the page an IpcRendererEvent, and imports nothing but `electron` at run time so it
 * stays sandbox-safe; electron-vite bundles it as one CommonJS file.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type Bridge } from '../../shared/api';

const listen = (channel: string, fn: (...args: unknown[]) => void): (() => void) => {
  const wrapped = (_event: unknown, ...args: unknown[]): void => fn(...args);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

const bridge: Bridge = {
  call: (callId, name, args) => ipcRenderer.invoke(IPC_CHANNELS.call, callId, name, args),
  cancel: (callId) => ipcRenderer.send(IPC_CHANNELS.cancel, callId),
  onProgress: (fn) => listen(IPC_CHANNELS.progress, (id, p) => fn(id as string, p)),
  onEvent: (fn) => listen(IPC_CHANNELS.event, (name, payload) => fn(name as string, payload)),
};

contextBridge.exposeInMainWorld('taxiway', bridge);
