/**
 * Collection views: the main process holds a collection's rows (a compact index, the sort, find
 * and counts); the renderer opens a view and asks for windows of rows of the current ordering,
 * keyed by `(viewId, revision, offset, sort, find)`, so a scroll costs one small call and a new
 * page of the walk bumps the revision instead of re-indexing anything here.
 */
import {
  keepPreviousData,
  mutationOptions,
  queryOptions,
  type QueryClient,
} from '@tanstack/react-query';
import type { Args, Result } from '../../shared/contract';
import { call, transport } from './transport';

/** What `views.open` is given: the collection and its filters. */
export type ViewQuery = Omit<Args<'views.open'>, 'refresh' | 'loadAll'>;
/** A view's id, revision and state. */
export type ViewHandle = Result<'views.state'>;
/** Where a view stands (phase, counts, freshness). */
export type ViewState = ViewHandle['state'];
/** One row of a window. */
export type ViewRow = Result<'views.window'>['rows'][number];
/** A window's sort. */
export type ViewSort = NonNullable<Args<'views.window'>['sort']>;

/** Rows per window call: two windows cover a screenful and its overscan. */
export const WINDOW_ROWS = 50;

/**
 * Opens (or joins) the view of a collection with its filters. Dropped from the cache as soon as
 * nothing observes it; the objects view also releases the view in the main process. The answer
 * brings the first window of rows, stored where the table looks for it: the first rows paint
 * without a second round trip.
 */
export const viewOpenQuery = (q: ViewQuery) =>
  queryOptions({
    queryKey: ['views.open', q] as const,
    queryFn: async ({ signal, client }): Promise<ViewHandle> => {
      const { window, ...handle } = await call(
        'views.open',
        { ...q, window: { count: WINDOW_ROWS } },
        { signal },
      );
      if (window) {
        const first = {
          viewId: handle.viewId,
          revision: window.revision,
          offset: 0,
          count: WINDOW_ROWS,
          sort: undefined,
          find: '',
        };
        client.setQueryData(viewWindowQuery(first).queryKey, window);
      }
      return handle;
    },
    staleTime: Infinity,
    gcTime: 0,
  });

/**
 * A view's latest handle: seeded from `views.open`, replaced by progress events and action
 * results (`acceptHandle`), and asked for by `views.state` while a walk runs, in case an event
 * was missed.
 */
export const viewStateQuery = (viewId: string) =>
  queryOptions({
    queryKey: ['views.state', viewId] as const,
    queryFn: async ({ signal, client, queryKey }) => {
      const handle = await call('views.state', { viewId }, { signal });
      // An event made after this answer may have arrived first: keep the later made.
      const held = client.getQueryData<ViewHandle>(queryKey);
      return held && held.seq > handle.seq ? held : handle;
    },
    staleTime: Infinity,
    gcTime: 0,
  });

/**
 * Stores `handle` as its view's latest unless it was made before the one held (a call's answer
 * arriving after a later progress event, or a late event after a refresh or a cancel's answer).
 */
export function acceptHandle(qc: QueryClient, handle: ViewHandle): void {
  qc.setQueryData<ViewHandle>(viewStateQuery(handle.viewId).queryKey, (old) =>
    old && old.seq > handle.seq ? old : handle,
  );
}

/** One window of the current ordering: `count` rows from `offset`, for one revision. */
export const viewWindowQuery = (w: {
  viewId: string;
  revision: number;
  offset: number;
  count: number;
  sort: ViewSort | undefined;
  find: string;
}) =>
  queryOptions({
    queryKey: ['views.window', w] as const,
    queryFn: ({ signal }) =>
      call(
        'views.window',
        {
          viewId: w.viewId,
          offset: w.offset,
          count: w.count,
          ...(w.sort ? { sort: w.sort } : {}),
          ...(w.find ? { find: w.find } : {}),
        },
        { signal },
      ),
    staleTime: Infinity,
    // A window of an older revision only stands in while the new one arrives.
    gcTime: 5_000,
  });

/** Rows by type, and their total, among the loaded rows matching `find`. */
export const viewCountsQuery = (viewId: string, revision: number, find: string) =>
  queryOptions({
    queryKey: ['views.counts', { viewId, revision, find }] as const,
    queryFn: ({ signal }) =>
      call('views.counts', { viewId, ...(find ? { find } : {}) }, { signal }),
    staleTime: Infinity,
    gcTime: 5_000,
    placeholderData: keepPreviousData,
  });

/** One object of a view by id and version (absent: the latest loaded), from the view's store. */
export const viewObjectQuery = (viewId: string, id: string, version?: string) =>
  queryOptions({
    queryKey: ['views.object', { viewId, id, version }] as const,
    queryFn: ({ signal }) =>
      call('views.object', { viewId, id, ...(version ? { version } : {}) }, { signal }),
    staleTime: Infinity,
  });

/** A control of the walk: about one more page, to the end, stop, or refetch everything. */
export type ViewActionName =
  'views.load-more' | 'views.load-all' | 'views.cancel' | 'views.refresh';

/** Runs a walk control and stores its answer as the view's latest handle. */
export async function runViewAction(
  qc: QueryClient,
  name: ViewActionName,
  viewId: string,
): Promise<ViewHandle> {
  const handle = await call(name, { viewId });
  acceptHandle(qc, handle);
  return handle;
}

/** A walk control as a mutation. */
export const viewAction = (qc: QueryClient, name: ViewActionName) =>
  mutationOptions({
    mutationKey: [name],
    mutationFn: (viewId: string) => runViewAction(qc, name, viewId),
  });

/** The ids of the open views of a collection (any filters). */
export function openViewsOf(
  qc: QueryClient,
  ref: { connectionId: string; apiRoot: string; collectionId: string },
): string[] {
  const ids: string[] = [];
  for (const query of qc.getQueryCache().findAll({ queryKey: ['views.open'] })) {
    const q = query.queryKey[1] as Partial<ViewQuery> | undefined;
    const handle = query.state.data as ViewHandle | undefined;
    if (
      handle &&
      q?.connectionId === ref.connectionId &&
      q.apiRoot === ref.apiRoot &&
      q.collectionId === ref.collectionId
    )
      ids.push(handle.viewId);
  }
  return ids;
}

/** Listens for progress of `viewId`, storing each as the view's latest; returns the unsubscribe. */
export function followView(qc: QueryClient, viewId: string): () => void {
  return transport().subscribe('view.progressed', (handle) => {
    if (handle.viewId === viewId) acceptHandle(qc, handle);
  });
}

/** Views held by mounted objects views, and the pending closes of released ones. */
const holders = new Map<string, number>();
const closing = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Holds `viewId` open; the returned release closes it in the main process once nothing has held
 * it for a moment (a remount, as React's strict mode does, keeps it).
 */
export function holdView(viewId: string): () => void {
  clearTimeout(closing.get(viewId));
  closing.delete(viewId);
  holders.set(viewId, (holders.get(viewId) ?? 0) + 1);
  return () => {
    const left = (holders.get(viewId) ?? 1) - 1;
    if (left > 0) {
      holders.set(viewId, left);
      return;
    }
    holders.delete(viewId);
    closing.set(
      viewId,
      setTimeout(() => {
        closing.delete(viewId);
        call('views.close', { viewId }).catch(() => {
          // Closed already, or the page is going away: nothing is left to free.
        });
      }, 1_000),
    );
  };
}

/** True when a view has everything: every object page and every date added. */
export function isLoaded(state: ViewState): boolean {
  return state.phase === 'complete' && state.manifestComplete && state.datesPending === 0;
}
