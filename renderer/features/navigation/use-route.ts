/** The route as React state: read from the address, written back to it. */
import { useCallback, useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from './route';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
};

let cachedHash: string | undefined;
let cachedRoute: Route | undefined;

const snapshot = (): Route => {
  const hash = window.location.hash;
  if (hash !== cachedHash || !cachedRoute) {
    cachedHash = hash;
    cachedRoute = parseRoute(hash);
  }
  return cachedRoute;
};

/** Changes the address; `replace` keeps the history entry (typing in a filter, sorting). */
export function navigate(next: Route, opts: { replace?: boolean } = {}): void {
  const body = formatRoute(next);
  const url = `${window.location.pathname}${window.location.search}${body ? `#${body}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (opts.replace) window.history.replaceState(window.history.state, '', url);
  else window.history.pushState(window.history.state, '', url);
  // pushState fires no event of its own.
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route and a function that changes part of it. */
export function useRoute(): [
  Route,
  (patch: Partial<Route> | ((r: Route) => Route), opts?: { replace?: boolean }) => void,
] {
  const route = useSyncExternalStore(subscribe, snapshot);
  const update = useCallback(
    (patch: Partial<Route> | ((r: Route) => Route), opts?: { replace?: boolean }) => {
      const current = snapshot();
      navigate(typeof patch === 'function' ? patch(current) : { ...current, ...patch }, opts);
    },
    [],
  );
  return [route, update];
}
