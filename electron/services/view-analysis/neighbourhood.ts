/**
 * Who is linked to whom in a loaded collection, and the neighbourhood of some objects in it.
 * Links are relationships (STIX 2.1 §5.1: an edge `source_ref` → `target_ref` labelled by its
 * `relationship_type`, the relationship object itself not drawn as a node), sightings' refs
 * (§5.2: `sighting_of_ref`, `where_sighted_refs`, `observed_data_refs`) and every other
 * `*_ref`/`*_refs` property, in and out. The index is built once per loaded collection; a
 * neighbourhood is then a walk over it, capped per expanded node ("N more").
 */
import type {
  GraphEdgeT,
  GraphNodeT,
  NamedObjectT,
  NeighbourhoodT,
  AnalysisScopeT,
} from '../../../shared/contract/analysis';
import { outgoingReferences } from '../../../shared/stix/references';
import { idType, namedObject } from './object-names';
import type { Json } from './scope-objects';

interface Link {
  other: string;
  edge: GraphEdgeT;
}

/** Every object's name and links. */
export interface LinkIndex {
  nodes: Map<string, NamedObjectT>;
  links: Map<string, Link[]>;
}

const SIGHTING_LABELS: Readonly<Record<string, string>> = {
  sighting_of_ref: 'sighting-of',
  where_sighted_refs: 'where-sighted',
  observed_data_refs: 'observed-data',
};

/** Builds the link index of a collection's objects (each once). */
export function buildLinkIndex(objects: Iterable<Json>): LinkIndex {
  const nodes = new Map<string, NamedObjectT>();
  const links = new Map<string, Link[]>();
  const seen = new Set<string>();
  const link = (from: string, to: string, edge: GraphEdgeT): void => {
    if (from === to) return;
    const key = `${from}\u0000${to}\u0000${edge.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    for (const [a, b] of [
      [from, to],
      [to, from],
    ] as const) {
      let list = links.get(a);
      if (!list) links.set(a, (list = []));
      list.push({ other: b, edge });
    }
  };
  for (const o of objects) {
    const id = typeof o.id === 'string' ? o.id : undefined;
    if (!id) continue;
    if (o.type === 'relationship') {
      const s = o.source_ref;
      const t = o.target_ref;
      if (typeof s === 'string' && typeof t === 'string') {
        const label = typeof o.relationship_type === 'string' ? o.relationship_type : 'related-to';
        link(s, t, { id, source: s, target: t, label, kind: 'relationship', objectId: id });
      }
      nodes.set(id, namedObject(o));
      continue;
    }
    nodes.set(id, namedObject(o));
    for (const ref of outgoingReferences(o)) {
      const property = ref.path.replace(/\[\d+\]/g, '');
      const sighting = o.type === 'sighting' ? SIGHTING_LABELS[property] : undefined;
      link(id, ref.id, {
        id: `${id}|${ref.path}`,
        source: id,
        target: ref.id,
        label: sighting ?? property,
        kind: sighting ? 'sighting' : 'ref',
      });
    }
  }
  return { nodes, links };
}

/** What to draw. */
export interface NeighbourhoodQuery {
  /** The centre first, then the nodes expanded since. */
  ids: readonly string[];
  /** New neighbours shown per expanded node at most. */
  cap: number;
  /** Types left out. */
  hide: ReadonlySet<string>;
}

/** Neighbours shown per expanded node by default. */
export const DEFAULT_CAP = 100;

const order = (a: Link, b: Link, index: LinkIndex): number => {
  // Relationships first (what an analyst came for), then by the neighbour's type and name.
  const k = (l: Link): number =>
    l.edge.kind === 'relationship' ? 0 : l.edge.kind === 'sighting' ? 1 : 2;
  const na = index.nodes.get(a.other);
  const nb = index.nodes.get(b.other);
  return (
    k(a) - k(b) ||
    (na?.type ?? idType(a.other)).localeCompare(nb?.type ?? idType(b.other)) ||
    (na?.name ?? a.other).localeCompare(nb?.name ?? b.other)
  );
};

/** The neighbourhood; see the file comment. */
export function neighbourhood(
  index: LinkIndex,
  q: NeighbourhoodQuery,
  meta: { revision: number; scope: AnalysisScopeT },
): NeighbourhoodT {
  const depth = new Map<string, number>();
  const typeOf = (id: string): string => index.nodes.get(id)?.type ?? idType(id);
  const types: Record<string, number> = {};
  let omitted = 0;
  const centre = q.ids[0] as string;
  depth.set(centre, 0);
  const expanded = q.ids.filter((id, i) => i === 0 || depth.has(id) || index.nodes.has(id));
  for (const id of expanded) {
    if (!depth.has(id)) depth.set(id, 1);
    const d = depth.get(id) as number;
    const list = [...(index.links.get(id) ?? [])].sort((a, b) => order(a, b, index));
    let added = 0;
    for (const l of list) {
      const t = typeOf(l.other);
      types[t] = (types[t] ?? 0) + 1;
      if (q.hide.has(t) || depth.has(l.other)) continue;
      if (added >= q.cap) {
        omitted++;
        continue;
      }
      depth.set(l.other, d + 1);
      added++;
    }
  }
  const nodes: GraphNodeT[] = [];
  const edges = new Map<string, GraphEdgeT>();
  // Only the links of expanded nodes are drawn: links among their neighbours (every object to
  // its marking, say) would bury the neighbourhood in thousands of edges.
  const open = new Set(expanded);
  for (const [id, d] of depth) {
    const known = index.nodes.get(id);
    let more = 0;
    for (const l of index.links.get(id) ?? []) {
      if (depth.has(l.other)) {
        if (open.has(id) || open.has(l.other)) edges.set(l.edge.id, l.edge);
      } else if (!q.hide.has(typeOf(l.other))) more++;
    }
    nodes.push({
      id,
      type: known?.type ?? idType(id),
      name: known?.name ?? id,
      ...(known?.externalId ? { externalId: known.externalId } : {}),
      loaded: known !== undefined,
      depth: d,
      more,
    });
  }
  return {
    revision: meta.revision,
    nodes,
    edges: [...edges.values()],
    omitted,
    types,
    scope: meta.scope,
  };
}
