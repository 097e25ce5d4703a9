import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../e2e/server/mitre';
import { buildAttackMatrix, type MatrixData } from './attack-matrix';
import { externalIdOf, idType, namedObject } from './object-names';
import type { Json } from './scope-objects';

const ICS = path.resolve(REPO_ROOT, '../shared/data/mitre-attack-ics/ics-attack-18.1.json');
const objects = (JSON.parse(readFileSync(ICS, 'utf8')) as { objects: Json[] }).objects;
const byId = new Map(objects.map((o) => [o.id as string, o]));
const scope = { objects: objects.length, views: 1, complete: true };
const nameOf = (id: string) => {
  const o = byId.get(id);
  return o ? namedObject(o) : { id, type: idType(id), name: id };
};

function data(from: readonly Json[]): MatrixData {
  const of = (t: string) => from.filter((o) => o.type === t);
  return {
    matrices: of('x-mitre-matrix'),
    tactics: of('x-mitre-tactic'),
    techniques: of('attack-pattern'),
    relationships: of('relationship'),
    collections: of('x-mitre-collection'),
  };
}

const live = (o: Json) => o.revoked !== true && o.x_mitre_deprecated !== true;

describe('the ATT&CK matrix', () => {
  it('places every live ICS technique under each tactic its kill-chain phases name, in the matrix order', () => {
    const m = buildAttackMatrix(data(objects), {
      revision: 1,
      scope,
      inCurrent: () => true,
      nameOf,
    });
    const matrix = objects.find((o) => o.type === 'x-mitre-matrix')!;
    const order = (matrix.tactic_refs as string[]).map((id) => byId.get(id)!.x_mitre_shortname);
    expect(m.available).toBe(true);
    expect(m.domain).toBe('ics-attack');
    expect(m.columnsFrom).toBe('matrix');
    expect(m.attackVersion).toBe('18.1');
    expect(m.tactics.map((t) => t.shortname)).toEqual(order);
    const techniques = objects.filter((o) => o.type === 'attack-pattern' && live(o));
    for (const t of m.tactics) {
      const expected = techniques
        .filter((a) => (a.kill_chain_phases as Json[]).some((p) => p.phase_name === t.shortname))
        .map((a) => a.id)
        .sort();
      expect(t.techniques.map((c) => c.id).sort()).toEqual(expected);
    }
    expect(m.techniqueCount).toBe(techniques.length);
  });

  it('scores a technique by how many loaded objects use it, and by one object when focused', () => {
    const uses = objects.filter(
      (o) => o.type === 'relationship' && o.relationship_type === 'uses' && live(o),
    );
    const group = objects.find(
      (o) => o.type === 'intrusion-set' && uses.some((u) => u.source_ref === o.id),
    )!;
    const m = buildAttackMatrix(data(objects), {
      revision: 1,
      scope,
      inCurrent: () => true,
      nameOf,
    });
    const cells = m.tactics.flatMap((t) => t.techniques);
    const target = cells.find((c) => c.score > 1)!;
    const users = new Set(
      uses
        .filter((u) => u.target_ref === target.id && !String(u.source_ref).startsWith('attack-'))
        .map((u) => u.source_ref),
    );
    expect(target.score).toBe(users.size);
    expect(target.usedBy.map((i) => m.users[i]!.id).sort()).toEqual([...users].sort());

    const focused = buildAttackMatrix(data(objects), {
      revision: 1,
      scope,
      inCurrent: () => true,
      nameOf,
      focus: group.id as string,
    });
    const used = new Set(
      uses
        .filter((u) => u.source_ref === group.id && String(u.target_ref).startsWith('attack-'))
        .map((u) => u.target_ref as string),
    );
    const scored = new Set(
      focused.tactics
        .flatMap((t) => t.techniques)
        .filter((c) => c.score > 0)
        .map((c) => c.id),
    );
    expect(scored).toEqual(
      new Set([...used].filter((id) => live(byId.get(id) ?? { revoked: true }))),
    );
    expect(focused.maxScore).toBe(1);
    expect(focused.focus?.name).toBe(group.name);
  });

  it('counts only the users the view holds', () => {
    const m = buildAttackMatrix(data(objects), {
      revision: 1,
      scope,
      inCurrent: () => false,
      nameOf,
    });
    expect(m.maxScore).toBe(0);
    expect(m.users.length).toBeGreaterThan(0); // still offered as a focus
  });

  it('folds sub-techniques under their parent and falls back to kill-chain phases', () => {
    const phase = [{ kill_chain_name: 'acme-chain', phase_name: 'get-in' }];
    const parent = {
      type: 'attack-pattern',
      id: 'attack-pattern--1',
      name: 'Parent',
      kill_chain_phases: phase,
      external_references: [{ source_name: 'mitre-attack', external_id: 'T9000' }],
    };
    const child = {
      ...parent,
      id: 'attack-pattern--2',
      name: 'Child',
      x_mitre_is_subtechnique: true,
      external_references: [{ source_name: 'mitre-attack', external_id: 'T9000.001' }],
    };
    const m = buildAttackMatrix(data([parent, child]), {
      revision: 1,
      scope,
      inCurrent: () => true,
      nameOf,
    });
    expect(m.columnsFrom).toBe('kill-chain');
    expect(m.tactics).toHaveLength(1);
    expect(m.tactics[0]!.techniques).toHaveLength(1);
    expect(m.tactics[0]!.techniques[0]!.subtechniques.map((s) => s.externalId)).toEqual([
      'T9000.001',
    ]);
    expect(externalIdOf(child)).toBe('T9000.001');
  });

  it('says plainly when there is nothing to draw', () => {
    const m = buildAttackMatrix(data([{ type: 'indicator', id: 'indicator--1' }]), {
      revision: 1,
      scope,
      inCurrent: () => true,
      nameOf,
    });
    expect(m.available).toBe(false);
    expect(m.reason).toMatch(/No attack-pattern/);
  });
});
