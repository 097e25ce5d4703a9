/**
 * A collection's objects: header, filters, toolbar (count, load all with progress and cancel,
 * export, curl), the table, and the states around it (loading with cancel, cancelled, error with
 * Retry, empty). The content part is keyed by the collection and filters, so changing either
 * starts fresh and the old requests are cancelled.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Args, Result } from '../../../shared/contract';
import { filtersToQuery } from '../../../shared/taxii/filters';
import { ErrorView } from '../../components/error-view';
import { formatCachedAt, formatCount, formatTimestamp } from '../../components/format';
import { distinctNotes, QuirkNotes, type QuirkNote } from '../../components/quirk-notes';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import {
  cachedSince,
  manifestPagesQuery,
  objectPagesQuery,
  refreshCollectionPages,
  type PagedQuery,
} from '../../queries/objects';
import { CollectionHeader } from '../browse/details';
import { hasFilters } from '../navigation/route';
import { useRoute } from '../navigation/use-route';
import { CurlDialog } from './curl-dialog';
import { ExportDialog } from './export-dialog';
import { FilterBar } from './filter-bar';
import { toObjectFilters } from './filter-input';
import { ObjectsTable } from './objects-table';
import { findRows, sortRows, type Row } from './rows';
import { useCollectionRows } from './use-collection-rows';

type Collection = Result<'collections.list'>['value'][number];

const ignoreNearEnd = (): void => {};

/** The objects view of one collection. */
export function ObjectsView({
  connectionId,
  apiRoot,
  collection,
  collectionNotes,
  onRowsChange,
}: {
  connectionId: string;
  apiRoot: string;
  collection: Collection;
  /** What the server did out of the ordinary when listing the collections. */
  collectionNotes?: readonly QuirkNote[];
  onRowsChange: (rows: CollectionContentState) => void;
}) {
  const [route, setRoute] = useRoute();
  const [readAnyway, setReadAnyway] = useState(false);
  const filters = useMemo(() => toObjectFilters(route.filters), [route.filters]);
  const q = useMemo<PagedQuery>(
    () => ({ connectionId, apiRoot, collectionId: collection.id, ...(filters ? { filters } : {}) }),
    [connectionId, apiRoot, collection.id, filters],
  );
  const key = JSON.stringify(q);
  const [seenTypes, setSeenTypes] = useState<string[]>([]);
  const onTypes = useCallback(
    (types: string[]) => setSeenTypes((old) => (old.join() === types.join() ? old : types)),
    [],
  );

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
      {!collection.can_read && !readAnyway ? (
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
          key={key}
          q={q}
          collectionTitle={collection.title}
          collectionNotes={collectionNotes}
          filtered={hasFilters(route.filters)}
          onTypes={onTypes}
          onRowsChange={onRowsChange}
        />
      )}
    </section>
  );
}

/** What the inspect panel needs from the loaded rows. */
export interface CollectionContentState {
  rows: readonly Row[];
  byId: ReadonlyMap<string, Row[]>;
  names: ReadonlyMap<string, string>;
  addedOf: (row: Row) => string;
}

