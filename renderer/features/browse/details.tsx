/**
 * What the main area shows above or instead of the objects: a connection's discovery resource,
 * an API root's information with its collections, and a collection's header.
 */
import { Badge, toneIf } from '../../components/badge';
import { useQuery } from '@tanstack/react-query';
import type { Result } from '../../../shared/contract';
import { formatBytes } from '../../components/format';
import { QuirkNotes } from '../../components/quirk-notes';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { apiRootQuery, collectionsQuery, discoveryQuery } from '../../queries/browse';
import { connectionsQuery } from '../../queries/connections';
import { useRoute } from '../navigation/use-route';
import { AccessError } from './access-error';

type Collection = Result<'collections.list'>['value'][number];

/** A connection's server, as its discovery resource describes it. */
export function ConnectionOverview({ connectionId }: { connectionId: string }) {
  const connections = useQuery(connectionsQuery());
  const connection = connections.data?.find((c) => c.id === connectionId);
  const q = useQuery(discoveryQuery(connectionId));
  const [route, setRoute] = useRoute();
  if (connections.isSuccess && !connection)
    return (
      <EmptyState title="This connection no longer exists" testId="missing-connection">
        It may have been removed. Pick another one in the tree.
      </EmptyState>
    );
  return (
    <section className="details" aria-label="Server" data-testid="connection-overview">
      <header className="details-header">
        <div className="collection-title-row">
          <h2>{connection?.name ?? 'Connection'}</h2>
          <button
            type="button"
            className="btn small"
            onClick={() => setRoute({ ...route, view: 'check', connectionId })}
          >
            Check this server
          </button>
        </div>
        <p className="muted mono break">{connection?.location}</p>
      </header>
      {q.isPending && <Loading label="Asking the server what it offers…" />}
      <WaitNotice connectionIds={[connectionId]} active={q.isFetching} />
      {q.isError && (
        <AccessError
          connectionId={connectionId}
          error={q.error}
          what="This server"
          onRetry={() => void q.refetch()}
        />
      )}
      {q.isSuccess && (
        <>
          <dl className="facts">
            <dt>Title</dt>
            <dd>{q.data.value.discovery.title}</dd>
            {q.data.value.discovery.description && (
              <>
                <dt>Description</dt>
                <dd className="prewrap">{q.data.value.discovery.description}</dd>
              </>
            )}
            {q.data.value.discovery.contact && (
              <>
                <dt>Contact</dt>
                <dd>{q.data.value.discovery.contact}</dd>
              </>
            )}
            <dt>TAXII</dt>
            <dd>{q.data.version}</dd>
            <dt>Discovery URL</dt>
            <dd className="mono break">{q.data.url}</dd>
          </dl>
          <QuirkNotes notes={q.data.notes} />
          <h3>API roots</h3>
          {q.data.value.apiRoots.length === 0 ? (
            <p className="muted">The server lists no API roots.</p>
          ) : (
            <ul className="link-list">
              {q.data.value.apiRoots.map((root) => (
                <li key={root}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setRoute({ ...route, apiRoot: root, collectionId: undefined })}
                  >
                    {root}
                  </button>
                  {q.data.value.default === root && <span className="badge">default</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Access({ c }: { c: Collection }) {
  return (
    <span className="access-words">
      <Badge tone={toneIf(c.can_read)}>{c.can_read ? 'can read' : 'no read'}</Badge>
      <Badge tone={toneIf(c.can_write)}>{c.can_write ? 'can write' : 'no write'}</Badge>
    </span>
  );
}

/** An API root: title, description, versions, max content length, and its collections. */
export function RootDetails({ connectionId, apiRoot }: { connectionId: string; apiRoot: string }) {
  const info = useQuery(apiRootQuery(connectionId, apiRoot));
  const cols = useQuery(collectionsQuery(connectionId, apiRoot));
  const [route, setRoute] = useRoute();
  return (
    <section className="details" aria-label="API root" data-testid="root-details">
      {info.isPending && <Loading label="Loading the API root…" />}
      <WaitNotice connectionIds={[connectionId]} active={info.isFetching || cols.isFetching} />
      {info.isError && (
        <AccessError
          connectionId={connectionId}
          error={info.error}
          what="This API root"
          title="Could not read this API root"
          onRetry={() => void info.refetch()}
        />
      )}
      {info.isSuccess && (
        <>
          <header className="details-header">
            <h2>{info.data.value.title}</h2>
            <p className="muted mono break">{info.data.url}</p>
          </header>
          <dl className="facts">
            {info.data.value.description && (
              <>
                <dt>Description</dt>
                <dd className="prewrap">{info.data.value.description}</dd>
              </>
            )}
            <dt>TAXII</dt>
            <dd>{info.data.version}</dd>
            <dt>Versions</dt>
            <dd>
              {info.data.value.versions.map((v) => (
                <span key={v} className="badge mono">
                  {v}
                </span>
              ))}
            </dd>
            <dt>Max content length</dt>
            <dd>
              {formatBytes(info.data.value.max_content_length)}{' '}
              <span className="muted">
                ({info.data.value.max_content_length.toLocaleString('en-US')} bytes)
              </span>
            </dd>
          </dl>
          <QuirkNotes notes={info.data.notes} />
        </>
      )}
      <h3>Collections</h3>
      {cols.isPending && <Loading label="Loading collections…" />}
      {/* The same refusal as the API root's is said once, above. */}
      {cols.isError && !(info.isError && info.error.code === cols.error.code) && (
        <AccessError
          connectionId={connectionId}
          error={cols.error}
          what="This API root"
          onRetry={() => void cols.refetch()}
        />
      )}
      {cols.isSuccess && <QuirkNotes notes={cols.data.notes} testId="collections-notes" />}
      {cols.isSuccess && cols.data.value.length === 0 && (
        <EmptyState title="No collections">This API root offers no collections.</EmptyState>
      )}
      {cols.isSuccess && cols.data.value.length > 0 && (
        <table className="plain-table" data-testid="collections-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Description</th>
              <th scope="col">Access</th>
              <th scope="col">Media types</th>
            </tr>
          </thead>
          <tbody>
            {cols.data.value.map((c) => (
              <tr key={c.id}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setRoute({ ...route, collectionId: c.id, objectId: undefined })}
                  >
                    {c.title}
                  </button>
                </td>
                <td className="prewrap">{c.description}</td>
                <td>
                  <Access c={c} />
                </td>
                <td className="mono small">{(c.media_types ?? []).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The open collection's title, description, access and media types. */
export function CollectionHeader({ collection }: { collection: Collection }) {
  return (
    <header className="collection-header" data-testid="collection-header">
      <div className="collection-title-row">
        <h2>{collection.title}</h2>
        <Access c={collection} />
      </div>
      {collection.description && (
        <p className="muted one-line" title={collection.description}>
          {collection.description}
        </p>
      )}
      <p className="muted small one-line">
        <span className="mono">{collection.id}</span>
        {collection.alias && <> · alias {collection.alias}</>}
        {collection.media_types && collection.media_types.length > 0 && (
          <> · {collection.media_types.join(', ')}</>
        )}
      </p>
    </header>
  );
}
