/**
 * Names and referrers of an object over the whole loaded collection (every open view of it, not
 * only the filtered one), from the main process: `views.names` for the ids an object refers to,
 * `views.referrers` for who refers to it.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { NamedObjectT } from '../../../shared/contract/analysis';
import { pictureQuery } from '../../queries/analysis';
import { useScopeKey } from '../pictures/use-scope';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };
type Json = Readonly<Record<string, unknown>>;

/** Ids named at most per object (the rest show as ids). */
const MAX_NAMED = 500;

/** The loaded objects among `ids`, named, by id. */
export function useScopeNames(
  collection: Ref,
  viewId: string | undefined,
  ids: readonly string[],
): ReadonlyMap<string, NamedObjectT> {
  const scopeKey = useScopeKey(collection);
  const unique = useMemo(() => [...new Set(ids)].slice(0, MAX_NAMED), [ids]);
  const q = useQuery({
    ...pictureQuery('views.names', { viewId: viewId ?? '', ids: unique }, scopeKey),
    enabled: viewId !== undefined && unique.length > 0,
  });
  return useMemo(() => new Map((q.data?.objects ?? []).map((o) => [o.id, o])), [q.data]);
}

/** Who refers to `id` across the loaded collection. */
export function useScopeReferrers(collection: Ref, viewId: string | undefined, id: string) {
  const scopeKey = useScopeKey(collection);
  return useQuery({
    ...pictureQuery('views.referrers', { viewId: viewId ?? '', id: id || 'none' }, scopeKey),
    enabled: viewId !== undefined && id !== '',
  });
}

/** A named object as the summary's marking chips read it (name and definition). */
export function asMarkingObject(n: NamedObjectT): Json {
  return {
    type: n.type,
    id: n.id,
    // An unnamed object's label is its type: not a name to show on a marking chip.
    ...(n.name !== n.type ? { name: n.name } : {}),
    definition: {
      ...(n.marking?.tlp ? { tlp: n.marking.tlp } : {}),
      ...(n.marking?.statement ? { statement: n.marking.statement } : {}),
    },
  };
}