function CollectionContent({
  q,
  collectionTitle,
  collectionNotes,
  filtered,
  onTypes,
  onRowsChange,
}: {
  q: PagedQuery;
  collectionTitle: string;
  collectionNotes: readonly QuirkNote[] | undefined;
  filtered: boolean;
  onTypes: (types: string[]) => void;
  onRowsChange: (rows: CollectionContentState) => void;
}) {
  const qc = useQueryClient();
  const [route, setRoute] = useRoute();
  // Cancelling aborts the page under way, and with it the server-side walk its cursor named:
  // what was loaded stays, and going on means loading from the start again.
  const [stopped, setStopped] = useState(false);
  const { objects, manifest, rows, byId, names, addedOf } = useCollectionRows(q, {
    manifest: true,
    paused: stopped,
  });
  const sorted = useMemo(() => sortRows(rows, route.sort, addedOf), [rows, route.sort, addedOf]);
  // "Find in loaded": narrows what the table shows without asking the server again.
  const [find, setFind] = useState('');
  const shown = useMemo(() => findRows(sorted, find), [sorted, find]);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [loadingAll, setLoadingAll] = useState(false);
  const stop = useRef(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [curl, setCurl] = useState<Args<'request.curl'> | null>(null);

  useEffect(() => {
    onRowsChange({ rows, byId, names, addedOf });
  }, [rows, byId, names, addedOf, onRowsChange]);
  useEffect(() => {
    onTypes([...new Set(rows.map((r) => r.type))].sort());
  }, [rows, onTypes]);
  useEffect(
    () => () => {
      stop.current = true;
    },
    [],
  );

  const { hasNextPage, isFetching, isError, fetchNextPage } = objects;
  const onNearEnd = useCallback(() => {
    if (!loadingAll && !stopped && hasNextPage && !isFetching && !isError)
      void fetchNextPage({ cancelRefetch: false });
  }, [loadingAll, stopped, hasNextPage, isFetching, isError, fetchNextPage]);

  const cancel = (): void => {
    stop.current = true;
    if (rows.length > 0) setStopped(true);
    void qc.cancelQueries({ queryKey: objectPagesQuery(q).queryKey });
    void qc.cancelQueries({ queryKey: manifestPagesQuery(q).queryKey });
  };

  const reload = (): void => {
    setStopped(false);
    void objects.refetch();
    if (manifest.isError || manifest.data) void manifest.refetch();
  };

  // Fresh from the server: what is loaded is dropped and the page cache is bypassed (and renewed).
  const refresh = (): void => {
    stop.current = true;
    setStopped(false);
    void refreshCollectionPages(qc, q);
  };

  const objectPages = objects.data?.pages;
  const manifestPages = manifest.data?.pages;
  const cached = useMemo(() => cachedSince(objectPages), [objectPages]);
  const notes = useMemo(
    () =>
      distinctNotes([
        collectionNotes,
        ...(objectPages ?? []).map((p) => p.notes),
        ...(manifestPages ?? []).map((p) => p.notes),
      ]),
    [collectionNotes, objectPages, manifestPages],
  );

  const loadAll = async (): Promise<void> => {
    stop.current = false;
    setLoadingAll(true);
    try {
      let more = hasNextPage;
      while (more && !stop.current) {
        const r = await fetchNextPage({ cancelRefetch: false });
        if (r.isError) break;
        more = r.hasNextPage;
      }
    } finally {
      setLoadingAll(false);
    }
  };

  const toggleSelect = (row: Row): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(row.key)) next.delete(row.key);
      else next.add(row.key);
      return next;
    });

  const selectedIds = useMemo(() => {
    const ids = new Set<string>();
    for (const r of rows) if (selected.has(r.key) && r.id) ids.add(r.id);
    return [...ids];
  }, [rows, selected]);

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

  const firstLoad = objects.isPending;
  const cancelledFirst = objects.isPending && objects.fetchStatus === 'idle';
  const busyLabel = loadingAll
    ? `Loading all… ${formatCount(rows.length)} loaded`
    : objects.isFetchingNextPage
      ? 'Loading more…'
      : undefined;

  return (
    <div className="collection-content">
      <div className="toolbar" role="toolbar" aria-label="Objects actions">
        <span className="count" role="status" aria-live="polite" data-testid="object-count">
          {firstLoad
            ? 'No objects loaded yet'
            : `${formatCount(rows.length)} ${rows.length === 1 ? 'object' : 'objects'} loaded${
                objects.hasNextPage ? ', more on the server' : ''
              }`}
        </span>
        {cached && (
          <span
            className="badge cached"
            data-testid="cached"
            title={`Read from the page cache on this computer (stored ${formatTimestamp(cached)} UTC), not from the server. Refresh asks the server.`}
          >
            Cached {formatCachedAt(cached)}
          </span>
        )}
        {busyLabel && (
          <span className="progress-line" data-testid="load-progress">
            <span className="spinner" aria-hidden="true" />
            {busyLabel}
          </span>
        )}
        {(loadingAll || objects.isFetchingNextPage) && (
          <button type="button" className="btn" onClick={cancel}>
            Cancel loading
          </button>
        )}
        {!loadingAll && !stopped && objects.hasNextPage && (
          <button
            type="button"
            className="btn"
            onClick={() => void loadAll()}
            disabled={objects.isError}
          >
            Load all
          </button>
        )}
        {stopped && !objects.isFetching && (
          <>
            <span className="muted" data-testid="stopped">
              Stopped: the rest is not loaded.
            </span>
            <button type="button" className="btn" onClick={reload}>
              Reload from the start
            </button>
          </>
        )}
        <button
          type="button"
          className="btn"
          aria-label="Refresh from the server"
          title="Load again from the server, bypassing the page cache"
          disabled={objects.isFetching && !objects.isFetchingNextPage && !loadingAll}
          onClick={refresh}
        >
          Refresh
        </button>
        <span className="spacer" />
        <input
          type="search"
          className="find"
          aria-label="Find in loaded objects"
          placeholder="Find in loaded objects"
          value={find}
          onChange={(e) => setFind(e.target.value)}
        />
        {find && (
          <span className="muted small" data-testid="find-count">
            {formatCount(shown.length)} shown
          </span>
        )}
        {selected.size > 0 && (
          <>
            <span className="muted">{formatCount(selected.size)} selected</span>
            <button type="button" className="btn subtle" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </>
        )}
        <button type="button" className="btn" onClick={() => setExportOpen(true)}>
          Export…
        </button>
        <button type="button" className="btn" onClick={() => setCurl(curlRequest())}>
          Copy as curl
        </button>
      </div>
      <WaitNotice
        connectionIds={[q.connectionId]}
        active={objects.isFetching || manifest.isFetching}
      />
      <QuirkNotes notes={notes} />
      {manifest.isError && (
        <p className="notice small" data-testid="manifest-warning">
          Dates added are not shown: the manifest could not be read ({manifest.error.message}).
        </p>
      )}
      {firstLoad && !cancelledFirst && (
        <div className="state-box">
          <Loading label="Loading objects…" testId="objects-loading" />
          <button type="button" className="btn" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {cancelledFirst && (
        <EmptyState title="Loading was cancelled" testId="objects-cancelled">
          <button type="button" className="btn" onClick={reload}>
            Load again
          </button>
        </EmptyState>
      )}
      {objects.isError && rows.length === 0 && (
        <ErrorView
          error={objects.error}
          title="Could not load the objects"
          onRetry={reload}
          testId="objects-error"
        />
      )}
      {objects.isSuccess && rows.length === 0 && (
        <EmptyState
          title={filtered ? 'No objects match these filters' : 'This collection is empty'}
          testId="objects-empty"
        >
          {filtered ? 'Change or clear the filters.' : 'Publish a bundle to add objects.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <ObjectsTable
          rows={shown}
          addedOf={addedOf}
          sort={route.sort}
          onSort={(sort) => setRoute((r) => ({ ...r, sort }), { replace: true })}
          active={active}
          onActive={setActive}
          selected={selected}
          onToggleSelect={toggleSelect}
          onOpen={(row) =>
            setRoute((r) => ({ ...r, objectId: row.id || `#${row.index}` }), { replace: true })
          }
          openId={route.objectId}
          onNearEnd={find ? ignoreNearEnd : onNearEnd}
          {...(busyLabel ? { busyLabel } : {})}
        />
      )}
      {objects.isError && rows.length > 0 && (
        <ErrorView
          error={objects.error}
          title="Could not load the next page"
          compact
          onRetry={reload}
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
      />
      <CurlDialog request={curl} onClose={() => setCurl(null)} />
    </div>
  );
}
