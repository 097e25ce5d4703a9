/**
 * Web mode's token. It arrives in the URL fragment, never sent to a server or written to a log:
 * `#token=…` (the address printed in the terminal) or `#launch=…` (a one-time code the bridge
 * put on the browser's command line, traded here for the token). It is kept for this tab in
 * sessionStorage so a reload still works, and removed from the address bar at once so it does not
 * end up in screenshots or history.
 */
import { BRIDGE_PATHS } from '../../shared/api';

const KEY = 'taxiway.token';

/** The bridge token for this tab, or null when the page was opened without one. */
export async function resolveSessionToken(): Promise<string | null> {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = hash.get('token');
  const launch = hash.get('launch');
  if (token !== null || launch !== null) {
    hash.delete('token');
    hash.delete('launch');
    const rest = hash.toString();
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`,
    );
  }
  if (token) {
    sessionStorage.setItem(KEY, token);
    return token;
  }
  if (launch) {
    const res = await fetch(BRIDGE_PATHS.session, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: launch }),
    });
    if (res.ok) {
      const { token: traded } = (await res.json()) as { token?: unknown };
      if (typeof traded === 'string' && traded !== '') {
        sessionStorage.setItem(KEY, traded);
        return traded;
      }
    }
  }
  return sessionStorage.getItem(KEY);
}
