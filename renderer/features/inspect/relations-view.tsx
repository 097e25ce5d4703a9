/**
 * What an object references and what references it. "Referenced by" searches the whole loaded
 * collection (every open view of it, whatever this view's filters) in the main process, says how
 * much it searched, and offers to load the rest of the collection when it is not all loaded.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Result } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { ErrorView } from '../../components/error-view';
import { formatCount } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { ScopeNote } from '../pictures/scope-note';
import { outgoingReferences } from './references';
import { RefLink, type RefResolver } from './summary';

type Json = Readonly<Record<string, unknown>>;

/** The relations tab. */
export function RelationsView({
  object,
  referrers,
  refs,
  loadingWhole,
  onLoadWhole,
}: {
  object: Json;
  referrers: UseQueryResult<Result<'views.referrers'>, AppError>;
  refs: RefResolver;
  loadingWhole: boolean;
  onLoadWhole: () => void;
}) {
  const outgoing = useMemo(() => outgoingReferences(object), [object]);
  const found = referrers.data;
  return (
    <div className="relations" data-testid="relations">
      <h3>References ({outgoing.length})</h3>
      {outgoing.length === 0 ? (
        <p className="muted">This object references no other object.</p>
      ) : (
        <ul className="plain-list" data-testid="outgoing">
          {outgoing.map((r) => (
            <li key={r.path}>
              <span className="mono small muted">{r.path}</span> <RefLink id={r.id} refs={refs} />
            </li>
          ))}
        </ul>
      )}
      <h3>Referenced by{found ? ` (${formatCount(found.total)})` : ''}</h3>
      {referrers.isPending && <Loading label="Searching the loaded collection…" />}
      {referrers.isError && (
        <ErrorView
          error={referrers.error}
          title="Could not search for referrers"
          compact
          onRetry={() => void referrers.refetch()}
        />
      )}
      {found && (
        <>
          <ScopeNote scope={found.scope} loading={loadingWhole} onLoadWhole={onLoadWhole} />
          {found.referrers.length === 0 ? (
            <EmptyState title="Nothing loaded refers to this object">
              Searched the {formatCount(found.scope.objects)} loaded objects of this collection.
            </EmptyState>
          ) : (
            <ul className="plain-list" data-testid="incoming">
              {found.referrers.map((r, i) => (
                <li key={`${r.id}-${r.path}-${i}`}>
                  <button type="button" className="link ref" onClick={() => refs.open(r.id)}>
                    <span className="type-tag small">{r.type}</span> {r.name || r.id}
                  </button>{' '}
                  <span className="mono small muted">via {r.path}</span>
                </li>
              ))}
              {found.total > found.referrers.length && (
                <li className="muted small">
                  and {formatCount(found.total - found.referrers.length)} more
                </li>
              )}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
