/**
 * Applies the pure rules of electron/app/web-rules.ts to every webContents and to the session:
 * navigation, redirects, new windows, webviews (checklist #11–#14) and permissions (#5).
 */
import type { App, Session, WebContents } from 'electron';
import type { AppUrlOptions } from '../app/app-url';
import {
  navigationDecision,
  permissionDecision,
  webviewDecision,
  windowOpenDecision,
} from '../app/web-rules';

/** Guards one webContents. */
export function guardWebContents(contents: WebContents, opts: AppUrlOptions): void {
  contents.on('will-navigate', (event) => {
    if (navigationDecision(event.url, opts) === 'deny') event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (navigationDecision(event.url, opts) === 'deny') event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (navigationDecision(event.url, opts) === 'deny') event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    if (webviewDecision() === 'deny') event.preventDefault();
  });
  contents.setWindowOpenHandler((details) => windowOpenDecision(details.url));
}

/** Guards the session's permission requests and checks. */
export function guardSession(session: Session, opts: AppUrlOptions): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl, opts));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin, opts),
  );
  // Devices are never handed to a page.
  session.setDevicePermissionHandler(() => false);
}

/** Guards every webContents the app will ever create, before any is created. */
export function guardAllWebContents(app: App, opts: AppUrlOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, opts));
}
