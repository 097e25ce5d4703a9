/**
 * External links (Electron checklist #15): only http(s), only to a real host, only through one
 * guarded function, and only after the user confirmed in the UI (the renderer's job).
 */

/**
 * The normalised URL to hand to the system browser, or null when `value` is not a plain
 * http(s) URL. Refuses `javascript:`, `file:`, `smb:`, UNC paths, `ms-msdt:`, `data:`, custom
 * schemes, non-strings and URLs with user info (`https://bank.example@evil.example/` reads as
 * one host and goes to another).
 */
export function safeExternalUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 8192) return null;
  // Backslashes turn into slashes for http(s) in the URL parser; reject them so that what the
  // user saw is what opens (and UNC-like `\\host\share` never reaches the OS).
  if (trimmed.includes('\\')) return null;
  // Control characters and whitespace inside a URL are a smuggling trick, not a real link.
  if (hasControlOrSpace(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '') return null;
  return url.href;
}

/**
 * Opens `value` with `open` only when it is a safe external URL; returns the URL opened, or null
 * (and `open` is not called). `open` is `shell.openExternal` in the app, a recorder in tests.
 */
export async function openIfSafe(
  value: unknown,
  open: (url: string) => Promise<void> | void,
): Promise<string | null> {
  const url = safeExternalUrl(value);
  if (url === null) return null;
  await open(url);
  return url;
}

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
