/**
 * The only place that calls `shell.openExternal` (Electron checklist #15; a lint rule bans it
 * elsewhere). The renderer asks the user first, then calls `links.open`.
 */
import { shell } from 'electron';
import { openIfSafe } from '../app/external-url';

/** Opens an http(s) URL in the system browser; returns the URL opened, or null when refused. */
export function openExternalUrl(value: unknown): Promise<string | null> {
  return openIfSafe(value, (url) => shell.openExternal(url, { activate: true }));
}
