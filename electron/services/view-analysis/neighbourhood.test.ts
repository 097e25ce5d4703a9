import { describe, expect, it } from 'vitest';
import { buildLinkIndex, neighbourhood } from './neighbourhood';

const meta = { revision: 1, scope: { objects: 0, views: 1, complete: true } };
const group = {
  type: 'intrusion-set',
  id: 'intrusion-set--g',
  name: 'Group',
  created_by_ref: 'identity--me',
};
const tools = Array.from({ length: 30 }, (_, i) => ({
  type: 'malware',
  id: `malware--${String(i).padStart(2, '0')}`,
  name: `Tool ${String(i).padStart(2, '0')}`,
}));
const uses = tools.map((t, i) => ({
  type: 'relationship',
  id: `relationship--${i}`,
  relationship_type: 'uses',
  source_ref: group.id,
  target_ref: t.id,
}));
const sighting = {
  type: 'sighting',
  id: 'sighting--s',
  sighting_of_ref: group.id,
  where_sighted_refs: ['identity--victim'],
};

describe('neighbourhoods', () => {
  const index = buildLinkIndex([group, ...tools, ...uses, sighting]);

  it('labels relationships by type, sightings by role, and refs by property, both ways', () => {
    const n = neighbourhood(index, { ids: [group.id], cap: 100, hide: new Set() }, meta);
    const labels = n.edges.map((e) => `${e.source} ${e.label} ${e.target}`);
    expect(labels).toContain(`${group.id} uses malware--00`);
    expect(labels).toContain(`sighting--s sighting-of ${group.id}`);
    expect(labels).toContain(`${group.id} created_by_ref identity--me`);
    // The relationship object is an edge, not a node.
    expect(n.nodes.some((x) => x.type === 'relationship')).toBe(false);
    expect(n.nodes.find((x) => x.id === 'identity--me')?.loaded).toBe(false);
    // The sighting's other end is one hop further: counted as more, not drawn.
    expect(n.nodes.find((x) => x.id === 'sighting--s')?.more).toBe(1);
  });

  it('caps each expansion and counts the rest; expanding and hiding a type', () => {
    const capped = neighbourhood(index, { ids: [group.id], cap: 10, hide: new Set() }, meta);
    expect(capped.nodes).toHaveLength(11);
    expect(capped.omitted).toBe(22);
    expect(capped.nodes.find((x) => x.id === group.id)?.more).toBe(22);
    expect(capped.types).toEqual({ malware: 30, sighting: 1, identity: 1 });
    const hidden = neighbourhood(
      index,
      { ids: [group.id], cap: 100, hide: new Set(['malware']) },
      meta,
    );
    expect(hidden.nodes.map((x) => x.type).sort()).toEqual([
      'identity',
      'intrusion-set',
      'sighting',
    ]);
    const expanded = neighbourhood(
      index,
      { ids: [group.id, 'sighting--s'], cap: 100, hide: new Set() },
      meta,
    );
    expect(expanded.nodes.find((x) => x.id === 'identity--victim')?.depth).toBe(2);
  });
});
