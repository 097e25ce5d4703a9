/**
 * "Compare collections": two collections from any connections compared by manifest (ids and
 * versions only in A, only in B, newer on one side), for mirrors and staging against production.
 * The totals come first; the differences follow a page at a time.
 */
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { Progress } from '../../../shared/contract';
import { ErrorView } from '../../components/error-view';
import { formatCount, formatTimestamp } from '../../components/format';
import { QuirkNotes } from '../../components/quirk-notes';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { diffQuery, type DiffEntry, type DiffPage, type DiffSides } from '../../queries/compare';
import { useRoute } from '../navigation/use-route';
import {
  collectionUrl,
  isComplete,
  type CollectionPick as Pick,
} from '../../components/collection-picker';
import { ComparePicker } from './collection-picker';
import { entryKind, KIND_WORDS, type DiffKind } from './diff-kinds';

type Summary = DiffPage['summary'];

function Totals({ summary, total }: { summary: Summary; total: number }) {
  const sameLatest = summary.versionsDiffer - summary.newerInA - summary.newerInB;
  const items: [string, number, string][] = [
    ['Only in A', summary.onlyInA, 'only-in-a'],
    ['Only in B', summary.onlyInB, 'only-in-b'],
    ['Newer in A', summary.newerInA, 'newer-in-a'],
    ['Newer in B', summary.newerInB, 'newer-in-b'],
    ['Other versions differ', sameLatest, 'versions-differ'],
    ['The same', summary.same, 'same'],
  ];
  return (
    <div className="compare-totals" data-testid="compare-totals">
      <p className="compare-verdict" data-testid="compare-verdict">
        {summary.identical
          ? 'The two collections hold the same objects and versions.'
          : `${formatCount(total)} ${total === 1 ? 'object differs' : 'objects differ'}.`}
      </p>
      <dl className="count-tiles">
        {items.map(([label, n, key]) => (
          <div key={key} className={`count-tile ${key}`} data-testid={`total-${key}`}>
            <dt>{label}</dt>
            <dd>{formatCount(n)}</dd>
          </div>
        ))}
      </dl>
      <table className="plain-table compare-sides">
        <thead>
          <tr>
            <th scope="col">Side</th>
            <th scope="col">Collection</th>
            <th scope="col">Objects</th>
            <th scope="col">Versions</th>
          </tr>
        </thead>
        <tbody>
          {(['a', 'b'] as const).map((s) => (
            <tr key={s}>
              <td>{s.toUpperCase()}</td>
              <td className="mono small break">{summary[s].url}</td>
              <td>{formatCount(summary[s].objects)}</td>
              <td>{formatCount(summary[s].versions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <QuirkNotes notes={summary.a.notes} testId="compare-notes-a" />
      <QuirkNotes notes={summary.b.notes} testId="compare-notes-b" />
    </div>
  );
}

function Versions({ latest, count }: { latest: string | undefined; count: number }) {
  if (!latest) return <span className="muted">absent</span>;
  return (
    <span>
      <span className="mono">{formatTimestamp(latest)}</span>
      {count > 1 && <span className="muted small"> ({formatCount(count)} versions)</span>}
    </span>
  );
}

function EntryRow({ e }: { e: DiffEntry }) {
  const kind = entryKind(e);
  return (
    <tr data-testid="diff-row" data-kind={kind}>
      <td>
        <span className={`badge diff-${kind}`}>{KIND_WORDS[kind]}</span>
      </td>
      <td className="mono small break">{e.id}</td>
      {e.kind === 'only-in-a' && (
        <>
          <td>
            <Versions latest={e.versions.at(-1)} count={e.versions.length} />
          </td>
          <td>
            <Versions latest={undefined} count={0} />
          </td>
        </>
      )}
      {e.kind === 'only-in-b' && (
        <>
          <td>
            <Versions latest={undefined} count={0} />
          </td>
          <td>
            <Versions latest={e.versions.at(-1)} count={e.versions.length} />
          </td>
        </>
      )}
      {e.kind === 'versions-differ' && (
        <>
          <td>
            <span className="mono">{formatTimestamp(e.latestA)}</span>
            {e.onlyInA.length > 0 && (
              <span className="muted small"> (+{formatCount(e.onlyInA.length)} only here)</span>
            )}
          </td>
          <td>
            <span className="mono">{formatTimestamp(e.latestB)}</span>
            {e.onlyInB.length > 0 && (
              <span className="muted small"> (+{formatCount(e.onlyInB.length)} only here)</span>
            )}
          </td>
        </>
      )}
    </tr>
  );
}

/** The compare view. */
export function CompareView() {
  const qc = useQueryClient();
  const [route] = useRoute();
  const [a, setA] = useState<Pick>(() =>
    route.connectionId && route.apiRoot && route.collectionId
      ? {
          connectionId: route.connectionId,
          apiRoot: route.apiRoot,
          collectionId: route.collectionId,
        }
      : {},
  );
  const [b, setB] = useState<Pick>({});
  const [sides, setSides] = useState<DiffSides | null>(null);
  const [progress, setProgress] = useState<{ a: number; b: number }>({ a: 0, b: 0 });
  const [cancelled, setCancelled] = useState(false);
  const [show, setShow] = useState<DiffKind | 'all'>('all');
  const onProgress = useCallback(
    (p: Progress<'collections.diff'>) =>
      setProgress((old) => (old[p.side] === p.records ? old : { ...old, [p.side]: p.records })),
    [],
  );
  const placeholder: DiffSides = {
    connectionIdA: '-',
    collectionUrlA: 'http://-/',
    connectionIdB: '-',
    collectionUrlB: 'http://-/',
  };
  const diff = useInfiniteQuery({
    ...diffQuery(sides ?? placeholder, onProgress),
    enabled: sides !== null,
  });

  const compare = (): void => {
    if (!isComplete(a) || !isComplete(b)) return;
    setCancelled(false);
    setProgress({ a: 0, b: 0 });
    setShow('all');
    const next: DiffSides = {
      connectionIdA: a.connectionId,
      collectionUrlA: collectionUrl(a),
      connectionIdB: b.connectionId,
      collectionUrlB: collectionUrl(b),
    };
    // The same pair again means: compare again now (the servers may have changed).
    qc.removeQueries({ queryKey: diffQuery(next).queryKey, exact: true });
    setSides(next);
  };

  const cancel = (): void => {
    if (!sides) return;
    void qc.cancelQueries({ queryKey: diffQuery(sides).queryKey, exact: true });
    qc.removeQueries({ queryKey: diffQuery(sides).queryKey, exact: true });
    setSides(null);
    setCancelled(true);
  };

  const pages = diff.data?.pages;
  const first = pages?.[0];
  const entries = useMemo(() => pages?.flatMap((p) => p.entries) ?? [], [pages]);
  const shown = show === 'all' ? entries : entries.filter((e) => entryKind(e) === show);
  const comparing = sides !== null && diff.isPending && diff.isFetching;
  const same = isComplete(a) && isComplete(b) && collectionUrl(a) === collectionUrl(b);

  return (
    <div className="tool-view" data-testid="compare-view">
      <main className="tool-main" id="main">
        <header className="tool-header">
          <h2>Compare collections</h2>
          <p className="muted">
            Compares two collections by their manifests: objects only in one of them, and objects
            whose newest version differs. For mirrors, and for staging against production.
          </p>
        </header>
        <form
          className="compare-form"
          aria-label="Collections to compare"
          onSubmit={(e) => {
            e.preventDefault();
            compare();
          }}
        >
          <ComparePicker side="A" pick={a} disabled={comparing} onChange={setA} />
          <ComparePicker side="B" pick={b} disabled={comparing} onChange={setB} />
          <div className="check-actions">
            <button
              type="submit"
              className="btn primary"
              disabled={comparing || !isComplete(a) || !isComplete(b)}
            >
              Compare
            </button>
            {comparing && (
              <button type="button" className="btn" onClick={cancel}>
                Cancel comparison
              </button>
            )}
            {same && a.connectionId === b.connectionId && (
              <span className="muted small">A and B are the same collection.</span>
            )}
          </div>
        </form>
        {sides && (
          <WaitNotice
            connectionIds={[sides.connectionIdA, sides.connectionIdB]}
            active={diff.isFetching}
          />
        )}
        {comparing && (
          <Loading
            label={`Reading both manifests… A: ${formatCount(progress.a)}, B: ${formatCount(progress.b)} records`}
            testId="compare-running"
          />
        )}
        {cancelled && (
          <EmptyState title="The comparison was cancelled" testId="compare-cancelled">
            Press Compare to start again.
          </EmptyState>
        )}
        {diff.isError && (
          <ErrorView
            error={diff.error}
            title={first ? 'Could not load more differences' : 'The comparison failed'}
            onRetry={() => void diff.refetch()}
            testId="compare-error"
          />
        )}
        {first && (
          <section className="compare-result" aria-label="Differences" data-testid="compare-result">
            <Totals summary={first.summary} total={first.total} />
            {first.total > 0 && (
              <>
                <div className="toolbar compare-toolbar">
                  <label className="field inline">
                    <span>Show</span>
                    <select
                      aria-label="Show differences"
                      value={show}
                      onChange={(e) => setShow(e.target.value as DiffKind | 'all')}
                    >
                      <option value="all">Every difference</option>
                      {(Object.keys(KIND_WORDS) as DiffKind[]).map((k) => (
                        <option key={k} value={k}>
                          {KIND_WORDS[k]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <span className="muted" role="status" data-testid="diff-count">
                    {formatCount(entries.length)} of {formatCount(first.total)} differences loaded
                    {show !== 'all' ? `, ${formatCount(shown.length)} shown` : ''}
                  </span>
                  <span className="spacer" />
                  {diff.hasNextPage && (
                    <button
                      type="button"
                      className="btn"
                      disabled={diff.isFetchingNextPage}
                      onClick={() => void diff.fetchNextPage()}
                    >
                      {diff.isFetchingNextPage ? 'Loading…' : 'Load more differences'}
                    </button>
                  )}
                </div>
                <table className="plain-table diff-list" data-testid="diff-table">
                  <thead>
                    <tr>
                      <th scope="col">Difference</th>
                      <th scope="col">Object</th>
                      <th scope="col">Newest in A</th>
                      <th scope="col">Newest in B</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((e) => (
                      <EntryRow key={e.id} e={e} />
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
