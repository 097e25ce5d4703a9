/**
 * What an object references and what references it, among the objects loaded in this view (the
 * table says how many are loaded; "Load all" widens the search). `loaded` are the candidates the
 * view found mentioning the object; `searched` is how many objects the view holds.
 */
import { useMemo } from 'react';
import { formatCount } from '../../components/format';
import { EmptyState } from '../../components/states';
import { outgoingReferences, incomingIndex } from './references';
import { RefLink, type RefResolver } from './summary';
import { objectLabel } from '../objects/object-label';

type Json = Readonly<Record<string, unknown>>;

/** The relations tab. */
export function RelationsView({
  object,
  loaded,
  searched = loaded.length,
  refs,
}: {
  object: Json;
  loaded: readonly Json[];
  searched?: number;
  refs: RefResolver;
}) {
  const outgoing = useMemo(() => outgoingReferences(object), [object]);
  const index = useMemo(() => incomingIndex(loaded), [loaded]);
  const incoming = typeof object.id === 'string' ? (index.get(object.id) ?? []) : [];
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
      <h3>Referenced by ({incoming.length})</h3>
      {incoming.length === 0 ? (
        <EmptyState title="Nothing loaded refers to this object">
          Searched the {formatCount(searched)} loaded objects.
        </EmptyState>
      ) : (
        <ul className="plain-list" data-testid="incoming">
          {incoming.map((inc, i) => {
            const id = typeof inc.from.id === 'string' ? inc.from.id : '';
            return (
              <li key={`${id}-${inc.path}-${i}`}>
                <button type="button" className="link ref" onClick={() => refs.open(id)}>
                  <span className="type-tag small">{String(inc.from.type)}</span>{' '}
                  {objectLabel(inc.from, refs.nameOf) || id}
                </button>{' '}
                <span className="mono small muted">via {inc.path}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
