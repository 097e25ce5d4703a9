/** Choosing where to publish: a connection, one of its API roots, and a collection that can be written. */
import { useQuery } from '@tanstack/react-query';
import { CollectionPicker, type CollectionPick } from '../../components/collection-picker';
import { formatBytes } from '../../components/format';
import { apiRootQuery } from '../../queries/browse';

/** A publishing target, filled in step by step. */
export type Target = CollectionPick;

/** The API root's size limit, which decides how a bundle is split. */
function RootLimit({ connectionId, apiRoot }: { connectionId: string; apiRoot: string }) {
  const root = useQuery(apiRootQuery(connectionId, apiRoot));
  if (!root.isSuccess) return null;
  return (
    <p className="field-hint">
      {root.data.value.title}: requests are split to stay under{' '}
      {formatBytes(root.data.value.max_content_length)}.
    </p>
  );
}

/** The three pickers; read-only collections are shown but cannot be chosen. */
export function TargetPicker({
  target,
  onChange,
}: {
  target: Target;
  onChange: (t: Target) => void;
}) {
  return (
    <div className="target-picker">
      <CollectionPicker
        idPrefix="pub"
        labels={{ connection: 'Connection', apiRoot: 'API root', collection: 'Collection' }}
        pick={target}
        onChange={onChange}
        collectionOption={(c) =>
          c.can_write ? { show: true } : { show: true, disabled: true, note: '(read only)' }
        }
        emptyCollectionLabel="No writable collection here"
        rootHint={(connectionId, apiRoot) => (
          <RootLimit connectionId={connectionId} apiRoot={apiRoot} />
        )}
      />
    </div>
  );
}
