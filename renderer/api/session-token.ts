/**
 * Web mode's token: it arrives in the URL fragment (`#token=…`, never sent to a server or
 * written to a log), is kept for this tab in sessionStorage so a reload still works, and is
 * removed from the address bar at once so it does not end up in screenshots or history.
 */
const KEY = 'taxiway.token';

/** The bridge token for this tab, or null when the page was opened without one. */
export function takeSessionToken(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromUrl = hash.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    hash.delete('token');
    const rest = hash.toString();
    const clean = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`;
    window.history.replaceState(window.history.state, '', clean);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}
