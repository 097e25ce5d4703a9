/**
 * A collection's objects: header, filters, toolbar (count and what is still arriving, the walk's
 * progress with cancel, load all, refresh, how current the rows are, find, export, curl), the
 * table, and the states around it (loading with cancel, cancelled, error with Retry, empty only
 * when the server said so). The rows live in a view in the main process; this side holds the
 * view's id and state and asks for windows of rows. The content part is keyed by the collection
 * and filters, so changing either starts fresh.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Args, Result } from '../../../shared/contract';
import { DEFAULT_COLUMNS } from '../../../shared/contract/columns';
import { filtersToQuery } from '../../../shared/taxii/filters';
import { ErrorView } from '../../components/error-view';
import { formatCount } from '../../components/format';
import { distinctNotes, QuirkNotes, type QuirkNote } from '../../components/quirk-notes';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { connectionsQuery } from '../../queries/connections';
import { isLoaded, viewCountsQuery, viewOpenQuery, type ViewQuery } from '../../queries/views';
import type { SavedView } from '../../../shared/saved-view';
import { FeedBar, routeOfSavedView } from './feed-bar';
import { CollectionHeader } from '../browse/details';
import { PicturePane, PictureSwitch } from '../pictures/picture-pane';
import { hasFilters } from '../navigation/route';
import { useRoute } from '../navigation/use-route';
import { CurlDialog } from './curl-dialog';
import { ExportDialog } from './export-dialog';
import { FilterBar } from './filter-bar';
import { ObjectsTable } from './objects-table';
import { rowRouteId, viewSortOf, type Row } from './rows';
import { ColumnChooser } from './column-chooser';
import { useCollectionView, useViewQuery } from './use-collection-view';
import { countText, DELETIONS_NOTE, freshnessText, progressText } from './view-status';

type Collection = Result<'collections.list'>['value'][number];

/** How long typing in "Find in loaded objects" settles before the service is asked. */
const FIND_SETTLE_MS = 200;
/** Type counts follow the walk at most this often (each is a pass over the view's index). */
const COUNTS_EVERY_MS = 1_000;

/** `value`, changing at most once per `ms` (the latest value always arrives). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const t = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}

const NO_SAVED_VIEWS: readonly SavedView[] = [];

/** The objects view of one collection. */
export function ObjectsView({
  connectionId,
  apiRoot,
  collection,
  collectionNotes,
}: {
  connectionId: string;
  apiRoot: string;
  collection: Collection;
  /** What the server did out of the ordinary when listing the collections. */
  collectionNotes?: readonly QuirkNote[];
}) {
  const [route, setRoute] = useRoute();
  const [readAnyway, setReadAnyway] = useState(false);
  const q = useViewQuery({ connectionId, apiRoot, collectionId: collection.id });
  const readable = collection.can_read || readAnyway;
  const view = useCollectionView(q, readable);
  const viewId = view.handle?.viewId;
  const revision = useThrottled(view.handle?.revision ?? 0, COUNTS_EVERY_MS);
  const counts = useQuery({
    ...viewCountsQuery(viewId ?? '', revision, ''),
    enabled: viewId !== undefined,
  });
  const seenTypes = useMemo(
    () => Object.keys(counts.data?.byType ?? {}).sort(),
    [counts.data?.byType],
  );
  const connections = useQuery(connectionsQuery());
  const savedViews =
    connections.data?.find((c) => c.id === connectionId)?.savedViews ?? NO_SAVED_VIEWS;
  // An address naming only a saved view (`sv=`, a bookmark) opens with the view's filters.
  const named = savedViews.find((v) => v.id === route.savedView);
  const bare =
    !hasFilters(route.filters) && route.sort === undefined && route.columns === undefined;
  useEffect(() => {
    if (named && bare) setRoute((r) => routeOfSavedView(r, connectionId, named), { replace: true });
  }, [named, bare, connectionId, setRoute]);

  return (
    <section className="objects-view" aria-label="Objects">
      <CollectionHeader collection={collection} />
      <FilterBar
        key={JSON.stringify([route.filters.ids, route.filters.addedAfter, route.filters.versions])}
        filters={route.filters}
        seenTypes={seenTypes}
        onChange={(f) =>
          setRoute((r) => ({ ...r, filters: f, objectId: undefined }), { replace: true })
        }
      />
      {readable && (
        <FeedBar
          connectionId={connectionId}
          apiRoot={apiRoot}
          collectionId={collection.id}
          savedViews={savedViews}
        />
      )}
      {!readable ? (
        <>
          <QuirkNotes notes={collectionNotes} />
          <EmptyState title="This collection cannot be read" testId="not-readable">
            <p>The server says this collection does not allow reading (can_read is false).</p>
            {collection.can_write && <p>You can still publish to it.</p>}
            <button type="button" className="btn" onClick={() => setReadAnyway(true)}>
              Try reading anyway
            </button>
          </EmptyState>
        </>
      ) : (
        <CollectionContent
          key={JSON.stringify(q)}
          q={q}
          view={view}
          collectionTitle={collection.title}
          collectionNotes={collectionNotes}
          filtered={hasFilters(route.filters)}
        />
      )}
    </section>
  );
}

