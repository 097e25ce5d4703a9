/**
 * The window's address is the view: which connection, API root, collection and object are open,
 * the filters and the sort live in the hash (`#view=browse&c=…&col=…&type=indicator,malware`) so a
 * view can be bookmarked, reloaded or reopened. The hash is a plain query string, which is also
 * the form web mode's token arrives in (`#token=…`), so the two never trip over each other.
 */

/** The top-level views. */
export const VIEWS = ['browse', 'publish', 'check', 'compare', 'connections'] as const;
/** One top-level view. */
export type View = (typeof VIEWS)[number];

import {
  isObjectColumn,
  OBJECT_COLUMNS,
  type ObjectColumn,
} from '../../../shared/contract/columns';

/** Columns of the objects table. */
export const COLUMNS = OBJECT_COLUMNS;
/** One column of the objects table. */
export type ColumnKey = ObjectColumn;

/** A sort order; absent means the server's order (date added, oldest first). */
export interface SortOrder {
  column: ColumnKey;
  dir: 'asc' | 'desc';
}

/** The filters a person set, as they appear in the address. */
export interface RouteFilters {
  types: string[];
  ids: string[];
  addedAfter?: string;
  specVersions: string[];
  /** `first`, `last`, `all` or version timestamps; empty = the server's default (`last`). */
  versions: string[];
}

/** A picture shown instead of the objects table. */
export const PICTURES = ['matrix', 'graph', 'activity'] as const;
/** One picture. */
export type Picture = (typeof PICTURES)[number];

/** Everything the address says. */
export interface Route {
  view: View;
  connectionId?: string;
  apiRoot?: string;
  collectionId?: string;
  objectId?: string;
  filters: RouteFilters;
  sort?: SortOrder;
  /** The objects table's columns, in display order; absent: the default set. */
  columns?: ColumnKey[];
  /** The saved view open (its id in the connection's profile). */
  savedView?: string;
  /** The objects table shows only objects added since the last visit. */
  onlyNew?: boolean;
  /** The activity panel is open. */
  activity: boolean;
  /** The part of the connection form to open at (`auth`: its authentication). */
  section?: 'auth';
  /** A picture shown instead of the table, and the graph's centre. */
  show?: Picture;
  graphOf?: string;
}

/** The route of an empty address. */
export const EMPTY_ROUTE: Route = {
  view: 'browse',
  filters: { types: [], ids: [], specVersions: [], versions: [] },
  activity: false,
};

const list = (v: string | null): string[] =>
  v === null
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** Reads a route from a hash (with or without the leading `#`); unknown keys are ignored. */
export function parseRoute(hash: string): Route {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const str = (key: string): string | undefined => {
    const v = p.get(key);
    return v === null || v === '' ? undefined : v;
  };
  const viewParam = str('view');
  const view = (VIEWS as readonly string[]).includes(viewParam ?? '')
    ? (viewParam as View)
    : 'browse';
  let sort: SortOrder | undefined;
  const sortParam = str('sort');
  if (sortParam) {
    const [column, dir] = sortParam.split(':');
    if ((COLUMNS as readonly string[]).includes(column ?? '') && (dir === 'asc' || dir === 'desc'))
      sort = { column: column as ColumnKey, dir };
  }
  const route: Route = {
    view,
    filters: {
      types: list(p.get('type')),
      ids: list(p.get('id')),
      specVersions: list(p.get('spec')),
      versions: list(p.get('ver')),
    },
    activity: p.get('activity') === '1',
  };
  const c = str('c');
  const root = str('root');
  const col = str('col');
  const obj = str('obj');
  const after = str('after');
  if (c) route.connectionId = c;
  if (root) route.apiRoot = root;
  if (col) route.collectionId = col;
  if (obj) route.objectId = obj;
  if (after) route.filters.addedAfter = after;
  if (sort) route.sort = sort;
  const cols = list(p.get('cols')).filter(isObjectColumn);
  if (cols.length > 0) route.columns = [...new Set(cols)];
  const sv = str('sv');
  if (sv) route.savedView = sv;
  if (p.get('new') === '1') route.onlyNew = true;
  if (p.get('section') === 'auth') route.section = 'auth';
  const show = str('show');
  if ((PICTURES as readonly string[]).includes(show ?? '')) route.show = show as Picture;
  const at = str('at');
  if (at) route.graphOf = at;
  return route;
}

/** Writes a route as a hash body (no `#`); empty values are left out. */
export function formatRoute(route: Route): string {
  const p = new URLSearchParams();
  if (route.view !== 'browse') p.set('view', route.view);
  if (route.connectionId) p.set('c', route.connectionId);
  if (route.apiRoot) p.set('root', route.apiRoot);
  if (route.collectionId) p.set('col', route.collectionId);
  if (route.objectId) p.set('obj', route.objectId);
  const f = route.filters;
  if (f.types.length) p.set('type', f.types.join(','));
  if (f.ids.length) p.set('id', f.ids.join(','));
  if (f.addedAfter) p.set('after', f.addedAfter);
  if (f.specVersions.length) p.set('spec', f.specVersions.join(','));
  if (f.versions.length) p.set('ver', f.versions.join(','));
  if (route.sort) p.set('sort', `${route.sort.column}:${route.sort.dir}`);
  if (route.columns?.length) p.set('cols', route.columns.join(','));
  if (route.savedView) p.set('sv', route.savedView);
  if (route.onlyNew) p.set('new', '1');
  if (route.activity) p.set('activity', '1');
  if (route.section) p.set('section', route.section);
  if (route.show) p.set('show', route.show);
  if (route.graphOf) p.set('at', route.graphOf);
  return p.toString();
}

/** True when any TAXII filter is set. */
export function hasFilters(f: RouteFilters): boolean {
  return (
    f.types.length > 0 ||
    f.ids.length > 0 ||
    f.addedAfter !== undefined ||
    f.specVersions.length > 0 ||
    f.versions.length > 0
  );
}
