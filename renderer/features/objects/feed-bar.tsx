/**
 * Above the objects table: the saved view open (save the current filters, sort and columns as
 * one; rename, update, delete), and what is new since the person last marked this feed seen
 * ("3 new since Tue 14:02"), with "show only new" (the view asks `added_after` = the watermark)
 * and "mark as seen".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Args } from '../../../shared/contract';
import type { SavedView } from '../../../shared/saved-view';
import { Dialog } from '../../components/dialog';
import { formatCount, plural } from '../../components/format';
import {
  feedNewsQuery,
  markFeedSeen,
  removeSavedView,
  renameSavedView,
  saveSavedView,
  setWatch,
  watchesQuery,
} from '../../queries/feeds';
import { EMPTY_ROUTE, type Route } from '../navigation/route';
import { useRoute } from '../navigation/use-route';
import { toObjectFilters } from './filter-input';

/** A moment in the person's own words: "Tue 14:02", or a date when it is not this week. */
export function sinceText(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const days = (now.getTime() - d.getTime()) / 86_400_000;
  if (days < 6.5) return `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return `${d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${time}`;
}

/** The saved view's parts from the address. */
function viewOfRoute(route: Route): Pick<SavedView, 'filters' | 'sort' | 'columns'> {
  return {
    filters: {
      types: route.filters.types,
      ids: route.filters.ids,
      specVersions: route.filters.specVersions,
      versions: route.filters.versions,
      ...(route.filters.addedAfter && !route.onlyNew
        ? { addedAfter: route.filters.addedAfter }
        : {}),
    },
    ...(route.sort ? { sort: route.sort } : {}),
    ...(route.columns ? { columns: route.columns } : {}),
  };
}

/** The address that opens a saved view. */
export function routeOfSavedView(r: Route, connectionId: string, view: SavedView): Route {
  const { addedAfter, ...lists } = view.filters;
  return {
    ...r,
    view: 'browse',
    connectionId,
    apiRoot: view.apiRoot,
    collectionId: view.collectionId,
    objectId: undefined,
    savedView: view.id,
    onlyNew: undefined,
    filters: { ...EMPTY_ROUTE.filters, ...lists, ...(addedAfter ? { addedAfter } : {}) },
    sort: view.sort,
    columns: view.columns,
  };
}

/** The bar. */
export function FeedBar({
  connectionId,
  apiRoot,
  collectionId,
  savedViews,
}: {
  connectionId: string;
  apiRoot: string;
  collectionId: string;
  savedViews: readonly SavedView[];
}) {
  const qc = useQueryClient();
  const [route, setRoute] = useRoute();
  const saved = savedViews.find(
    (v) => v.id === route.savedView && v.collectionId === collectionId && v.apiRoot === apiRoot,
  );
  const [naming, setNaming] = useState<'new' | 'rename' | null>(null);
  const [name, setName] = useState('');
  const save = useMutation(saveSavedView(qc));
  const rename = useMutation(renameSavedView(qc));
  const remove = useMutation(removeSavedView(qc));
  const mark = useMutation(markFeedSeen(qc));
  const watch = useMutation(setWatch(qc));
  const watches = useQuery(watchesQuery());
  const watching = watches.data?.find(
    (w) =>
      w.connectionId === connectionId &&
      w.apiRoot === apiRoot &&
      w.collectionId === collectionId &&
      w.savedViewId === saved?.id,
  );

  // The feed: the saved view's own filters (or the collection's), never "only new".
  const baseFilters = saved
    ? toObjectFilters({
        ...EMPTY_ROUTE.filters,
        ...saved.filters,
      })
    : undefined;
  const ref: Args<'feeds.news'> = {
    connectionId,
    apiRoot,
    collectionId,
    ...(saved ? { savedViewId: saved.id } : {}),
    ...(baseFilters ? { filters: baseFilters } : {}),
  };
  const news = useQuery(feedNewsQuery(ref));
  const seen = news.data?.seen;

  const submitName = (): void => {
    const n = name.trim();
    if (!n) return;
    if (naming === 'rename' && saved) {
      rename.mutate({ connectionId, id: saved.id, name: n }, { onSuccess: () => setNaming(null) });
      return;
    }
    save.mutate(
      {
        connectionId,
        view: { name: n, apiRoot, collectionId, ...viewOfRoute(route) },
      },
      {
        onSuccess: (v) => {
          setNaming(null);
          setRoute((r) => ({ ...r, savedView: v.id }), { replace: true });
        },
      },
    );
  };

  const showOnlyNew = (on: boolean): void =>
    setRoute(
      (r) => {
        const filters = { ...r.filters };
        if (on && seen) filters.addedAfter = seen.dateAdded;
        else if (saved?.filters.addedAfter) filters.addedAfter = saved.filters.addedAfter;
        else delete filters.addedAfter;
        return { ...r, filters, onlyNew: on ? true : undefined, objectId: undefined };
      },
      { replace: true },
    );

  return (
    <div className="feed-bar" data-testid="feed-bar">
      {saved ? (
        <span className="saved-view-name" data-testid="saved-view-name">
          <span className="muted small">Saved view</span> <strong>{saved.name}</strong>
        </span>
      ) : null}
      <span className="news" role="status" data-testid="feed-news">
        {news.isPending
          ? 'Asking what is new…'
          : news.isError
            ? 'Could not ask what is new.'
            : seen
              ? news.data.count > 0
                ? `${news.data.capped ? `${formatCount(news.data.count)}+` : formatCount(news.data.count)} new since ${sinceText(seen.markedAt)}`
                : `Nothing new since ${sinceText(seen.markedAt)}`
              : `Not marked as seen yet (${plural(news.data.count, 'object')})`}
      </span>
      {seen && (news.data?.count ?? 0) > 0 && !route.onlyNew && (
        <button type="button" className="btn small" onClick={() => showOnlyNew(true)}>
          Show only new
        </button>
      )}
      {route.onlyNew && (
        <button type="button" className="btn small" onClick={() => showOnlyNew(false)}>
          Show everything
        </button>
      )}
      <button
        type="button"
        className="btn small"
        disabled={mark.isPending || news.isPending}
        onClick={() => mark.mutate(ref, { onSuccess: () => route.onlyNew && showOnlyNew(false) })}
      >
        Mark as seen
      </button>
      <label className="watch-toggle" title="Ask the server every 15 minutes what is new">
        <input
          type="checkbox"
          checked={watching !== undefined}
          disabled={watch.isPending}
          onChange={(e) =>
            watch.mutate({
              connectionId,
              apiRoot,
              collectionId,
              ...(saved ? { savedViewId: saved.id } : {}),
              on: e.target.checked,
            })
          }
        />
        Watch
      </label>
      {watching?.message && (
        <span className="muted small" data-testid="watch-message">
          {watching.message}
        </span>
      )}
      <span className="spacer" />
      {saved ? (
        <>
          <button
            type="button"
            className="btn small subtle"
            onClick={() => save.mutate({ connectionId, view: { ...saved, ...viewOfRoute(route) } })}
          >
            Update view
          </button>
          <button
            type="button"
            className="btn small subtle"
            onClick={() => {
              setName(saved.name);
              setNaming('rename');
            }}
          >
            Rename
          </button>
          <button
            type="button"
            className="btn small subtle"
            onClick={() =>
              remove.mutate(
                { connectionId, id: saved.id },
                { onSuccess: () => setRoute((r) => ({ ...r, savedView: undefined })) },
              )
            }
          >
            Delete view
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setName('');
            setNaming('new');
          }}
        >
          Save view…
        </button>
      )}
      <Dialog
        open={naming !== null}
        onClose={() => setNaming(null)}
        title={naming === 'rename' ? 'Rename saved view' : 'Save view'}
        testId="saved-view-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setNaming(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={!name.trim() || save.isPending || rename.isPending}
              onClick={submitName}
            >
              {naming === 'rename' ? 'Rename' : 'Save'}
            </button>
          </>
        }
      >
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submitName();
              }
            }}
          />
        </label>
        {naming === 'new' && (
          <p className="muted small">
            Keeps this collection&rsquo;s filters, sort and columns under the connection; it is
            listed under the collection in the tree.
          </p>
        )}
      </Dialog>
    </div>
  );
}
