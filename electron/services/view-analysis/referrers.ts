/**
 * Who refers to an object across the loaded collection: every object with a `*_ref`/`*_refs`
 * property (at any depth) naming it. Only objects whose JSON mentions the id are parsed.
 */
import type { ReferrerT } from '../../../shared/contract/analysis';
import { outgoingReferences } from '../../../shared/stix/references';
import { namedObject } from './object-names';
import type { ScopeObjects } from './scope-objects';

/** Referrers listed at most by default. */
export const DEFAULT_REFERRERS = 200;

/** The objects referring to `id` (the first `limit`, by type then name) and how many in all. */
export function findReferrers(
  scope: ScopeObjects,
  id: string,
  limit = DEFAULT_REFERRERS,
): { referrers: ReferrerT[]; total: number } {
  const found: ReferrerT[] = [];
  scope.each(
    (o) => {
      if (o.id === id) return;
      for (const ref of outgoingReferences(o)) {
        if (ref.id !== id) continue;
        const n = namedObject(o);
        found.push({ id: n.id, type: n.type, name: n.name, path: ref.path });
      }
    },
    { prefilter: (text) => text.includes(id) },
  );
  found.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  return { referrers: found.slice(0, limit), total: found.length };
}
