/** An object's manifest records: per version, when it was added and in which media type. */
import { useQuery } from '@tanstack/react-query';
import { ErrorView } from '../../components/error-view';
import { formatTimestamp } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { objectManifestQuery, type CollectionRef } from '../../queries/objects';

/** The manifest tab. */
export function ManifestView({
  collection,
  objectId,
}: {
  collection: CollectionRef;
  objectId: string;
}) {
  const q = useQuery(objectManifestQuery(collection, objectId));
  if (q.isPending) return <Loading label="Loading the manifest…" />;
  if (q.isError)
    return (
      <ErrorView
        error={q.error}
        title="Could not read the manifest"
        onRetry={() => void q.refetch()}
      />
    );
  if (q.data.items.length === 0) return <EmptyState title="No manifest entry for this object" />;
  return (
    <table className="plain-table" data-testid="manifest">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Date added</th>
          <th scope="col">Media type</th>
        </tr>
      </thead>
      <tbody>
        {q.data.items.map((r, i) => (
          <tr key={`${r.version ?? ''}-${i}`}>
            <td className="mono">{formatTimestamp(r.version) || '—'}</td>
            <td className="mono">{formatTimestamp(r.date_added) || '—'}</td>
            <td className="mono small">{r.media_type ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
