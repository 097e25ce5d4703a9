/**
 * An object's versions: a timeline of every version the server keeps (the versions endpoint,
 * each with its date added from the manifest), and a side-by-side comparison of any two.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorView } from '../../components/error-view';
import { formatTimestamp } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import {
  objectHistoryQuery,
  objectManifestQuery,
  objectVersionsQuery,
  type CollectionRef,
} from '../../queries/objects';
import { timestampSortKey } from '../objects/rows';
import { diffVersions } from './version-diff';

type Json = Readonly<Record<string, unknown>>;

const versionOf = (o: Json): string =>
  typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';

/** The versions tab of the inspect panel. */
export function VersionsView({
  collection,
  objectId,
}: {
  collection: CollectionRef;
  objectId: string;
}) {
  const versions = useQuery(objectVersionsQuery(collection, objectId));
  const history = useQuery(objectHistoryQuery(collection, objectId));
  const manifest = useQuery(objectManifestQuery(collection, objectId));
  // The versions endpoint is 2.1 only; the history itself is the fallback list.
  const list = (
    versions.isSuccess
      ? versions.data
      : history.isSuccess
        ? [...new Set(history.data.map(versionOf).filter((v) => v !== ''))]
        : []
  )
    .slice()
    .sort((a, b) => (timestampSortKey(a) < timestampSortKey(b) ? -1 : 1));
  const addedOf = (v: string): string | undefined =>
    manifest.data?.items.find((r) => r.version === v)?.date_added;
  const contentOf = (v: string): Json | undefined => history.data?.find((o) => versionOf(o) === v);

  const [left, setLeft] = useState<string | undefined>();
  const [right, setRight] = useState<string | undefined>();
  const [showSame, setShowSame] = useState(false);
  const l = left ?? list[list.length - 2] ?? list[0];
  const r = right ?? list[list.length - 1];

  if ((versions.isPending && history.isPending) || (versions.isError && history.isPending))
    return <Loading label="Loading the versions…" />;
  if (versions.isError && history.isError)
    return (
      <ErrorView
        error={versions.error}
        title="Could not read the versions"
        onRetry={() => {
          void versions.refetch();
          void history.refetch();
        }}
      />
    );
  if (list.length === 0) return <EmptyState title="The server lists no versions of this object" />;

  const leftObj = l ? contentOf(l) : undefined;
  const rightObj = r ? contentOf(r) : undefined;
  const diff = leftObj && rightObj ? diffVersions(leftObj, rightObj) : [];
  const same = diff.filter((d) => d.change === 'same').length;
  return (
    <div className="versions" data-testid="versions">
      <h3>
        Timeline{' '}
        <span className="muted">
          ({list.length} {list.length === 1 ? 'version' : 'versions'})
        </span>
      </h3>
      <ol className="timeline" data-testid="timeline">
        {list.map((v, i) => (
          <li key={v} className={i === list.length - 1 ? 'latest' : undefined}>
            <span className="dot" aria-hidden="true" />
            <span className="mono">{formatTimestamp(v)}</span>
            {i === list.length - 1 && <span className="badge ok">latest</span>}
            {addedOf(v) && (
              <span className="muted small"> added {formatTimestamp(addedOf(v))}</span>
            )}
            {history.isSuccess && !contentOf(v) && (
              <span className="muted small"> (content not returned)</span>
            )}
          </li>
        ))}
      </ol>
      {history.isError && (
        <ErrorView
          error={history.error}
          compact
          title="Could not load the versions' content"
          onRetry={() => void history.refetch()}
        />
      )}
      {list.length > 1 && (
        <>
          <h3>Compare</h3>
          <div className="compare-pickers">
            <label className="field inline">
              <span>Left</span>
              <select aria-label="Left version" value={l} onChange={(e) => setLeft(e.target.value)}>
                {list.map((v) => (
                  <option key={v} value={v}>
                    {formatTimestamp(v)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field inline">
              <span>Right</span>
              <select
                aria-label="Right version"
                value={r}
                onChange={(e) => setRight(e.target.value)}
              >
                {list.map((v) => (
                  <option key={v} value={v}>
                    {formatTimestamp(v)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {history.isPending && <Loading label="Loading the versions' content…" />}
          {leftObj && rightObj && (
            <>
              <label className="inline-check small">
                <input
                  type="checkbox"
                  checked={showSame}
                  onChange={(e) => setShowSame(e.target.checked)}
                />
                Show the {same} unchanged {same === 1 ? 'property' : 'properties'}
              </label>
              <table className="diff-table" data-testid="version-diff">
                <thead>
                  <tr>
                    <th scope="col">Property</th>
                    <th scope="col">{l ? formatTimestamp(l) : ''}</th>
                    <th scope="col">{r ? formatTimestamp(r) : ''}</th>
                  </tr>
                </thead>
                <tbody>
                  {diff
                    .filter((row) => showSame || row.change !== 'same')
                    .map((row) => (
                      <tr key={row.key} className={`diff-${row.change}`} data-change={row.change}>
                        <th scope="row" className="mono">
                          {row.key}
                          {row.change !== 'same' && (
                            <span className="sr-only"> ({row.change})</span>
                          )}
                        </th>
                        <td className="mono prewrap">{row.left ?? ''}</td>
                        <td className="mono prewrap">{row.right ?? ''}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </div>
  );
}
