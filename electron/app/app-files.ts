/**
 * Which file a request for the app's own pages may read. Used by the `taxiway://app` protocol
 * handler and by the web bridge: both serve the built renderer (`out/renderer`) and nothing else
 * (Electron checklist #18).
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** The outcome of resolving a request path. */
export type AppFileResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; status: 400 | 404; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a served file (unknown extensions are served as opaque bytes). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Checks a URL path (as it arrives, still percent-encoded) without touching the disk: the
 * relative file path under the root, or why it is refused. Refuses `..` and `.` segments in any
 * encoding, backslashes, NUL, absolute paths (`//etc/passwd`, `/C:/…`) and malformed escapes.
 * An empty path or a directory-like path with no extension means `index.html` (client routes).
 */
export function relativeAppPath(
  urlPath: string,
): { ok: true; rel: string } | { ok: false; status: 400 | 404; reason: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  if (decoded.includes('\\')) return { ok: false, status: 404, reason: 'backslash in path' };
  if (!decoded.startsWith('/')) return { ok: false, status: 404, reason: 'path must start with /' };
  const inner = decoded.slice(1);
  if (inner.startsWith('/')) return { ok: false, status: 404, reason: 'absolute path' };
  const segments = inner.split('/');
  if (segments.some((s) => s === '..' || s === '.'))
    return { ok: false, status: 404, reason: 'dot segment' };
  if (/^[a-zA-Z]:/.test(inner)) return { ok: false, status: 404, reason: 'drive letter' };
  const last = segments[segments.length - 1] ?? '';
  if (inner === '' || last === '' || !last.includes('.')) return { ok: true, rel: 'index.html' };
  return { ok: true, rel: segments.join('/') };
}

/**
 * Resolves a request path to a regular file inside `root`, following symlinks only when the
 * target stays inside the root as well.
 */
export async function resolveAppFile(root: string, urlPath: string): Promise<AppFileResolution> {
  const checked = relativeAppPath(urlPath);
  if (!checked.ok) return checked;
  const base = path.resolve(root);
  const candidate = path.resolve(base, checked.rel);
  if (!isInside(base, candidate)) return { ok: false, status: 404, reason: 'outside the root' };
  let realBase: string;
  let real: string;
  try {
    realBase = await realpath(base);
    real = await realpath(candidate);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!isInside(realBase, real))
    return { ok: false, status: 404, reason: 'symlink out of the root' };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  return { ok: true, file: real, contentType: contentTypeFor(real) };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
