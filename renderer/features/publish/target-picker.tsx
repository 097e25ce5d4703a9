/** Choosing where to publish: a connection, one of its API roots, and a collection that can be written. */
import { useQuery } from '@tanstack/react-query';
import { ErrorView } from '../../components/error-view';
import { formatBytes } from '../../components/format';
import { apiRootQuery, collectionsQuery, discoveryQuery } from '../../queries/browse';
import { connectionsQuery } from '../../queries/connections';

/** A publishing target, filled in step by step. */
export interface Target {
  connectionId?: string;
  apiRoot?: string;
  collectionId?: string;
}

/** The three pickers. */
export function TargetPicker({
  target,
  onChange,
}: {
  target: Target;
  onChange: (t: Target) => void;
}) {
  const conns = useQuery(connectionsQuery());
  const disc = useQuery({
    ...discoveryQuery(target.connectionId ?? ''),
    enabled: target.connectionId !== undefined,
  });
  const root = useQuery({
    ...apiRootQuery(target.connectionId ?? '', target.apiRoot ?? ''),
    enabled: target.connectionId !== undefined && target.apiRoot !== undefined,
  });
  const cols = useQuery({
    ...collectionsQuery(target.connectionId ?? '', target.apiRoot ?? ''),
    enabled: target.connectionId !== undefined && target.apiRoot !== undefined,
  });
  const writable = cols.data?.value.filter((c) => c.can_write) ?? [];
  return (
    <div className="target-picker">
      <div className="field">
        <label htmlFor="pub-conn">Connection</label>
        <select
          id="pub-conn"
          value={target.connectionId ?? ''}
          onChange={(e) => onChange(e.target.value ? { connectionId: e.target.value } : {})}
        >
          <option value="">Choose…</option>
          {conns.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="pub-root">API root</label>
        <select
          id="pub-root"
          value={target.apiRoot ?? ''}
          disabled={!disc.isSuccess}
          onChange={(e) =>
            onChange({
              ...(target.connectionId ? { connectionId: target.connectionId } : {}),
              ...(e.target.value ? { apiRoot: e.target.value } : {}),
            })
          }
        >
          <option value="">{disc.isPending && target.connectionId ? 'Loading…' : 'Choose…'}</option>
          {disc.data?.value.apiRoots.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {root.isSuccess && (
          <p className="field-hint">
            {root.data.value.title}: requests are split to stay under{' '}
            {formatBytes(root.data.value.max_content_length)}.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="pub-col">Collection</label>
        <select
          id="pub-col"
          value={target.collectionId ?? ''}
          disabled={!cols.isSuccess}
          onChange={(e) =>
            onChange({
              ...target,
              ...(e.target.value ? { collectionId: e.target.value } : { collectionId: undefined }),
            })
          }
        >
          <option value="">
            {cols.isSuccess && writable.length === 0 ? 'No writable collection here' : 'Choose…'}
          </option>
          {cols.data?.value.map((c) => (
            <option key={c.id} value={c.id} disabled={!c.can_write}>
              {c.title}
              {c.can_write ? '' : ' (read only)'}
            </option>
          ))}
        </select>
      </div>
      {disc.isError && <ErrorView error={disc.error} compact onRetry={() => void disc.refetch()} />}
      {cols.isError && <ErrorView error={cols.error} compact onRetry={() => void cols.refetch()} />}
    </div>
  );
}
