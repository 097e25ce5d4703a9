/**
 * Decisions for everything a web page can ask of Electron: navigating, being redirected,
 * opening windows, attaching webviews, and permissions (Electron checklist #5, #11–#14).
 * Pure functions so that every rule has a table test; electron/main/web-guards.ts applies
 * them to every webContents.
 */
import { APP_ORIGIN, isAppUrl, type AppUrlOptions } from './app-url';

/** What to do with a navigation or redirect. */
export type NavigationDecision = 'allow' | 'deny';

/**
 * Navigation and redirects stay inside the app (checklist #13). External links never navigate
 * the window: the UI asks the user, then calls `links.open`, which opens the system browser.
 */
export function navigationDecision(url: unknown, opts: AppUrlOptions = {}): NavigationDecision {
  return isAppUrl(url, opts) ? 'allow' : 'deny';
}

/** New windows are never opened by the page (checklist #14), whatever the URL. */
export function windowOpenDecision(_url: unknown): { action: 'deny' } {
  return { action: 'deny' };
}

/** `<webview>` is never attached (checklist #11–#12), even though `webviewTag` is already off. */
export function webviewDecision(): 'deny' {
  return 'deny';
}

/**
 * The only permission the app may use: writing sanitized text to the clipboard (copy buttons),
 * and only from the app itself. Everything else (notifications, geolocation, media, USB, HID,
 * serial, MIDI, fullscreen, pointer lock, openExternal…) is denied (checklist #5).
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** True when `permission` may be granted to a page at `requestingUrl`. */
export function permissionDecision(
  permission: unknown,
  requestingUrl: unknown,
  opts: AppUrlOptions = {},
): boolean {
  if (typeof permission !== 'string' || !ALLOWED_PERMISSIONS.has(permission)) return false;
  if (typeof requestingUrl !== 'string') return false;
  // Permission checks sometimes carry an origin (`taxiway://app`) rather than a full URL.
  const url = requestingUrl === APP_ORIGIN ? `${APP_ORIGIN}/` : requestingUrl;
  return isAppUrl(url, opts);
}
