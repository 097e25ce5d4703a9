/**
 * The browse view: the tree on the left, what is selected in the middle (server, API root or a
 * collection's objects), and the inspect panel on the right when an object is open.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ErrorView } from '../../components/error-view';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { collectionsQuery } from '../../queries/browse';
import { ConnectionTree } from '../browse/connection-tree';
import { ConnectionOverview, RootDetails } from '../browse/details';
import { InspectPanel } from '../inspect/inspect-panel';
import { useRoute } from '../navigation/use-route';
import { ObjectsView } from '../objects/objects-view';
import { useFirstRunCollection } from './first-run';

function CollectionArea({
  connectionId,
  apiRoot,
  collectionId,
  objectId,
}: {
  connectionId: string;
  apiRoot: string;
  collectionId: string;
  objectId: string | undefined;
}) {
  const [, setRoute] = useRoute();
  const cols = useQuery(collectionsQuery(connectionId, apiRoot));
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice]);
  const open = useCallback(
    (id: string) => setRoute((r) => ({ ...r, objectId: id }), { replace: true }),
    [setRoute],
  );
  if (cols.isPending)
    return (
      <div>
        <Loading label="Loading the collection…" />
        <WaitNotice connectionIds={[connectionId]} active={cols.isFetching} />
      </div>
    );
  if (cols.isError)
    return (
      <ErrorView
        error={cols.error}
        title="Could not list the collections"
        onRetry={() => void cols.refetch()}
      />
    );
  const collection = cols.data.value.find((c) => c.id === collectionId);
  if (!collection)
    return (
      <EmptyState title="This collection is not on the server" testId="missing-collection">
        The server no longer lists it. Pick another collection in the tree.
      </EmptyState>
    );
  const ref = { connectionId, apiRoot, collectionId };
  return (
    <div className={objectId ? 'collection-area with-inspect' : 'collection-area'}>
      <div className="collection-main">
        {notice && (
          <p className="toast" role="status" data-testid="notice">
            {notice}
          </p>
        )}
        <ObjectsView
          connectionId={connectionId}
          apiRoot={apiRoot}
          collection={collection}
          collectionNotes={cols.data.notes}
        />
      </div>
      {objectId && (
        <InspectPanel
          key={objectId}
          collection={ref}
          objectId={objectId}
          canWrite={collection.can_write}
          onOpen={open}
          onClose={() => setRoute((r) => ({ ...r, objectId: undefined }), { replace: true })}
          onDeleted={(m) => {
            setNotice(m);
            setRoute((r) => ({ ...r, objectId: undefined }), { replace: true });
          }}
        />
      )}
    </div>
  );
}

/** The browse view. */
export function BrowseWorkspace() {
  const [route, setRoute] = useRoute();
  useFirstRunCollection();
  let main;
  if (!route.connectionId) {
    main = (
      <EmptyState title="Pick a collection" testId="welcome">
        <p>Open a connection in the tree to see its API roots and collections.</p>
        <button
          type="button"
          className="btn"
          onClick={() => setRoute({ ...route, view: 'connections' })}
        >
          Manage connections
        </button>
      </EmptyState>
    );
  } else if (!route.apiRoot) {
    main = <ConnectionOverview connectionId={route.connectionId} />;
  } else if (!route.collectionId) {
    main = <RootDetails connectionId={route.connectionId} apiRoot={route.apiRoot} />;
  } else {
    main = (
      <CollectionArea
        key={`${route.connectionId} ${route.apiRoot} ${route.collectionId}`}
        connectionId={route.connectionId}
        apiRoot={route.apiRoot}
        collectionId={route.collectionId}
        objectId={route.objectId}
      />
    );
  }
  return (
    <div className="workspace">
      <nav className="sidebar" aria-label="Connections and collections">
        <div className="sidebar-header">
          <h2>Connections</h2>
          <button
            type="button"
            className="btn small"
            onClick={() => setRoute({ ...route, view: 'connections' })}
            aria-label="Manage connections"
          >
            Manage
          </button>
        </div>
        <ConnectionTree />
      </nav>
      <main className="main" id="main">
        {main}
      </main>
    </div>
  );
}
