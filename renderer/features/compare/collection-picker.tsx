/** One side of a comparison: a connection, one of its API roots, and one of its collections. */
import { useQuery } from '@tanstack/react-query';
import { ErrorView } from '../../components/error-view';
import { collectionsQuery, discoveryQuery } from '../../queries/browse';
import { connectionsQuery } from '../../queries/connections';

/** A collection chosen step by step. */
export interface Pick {
  connectionId?: string;
  apiRoot?: string;
  collectionId?: string;
}

/** The collection URL of a complete pick (API root URLs end in `/`). */
export function collectionUrl(p: Required<Pick>): string {
  return `${p.apiRoot}collections/${encodeURIComponent(p.collectionId)}/`;
}

/** True when every step of the pick is made. */
export function isComplete(p: Pick): p is Required<Pick> {
  return p.connectionId !== undefined && p.apiRoot !== undefined && p.collectionId !== undefined;
}

/** Three selects for one side (`side` names it in every label: "Collection A"). */
export function CollectionPicker({
  side,
  pick,
  disabled,
  onChange,
}: {
  side: 'A' | 'B';
  pick: Pick;
  disabled: boolean;
  onChange: (p: Pick) => void;
}) {
  const conns = useQuery(connectionsQuery());
  const disc = useQuery({
    ...discoveryQuery(pick.connectionId ?? ''),
    enabled: pick.connectionId !== undefined,
  });
  const cols = useQuery({
    ...collectionsQuery(pick.connectionId ?? '', pick.apiRoot ?? ''),
    enabled: pick.connectionId !== undefined && pick.apiRoot !== undefined,
  });
  const id = `cmp-${side.toLowerCase()}`;
  return (
    <fieldset className="compare-side" data-testid={`compare-side-${side.toLowerCase()}`}>
      <legend>Collection {side}</legend>
      <div className="field">
        <label htmlFor={`${id}-conn`}>Connection {side}</label>
        <select
          id={`${id}-conn`}
          value={pick.connectionId ?? ''}
          disabled={disabled}
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
        <label htmlFor={`${id}-root`}>API root {side}</label>
        <select
          id={`${id}-root`}
          value={pick.apiRoot ?? ''}
          disabled={disabled || !disc.isSuccess}
          onChange={(e) =>
            onChange({
              ...(pick.connectionId ? { connectionId: pick.connectionId } : {}),
              ...(e.target.value ? { apiRoot: e.target.value } : {}),
            })
          }
        >
          <option value="">{disc.isPending && pick.connectionId ? 'Loading…' : 'Choose…'}</option>
          {disc.data?.value.apiRoots.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-col`}>Collection {side}</label>
        <select
          id={`${id}-col`}
          value={pick.collectionId ?? ''}
          disabled={disabled || !cols.isSuccess}
          onChange={(e) => {
            const { collectionId: _old, ...rest } = pick;
            onChange(e.target.value ? { ...rest, collectionId: e.target.value } : rest);
          }}
        >
          <option value="">Choose…</option>
          {cols.data?.value.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
              {c.can_read ? '' : ' (cannot be read)'}
            </option>
          ))}
        </select>
      </div>
      {disc.isError && <ErrorView error={disc.error} compact onRetry={() => void disc.refetch()} />}
      {cols.isError && <ErrorView error={cols.error} compact onRetry={() => void cols.refetch()} />}
    </fieldset>
  );
}
