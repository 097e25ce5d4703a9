/**
 * URL → endpoint resolution for both TAXII versions, and the per-request context handlers get.
 * Paths must end in `/` (§3.1); a path that would match without it is answered 404 with a hint.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EndpointName } from './faults';
import { ROOTS, type RootLayout } from './layout';
import type { QuirkName, QuirkOptions } from './quirks';
import type { ServerState } from './state';

/** A resolved request target. */
export interface Route {
  endpoint: EndpointName;
  /** TAXII version of the endpoint. */
  version: '2.1' | '2.0';
  root?: RootLayout;
  collectionId?: string;
  objectId?: string;
  statusId?: string;
  /** Set when the path lacked its trailing slash but would otherwise match. */
  missingSlash?: boolean;
}

/** Everything a handler may look at. */
export interface Ctx {
  method: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer;
  listener: 'main' | 'other';
  /** Origin of the main listener (absolute URLs in discovery point there). */
  origin: string;
  state: ServerState;
  pageSize: number;
  /** Origin of the second listener (redirect target, cross-origin-root quirk). */
  otherOrigin: string;
  quirks: ReadonlySet<QuirkName>;
  quirkOptions: QuirkOptions;
  /** Extra items to put on pages (oversized-page fault). */
  oversized?: number;
  route: Route;
}

const ROOT_LIST: RootLayout[] = Object.values(ROOTS);

/**
 * Resolves `pathname` (still percent-encoded) to an endpoint. `rootPrefix` is '' normally and
 * '/taxii2' when the nested-roots quirk puts API roots under the discovery path.
 */
export function resolveRoute(pathname: string, method: string, rootPrefix = ''): Route {
  const slash = pathname.endsWith('/');
  const route = resolveSlashed(slash ? pathname : `${pathname}/`, method, rootPrefix);
  if (!slash && route.endpoint !== 'unknown') return { ...route, missingSlash: true };
  return route;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function resolveSlashed(pathname: string, method: string, rootPrefix: string): Route {
  if (pathname === '/taxii2/') return { endpoint: 'discovery', version: '2.1' };
  if (pathname === '/taxii/') return { endpoint: 'discovery', version: '2.0' };
  let rest = pathname;
  let root: RootLayout | undefined;
  for (const r of ROOT_LIST) {
    const prefix = r.taxiiVersion === '2.1' ? `${rootPrefix}${r.path}` : r.path;
    if (rest.startsWith(prefix)) {
      root = r;
      rest = rest.slice(prefix.length);
      break;
    }
  }
  if (!root) return { endpoint: 'unknown', version: '2.1' };
  const version = root.taxiiVersion;
  const parts = rest === '' ? [] : rest.slice(0, -1).split('/').map(decode);
  if (parts.some((p) => p === undefined || p === '')) return { endpoint: 'unknown', version, root };
  const seg = parts as string[];
  if (seg.length === 0) return { endpoint: 'api-root', version, root };
  if (seg[0] === 'status' && seg.length === 2)
    return { endpoint: 'status', version, root, statusId: seg[1] };
  if (seg[0] !== 'collections') return { endpoint: 'unknown', version, root };
  if (seg.length === 1) return { endpoint: 'collections', version, root };
  const collectionId = seg[1];
  if (seg.length === 2) return { endpoint: 'collection', version, root, collectionId };
  if (seg.length === 3 && seg[2] === 'manifest')
    return { endpoint: 'manifest', version, root, collectionId };
  if (seg[2] !== 'objects') return { endpoint: 'unknown', version, root };
  if (seg.length === 3) {
    return { endpoint: method === 'POST' ? 'add-objects' : 'objects', version, root, collectionId };
  }
  const objectId = seg[3];
  if (seg.length === 4) {
    return {
      endpoint: method === 'DELETE' ? 'delete-object' : 'object',
      version,
      root,
      collectionId,
      objectId,
    };
  }
  if (seg.length === 5 && seg[4] === 'versions')
    return { endpoint: 'versions', version, root, collectionId, objectId };
  return { endpoint: 'unknown', version, root };
}

/** The methods each endpoint answers (others get 405). 2.0 has no DELETE. */
export function allowedMethods(route: Route): string[] {
  switch (route.endpoint) {
    case 'objects':
    case 'add-objects':
      return ['GET', 'POST'];
    case 'object':
    case 'delete-object':
      return route.version === '2.1' ? ['GET', 'DELETE'] : ['GET'];
    default:
      return ['GET'];
  }
}
