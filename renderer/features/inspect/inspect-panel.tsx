/**
 * The inspect panel: one object's summary, raw JSON (highlighted, copyable), manifest entry,
 * relations and versions. The object comes from the collection's open view when it is loaded
 * there (no request to the server), otherwise from the server (an address reopened before its
 * page was loaded).
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Args } from '../../../shared/contract';
import { CopyButton } from '../../components/copy-button';
import { ErrorView } from '../../components/error-view';
import { JsonView } from '../../components/json-view';
import { EmptyState, Loading } from '../../components/states';
import { Tabs } from '../../components/tabs';
import { objectHistoryQuery, type CollectionRef } from '../../queries/objects';
import { CurlDialog } from '../objects/curl-dialog';
import { objectLabel } from '../objects/object-label';
import { useOpenView } from '../objects/use-collection-view';
import { timestampSortKey } from '../objects/rows';
import { useViewObject, useViewObjects } from '../objects/use-view-objects';
import { useWholeCollection } from '../pictures/use-scope';
import { useRoute } from '../navigation/use-route';
import { DeleteDialog } from './delete-dialog';
import { ManifestView } from './manifest-view';
import { outgoingReferences } from './references';
import { attackIdOf } from './attack-id';
import { RelationsView } from './relations-view';
import { ObjectSummary, type RefResolver } from './summary';
import { asMarkingObject, useScopeNames, useScopeReferrers } from './use-scope-names';
import { VersionsView } from './versions-view';

type Json = Readonly<Record<string, unknown>>;
type TabKey = 'summary' | 'json' | 'relations' | 'versions' | 'manifest';

const latest = (objects: readonly Json[]): Json | undefined => {
  let best: Json | undefined;
  let bestKey = '';
  for (const o of objects) {
    const v =
      typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';
    const k = timestampSortKey(v);
    if (!best || k > bestKey) {
      best = o;
      bestKey = k;
    }
  }
  return best;
};

/** The panel for `objectId` in `collection`. */
export function InspectPanel({
  collection,
  objectId,
  canWrite,
  onOpen,
  onClose,
  onDeleted,
}: {
  collection: CollectionRef;
  objectId: string;
  canWrite: boolean;
  onOpen: (id: string) => void;
  onClose: () => void;
  onDeleted: (message: string) => void;
}) {
  const [tab, setTab] = useState<TabKey>('summary');
  const [, setRoute] = useRoute();
  const [deleting, setDeleting] = useState(false);
  const [curl, setCurl] = useState<Args<'request.curl'> | null>(null);
  // Content without a STIX id (non-STIX items) is opened by its position: `#<index>`.
  const byPosition = objectId.startsWith('#');
  const view = useOpenView(collection);
  const viewId = view?.viewId;
  const inView = useViewObject(viewId, objectId, !byPosition);
  const fromView = inView.data?.object;
  const fetched = useQuery({
    ...objectHistoryQuery(collection, objectId),
    enabled: !byPosition && !fromView && (viewId === undefined || inView.isError),
  });
  const object = fromView ?? (fetched.data ? latest(fetched.data) : undefined);

  const refIds = useMemo(
    () => (object ? outgoingReferences(object).map((r) => r.id) : []),
    [object],
  );
  const referenced = useViewObjects(viewId, refIds);
  // Names over the whole loaded collection (other views of it too), for what this view lacks.
  const named = useScopeNames(collection, viewId, refIds);
  const referrers = useScopeReferrers(collection, viewId, byPosition ? '' : objectId);
  const [loadWhole, setLoadWhole] = useState(false);
  const whole = useWholeCollection(collection, loadWhole);

  const refs: RefResolver = useMemo(
    () => ({
      nameOf: (id) => {
        const name = referenced.get(id)?.name;
        return typeof name === 'string' ? name : named.get(id)?.name;
      },
      objectOf: (id) => {
        const held = referenced.get(id);
        const n = named.get(id);
        return held ?? (n ? asMarkingObject(n) : undefined);
      },
      isLoaded: (id) => referenced.has(id) || named.has(id),
      open: onOpen,
    }),
    [referenced, named, onOpen],
  );

  // Escape closes the panel from anywhere in the view, unless something nearer took it first (a
  // dialog, an open dropdown, a field that clears itself).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('dialog[open], details[open]')) return;
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const label = object ? objectLabel(object, refs.nameOf) : '';
  const attackId = object ? attackIdOf(object) : undefined;
  const type = object && typeof object.type === 'string' ? object.type : '';

  return (
    <aside className="inspect" aria-label="Inspect object" data-testid="inspect">
      <header className="inspect-header">
        <div className="inspect-title">
          {type && (
            <span className={`type-tag t-${type.startsWith('x-') ? 'custom' : type}`}>{type}</span>
          )}
          {attackId && (
            <span className="attack-id" data-testid="attack-id">
              {attackId}
            </span>
          )}
          <h2 data-testid="inspect-title">{label || objectId}</h2>
        </div>
        <button
          type="button"
          className="btn icon"
          aria-label="Close the inspect panel"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <p className="inspect-id">
        <span className="mono break">{objectId}</span>{' '}
        <CopyButton text={() => objectId} label="Copy id" className="btn tiny" />
      </p>
      {!object && byPosition && (
        <EmptyState title="This item is no longer loaded">Open it again from the table.</EmptyState>
      )}
      {!object && !byPosition && (inView.isLoading || fetched.isLoading) && (
        <Loading label="Loading the object…" />
      )}
      {!object && fetched.isError && (
        <ErrorView
          error={fetched.error}
          title="Could not load this object"
          onRetry={() => void fetched.refetch()}
        />
      )}
      {!object && fetched.isSuccess && (
        <EmptyState title="The server returned no such object">
          It may have been deleted, or the filters exclude it.
        </EmptyState>
      )}
      {object && (
        <>
          <div className="inspect-actions">
            <CopyButton text={() => JSON.stringify(object, null, 2)} label="Copy JSON" />
            {!byPosition && (
              <>
                <button
                  type="button"
                  className="btn small"
                  onClick={() =>
                    setCurl({
                      connectionId: collection.connectionId,
                      method: 'GET',
                      url: `${collection.apiRoot}collections/${encodeURIComponent(collection.collectionId)}/objects/${encodeURIComponent(objectId)}/`,
                    })
                  }
                >
                  Copy as curl
                </button>
                <button
                  type="button"
                  className="btn small"
                  onClick={() =>
                    setRoute((r) => ({ ...r, show: 'graph', graphOf: objectId }), { replace: true })
                  }
                >
                  Show in graph
                </button>
                {/* A collection the server says is read-only (can_write false) offers no delete. */}
                {canWrite && (
                  <button
                    type="button"
                    className="btn small danger-outline"
                    onClick={() => setDeleting(true)}
                  >
                    Delete…
                  </button>
                )}
              </>
            )}
          </div>
          <Tabs<TabKey>
            label="Object details"
            active={tab}
            onChange={setTab}
            tabs={
              byPosition
                ? [
                    { key: 'summary', label: 'Summary' },
                    { key: 'json', label: 'JSON' },
                  ]
                : [
                    { key: 'summary', label: 'Summary' },
                    { key: 'json', label: 'JSON' },
                    { key: 'relations', label: 'Relations' },
                    { key: 'versions', label: 'Versions' },
                    { key: 'manifest', label: 'Manifest' },
                  ]
            }
          >
            {tab === 'summary' && <ObjectSummary object={object} refs={refs} />}
            {tab === 'json' && <JsonView value={object} label="Raw JSON" />}
            {tab === 'relations' && (
              <RelationsView
                object={object}
                referrers={referrers}
                refs={refs}
                loadingWhole={whole.loading}
                onLoadWhole={() => setLoadWhole(true)}
              />
            )}
            {tab === 'versions' && <VersionsView collection={collection} objectId={objectId} />}
            {tab === 'manifest' && <ManifestView collection={collection} objectId={objectId} />}
          </Tabs>
          <DeleteDialog
            open={deleting}
            onClose={() => setDeleting(false)}
            onDeleted={(m) => {
              setDeleting(false);
              onDeleted(m);
            }}
            collection={collection}
            objectId={objectId}
            label={label}
            canWrite={canWrite}
          />
          <CurlDialog request={curl} onClose={() => setCurl(null)} />
        </>
      )}
    </aside>
  );
}