function CollectionContent({
  q,
  view,
  collectionTitle,
  collectionNotes,
  filtered,
}: {
  q: ViewQuery;
  view: ReturnType<typeof useCollectionView>;
  collectionTitle: string;
  collectionNotes: readonly QuirkNote[] | undefined;
  filtered: boolean;
}) {
  const qc = useQueryClient();
  const [route, setRoute] = useRoute();
  const { open, handle, loadMore, loadAll, cancel, refresh } = view;
  const state = handle?.state;
  const viewId = handle?.viewId;
  // "Find in loaded": the service narrows the rows it serves; nothing is asked of the TAXII server.
  const [findText, setFindText] = useState('');
  const find = useThrottled(findText.trim(), FIND_SETTLE_MS);
  const findRevision = useThrottled(handle?.revision ?? 0, COUNTS_EVERY_MS);
  const found = useQuery({
    ...viewCountsQuery(viewId ?? '', findRevision, find),
    enabled: viewId !== undefined && find !== '',
  });
  const [active, setActive] = useState(0);
  // Selected rows by key, with their STIX id (what an export of the selection asks for).
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  const [exportOpen, setExportOpen] = useState(false);
  const [curl, setCurl] = useState<Args<'request.curl'> | null>(null);
  const columns = route.columns ?? DEFAULT_COLUMNS;

  const phase = state?.phase;
  const walking = phase === 'loading';
  // The manifest (dates added) is walked beside the objects and may wait (a budget, a 429) too.
  const manifestWalking =
    state !== undefined &&
    !state.manifestComplete &&
    phase !== 'cancelled' &&
    phase !== 'failed' &&
    !state.error;
  const canLoadMore = phase === 'partial' || phase === 'cancelled';
  const { mutate: more, isPending: moreBusy } = loadMore;
  const onNearEnd = useCallback(() => {
    if (viewId && phase === 'partial' && !moreBusy && find === '') more(viewId);
  }, [viewId, phase, moreBusy, find, more]);

  const cancelFirst = (): void => void qc.cancelQueries({ queryKey: viewOpenQuery(q).queryKey });
  const openAgain = (): void => void open.refetch();
  const reopen = useCallback(
    () => void qc.resetQueries({ queryKey: viewOpenQuery(q).queryKey, exact: true }),
    [qc, q],
  );

  const notes = useMemo(
    () => distinctNotes([collectionNotes, state?.notes]),
    [collectionNotes, state?.notes],
  );

  const toggleSelect = (row: Row): void =>
    setSelected((s) => {
      const next = new Map(s);
      if (next.has(row.key)) next.delete(row.key);
      else next.set(row.key, row.id);
      return next;
    });
  const selectedIds = useMemo(
    () => [...new Set([...selected.values()].filter((id) => id !== ''))],
    [selected],
  );

  const curlRequest = (): Args<'request.curl'> => {
    const query = filtersToQuery({
      ...(q.filters?.addedAfter ? { addedAfter: q.filters.addedAfter } : {}),
      ...(q.filters?.ids ? { id: q.filters.ids } : {}),
      ...(q.filters?.types ? { type: q.filters.types } : {}),
      ...(q.filters?.versions ? { version: q.filters.versions } : {}),
      ...(q.filters?.specVersions ? { specVersion: q.filters.specVersions } : {}),
    });
    const url = `${q.apiRoot}collections/${encodeURIComponent(q.collectionId)}/objects/${query ? `?${query}` : ''}`;
    return { connectionId: q.connectionId, method: 'GET', url };
  };

  const firstLoad = open.isPending;
  const cancelledFirst = open.isPending && open.fetchStatus === 'idle';
  const objects = state?.objects ?? 0;
  const freshness = state ? freshnessText(state.freshness) : undefined;

  return (
    <div className="collection-content">
      <div className="toolbar" role="toolbar" aria-label="Objects actions">
        {state && phase === 'complete' && !isLoaded(state) && (
          <span className="spinner" aria-hidden="true" data-testid="dates-pending" />
        )}
        <span className="count" role="status" aria-live="polite" data-testid="object-count">
          {state ? countText(state) : 'No objects loaded yet'}
        </span>
        {freshness && (
          <span
            className={`badge freshness ${freshness.tone}`}
            data-testid={freshness.tone === 'fresh' ? 'loaded-at' : 'cached'}
            title={freshness.title}
          >
            {freshness.text}
          </span>
        )}
        {state && walking && (
          <span className="progress-line" data-testid="load-progress">
            <span className="spinner" aria-hidden="true" />
            {progressText(state)}
          </span>
        )}
        {walking && viewId && (
          <button type="button" className="btn" onClick={() => cancel.mutate(viewId)}>
            Cancel loading
          </button>
        )}
        {canLoadMore && viewId && (
          <button
            type="button"
            className="btn"
            disabled={loadAll.isPending}
            onClick={() => loadAll.mutate(viewId)}
          >
            Load all
          </button>
        )}
        {phase === 'cancelled' && (
          <span className="muted" data-testid="stopped">
            Stopped: the rest is not loaded.
          </span>
        )}
        <button
          type="button"
          className="btn"
          aria-label="Refresh from the server"
          title={`Load everything again from the server, bypassing the page cache. ${DELETIONS_NOTE}`}
          disabled={!viewId || refresh.isPending}
          onClick={() => viewId && refresh.mutate(viewId)}
        >
          Refresh
        </button>
        <span className="spacer" />
        <PictureSwitch />
        <input
          type="search"
          className="find"
          aria-label="Find in loaded objects"
          placeholder="Find in loaded objects"
          value={findText}
          onChange={(e) => setFindText(e.target.value)}
        />
        {find && found.data && (
          <span className="muted small" data-testid="find-count">
            {formatCount(found.data.total)} shown
          </span>
        )}
        {selected.size > 0 && (
          <>
            <span className="muted">{formatCount(selected.size)} selected</span>
            <button type="button" className="btn subtle" onClick={() => setSelected(new Map())}>
              Clear selection
            </button>
          </>
        )}
        <ColumnChooser
          columns={columns}
          onChange={(cols) => setRoute((r) => ({ ...r, columns: cols }), { replace: true })}
        />
        <button type="button" className="btn" onClick={() => setExportOpen(true)}>
          Export…
        </button>
        <button type="button" className="btn" onClick={() => setCurl(curlRequest())}>
          Copy as curl
        </button>
      </div>
      <WaitNotice
        connectionIds={[q.connectionId]}
        active={open.isFetching || walking || manifestWalking}
      />
      <QuirkNotes notes={notes} />
      {firstLoad && !cancelledFirst && (
        <div className="state-box">
          <Loading label="Loading objects…" testId="objects-loading" />
          <button type="button" className="btn" onClick={cancelFirst}>
            Cancel
          </button>
        </div>
      )}
      {cancelledFirst && (
        <EmptyState title="Loading was cancelled" testId="objects-cancelled">
          <button type="button" className="btn" onClick={openAgain}>
            Load again
          </button>
        </EmptyState>
      )}
      {open.isError && (
        <ErrorView
          error={open.error}
          title="Could not load the objects"
          onRetry={openAgain}
          testId="objects-error"
        />
      )}
      {state?.error && objects === 0 && viewId && (
        <ErrorView
          error={state.error}
          title="Could not load the objects"
          onRetry={() => refresh.mutate(viewId)}
          testId="objects-error"
        />
      )}
      {state && !state.error && objects === 0 && phase === 'complete' && (
        <EmptyState
          title={
            !state.serverConfirmed
              ? 'Nothing in the page cache, and the server could not be asked'
              : filtered
                ? 'No objects match these filters'
                : 'This collection is empty'
          }
          testId={state.serverConfirmed ? 'objects-empty' : 'objects-unconfirmed'}
        >
          {!state.serverConfirmed
            ? 'Refresh asks the server again.'
            : filtered
              ? 'Change or clear the filters.'
              : 'Publish a bundle to add objects.'}
        </EmptyState>
      )}
      {viewId && handle && objects > 0 && route.show && (
        <PicturePane
          viewId={viewId}
          collection={{
            connectionId: q.connectionId,
            apiRoot: q.apiRoot,
            collectionId: q.collectionId,
          }}
          collectionTitle={collectionTitle}
        />
      )}
      {viewId && handle && objects > 0 && !route.show && (
        <ObjectsTable
          columns={columns}
          viewId={viewId}
          revision={handle.revision}
          sort={route.sort}
          onSort={(sort) => setRoute((r) => ({ ...r, sort }), { replace: true })}
          find={find}
          active={active}
          onActive={setActive}
          selected={new Set(selected.keys())}
          onToggleSelect={toggleSelect}
          onOpen={(row) =>
            setRoute((r) => ({ ...r, objectId: rowRouteId(row) }), { replace: true })
          }
          openId={route.objectId}
          onNearEnd={onNearEnd}
          onViewGone={reopen}
          busy={walking}
        />
      )}
      {state?.error && objects > 0 && viewId && (
        <ErrorView
          error={state.error}
          title="Could not load the next page"
          compact
          onRetry={() => loadMore.mutate(viewId)}
          testId="next-page-error"
        />
      )}
      <ExportDialog
        open={exportOpen}
        onClose={() => setExportOpen(false)}
        collection={{
          connectionId: q.connectionId,
          apiRoot: q.apiRoot,
          collectionId: q.collectionId,
        }}
        filters={q.filters}
        selectedIds={selectedIds}
        collectionTitle={collectionTitle}
        view={
          viewId
            ? {
                viewId,
                columns: [...columns],
                ...(find ? { find } : {}),
                ...(route.sort ? { sort: viewSortOf(route.sort) } : {}),
              }
            : undefined
        }
      />
      <CurlDialog request={curl} onClose={() => setCurl(null)} />
    </div>
  );
}
