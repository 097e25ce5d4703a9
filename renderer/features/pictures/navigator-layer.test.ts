import { describe, expect, it } from 'vitest';
import type { AttackMatrixT } from '../../../shared/contract/analysis';
import { heatLevel, layerScore, readLayer, toLayer } from './navigator-layer';

const cell = (id: string, externalId: string, score: number) => ({
  id,
  externalId,
  name: `Technique ${externalId}`,
  score,
  usedBy: [],
  subtechniques: [],
});
const matrix: AttackMatrixT = {
  revision: 1,
  available: true,
  name: 'ATT&CK for ICS',
  domain: 'ics-attack',
  attackVersion: '18.1',
  tactics: [
    {
      shortname: 'initial-access',
      name: 'Initial Access',
      techniques: [cell('a--1', 'T0817', 3), cell('a--2', 'T0819', 0)],
    },
    { shortname: 'execution', name: 'Execution', techniques: [cell('a--3', 'T0807', 1)] },
  ],
  techniqueCount: 3,
  maxScore: 3,
  users: [],
  scope: { objects: 3, views: 1, complete: true },
};
const byId = new Map(matrix.tactics.flatMap((t) => t.techniques).map((c) => [c.id, c]));

describe('ATT&CK Navigator layers', () => {
  it('writes a 4.5 layer with the scored techniques, their tactic and a gradient up to the top score', () => {
    const layer = toLayer(matrix, {
      name: 'Demo',
      description: 'from Taxiway',
      scoreOf: (id) => ({ score: byId.get(id)!.score, comment: 'Used by: <b>x</b>' }),
    });
    expect(layer.versions).toEqual({ attack: '18', navigator: '5.1.0', layer: '4.5' });
    expect(layer.domain).toBe('ics-attack');
    expect(layer.techniques).toEqual([
      {
        techniqueID: 'T0817',
        tactic: 'initial-access',
        score: 3,
        comment: 'Used by: <b>x</b>',
        enabled: true,
        showSubtechniques: false,
      },
      {
        techniqueID: 'T0807',
        tactic: 'execution',
        score: 1,
        comment: 'Used by: <b>x</b>',
        enabled: true,
        showSubtechniques: false,
      },
    ]);
    expect(layer.gradient.maxValue).toBe(3);
  });

  it('reads a layer back: scores by technique and tactic, unknown ids counted, junk refused', () => {
    const layer = toLayer(matrix, {
      name: 'Demo',
      description: '',
      scoreOf: (id) => ({ score: byId.get(id)!.score }),
    });
    layer.techniques.push(
      { techniqueID: 'T9999', score: 5 },
      { techniqueID: 'T0819', enabled: false },
    );
    const read = readLayer(JSON.stringify(layer), matrix);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(layerScore(read.layer, 'T0817', 'initial-access')).toEqual({ score: 3 });
    expect(layerScore(read.layer, 'T0819', 'initial-access')).toBeUndefined();
    expect(read.layer.unmatched).toBe(1);
    expect(read.layer.maxScore).toBe(3);
    expect(readLayer('nope', matrix)).toEqual({ ok: false, reason: 'The file is not JSON.' });
    expect(readLayer('{"name":"x"}', matrix).ok).toBe(false);
  });

  it('maps scores to five heat levels', () => {
    expect([0, 1, 2, 3].map((s) => heatLevel(s, 3))).toEqual([0, 2, 4, 5]);
    expect(heatLevel(1, 100)).toBe(1);
  });
});
