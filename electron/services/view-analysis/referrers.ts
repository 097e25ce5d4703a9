/**
 * Who refers to an object across the loaded collection: every object with a `*_ref`/`*_refs`
 * property (at any depth) naming it. Only objects whose JSON mentions the id are parsed.
 */
import type { ReferrerT } from '../../../shared/contract/analysis';
import { outgoingReferences } from '../../../shared/stix/references';
import { idType, namedObject } from './object-names';

const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
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
  const shown = found.slice(0, limit);
  // An unnamed relationship reads as its ends' names ("Sandworm Team uses Spearphishing").
  for (const r of shown) {
    if (r.type !== 'relationship') continue;
    const o = scope.get(r.id);
    if (!o || typeof o.name === 'string') continue;
    const end = (v: unknown): string => {
      if (typeof v !== 'string') return '?';
      const e = scope.get(v);
      return e ? namedObject(e).name : idType(v);
    };
    const verb = typeof o.relationship_type === 'string' ? o.relationship_type : 'related-to';
    r.name = clip(`${end(o.source_ref)} ${verb} ${end(o.target_ref)}`);
  }
  return { referrers: shown, total: found.length };
}
