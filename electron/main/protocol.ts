/**
 * The `taxiway://app` protocol (Electron checklist #18): serves the built renderer from one
 * folder and nothing else, with the CSP header on every response (#7).
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../app/app-url';
import { resolveAppFile } from '../app/app-files';
import { SECURITY_HEADERS } from '../app/csp';

/** Must run before `app.ready`: makes `taxiway:` a standard, secure scheme with fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves `root` (out/renderer) at `taxiway://app/`. Anything else is a 404. */
export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const resolved = await resolveAppFile(root, url.pathname);
    if (!resolved.ok) return notFound(resolved.status);
    const body = await readFile(resolved.file);
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': resolved.contentType },
    });
  });
}

function notFound(status: number = 404): Response {
  return new Response('Not found', {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
