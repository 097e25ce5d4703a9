/**
 * What counts as the app itself. The renderer is served only from `taxiway://app/` (Electron
 * checklist #18: a custom protocol, not file://); every trust decision starts here.
 */

/** The app protocol's scheme, without the colon. */
export const APP_SCHEME = 'taxiway';
/** The app protocol's only host. */
export const APP_HOST = 'app';
/** The app's origin as Chromium reports it for a standard, secure scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Options for the trust predicates. */
export interface AppUrlOptions {
  /**
   * The renderer dev server's origin (`http://localhost:5173`), trusted only in development.
   * Leave undefined in packaged and test builds.
   */
  devServerOrigin?: string;
}

/**
 * True only for a parsed URL on the app origin: exact scheme and host, no port, no user info.
 * Look-alikes (`taxiway://app.evil/`, `taxiway://evil@app/`, strings that merely start with
 * the origin) are refused because the decision is made on the parsed parts, never by prefix.
 */
export function isAppUrl(value: unknown, opts: AppUrlOptions = {}): boolean {
  const url = parse(value);
  if (!url) return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === `${APP_SCHEME}:`) {
    return url.host === APP_HOST && url.port === '';
  }
  if (opts.devServerOrigin !== undefined) {
    const dev = parse(opts.devServerOrigin);
    return (
      dev !== null &&
      (dev.protocol === 'http:' || dev.protocol === 'https:') &&
      url.origin === dev.origin
    );
  }
  return false;
}

/** A sender as Electron describes it (`event.senderFrame`), or null when the frame is gone. */
export interface SenderFrame {
  url: string;
  /** True when the frame is its window's top frame (`frame === frame.top`). */
  isMainFrame: boolean;
}

/**
 * True only for the app's own main frame (Electron checklist #17): the app origin AND the top
 * frame. A sub-frame on the app origin is refused as well: nothing the app loads needs IPC.
 */
export function isTrustedFrame(
  frame: SenderFrame | null | undefined,
  opts: AppUrlOptions = {},
): boolean {
  if (!frame || frame.isMainFrame !== true) return false;
  return isAppUrl(frame.url, opts);
}

function parse(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
