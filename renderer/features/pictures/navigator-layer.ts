/**
 * ATT&CK Navigator layers (layer format 4.5, as documented in the Navigator's
 * `layers/LAYERFORMATv4_5.md`): the matrix's current colouring written as a layer an analyst can
 * open in the Navigator, and a layer read back to colour the matrix. Reading is defensive: a
 * layer is data from elsewhere, every field is checked and names stay text.
 */
import type { AttackMatrixT } from '../../../shared/contract/analysis';

/** One technique entry of a layer. */
export interface LayerTechnique {
  techniqueID: string;
  tactic?: string;
  score?: number;
  comment?: string;
  color?: string;
  enabled?: boolean;
  showSubtechniques?: boolean;
}

/** The parts of a layer Taxiway writes and reads. */
export interface NavigatorLayer {
  name: string;
  versions: { attack?: string; navigator: string; layer: string };
  domain: string;
  description?: string;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  [key: string]: unknown;
}

/** The layer format version written. */
export const LAYER_VERSION = '4.5';
/** The Navigator version the layer names (the one documenting layer format 4.5). */
export const NAVIGATOR_VERSION = '5.1.0';

/** Scores by technique id (and tactic), read from a layer. */
export interface LayerColouring {
  name: string;
  domain: string;
  /** `T1234` → score, and `T1234|tactic` → score where the layer named the tactic. */
  scores: Map<string, number>;
  comments: Map<string, string>;
  maxScore: number;
  /** Entries that named no known technique of the matrix. */
  unmatched: number;
}

/** How a technique is scored in the current colouring. */
export interface Scored {
  score: number;
  comment?: string;
}

/** The current colouring of `matrix` as a Navigator layer. */
export function toLayer(
  matrix: AttackMatrixT,
  o: {
    name: string;
    description: string;
    /** The score and comment of a cell (the view's usage, a focus or an imported layer). */
    scoreOf: (techniqueId: string, tactic: string) => Scored | undefined;
  },
): NavigatorLayer {
  const techniques: LayerTechnique[] = [];
  let max = 0;
  for (const tactic of matrix.tactics)
    for (const t of tactic.techniques)
      for (const cell of [t, ...t.subtechniques]) {
        if (!cell.externalId) continue;
        const s = o.scoreOf(cell.id, tactic.shortname);
        if (!s || s.score <= 0) continue;
        max = Math.max(max, s.score);
        techniques.push({
          techniqueID: cell.externalId,
          tactic: tactic.shortname,
          score: s.score,
          ...(s.comment ? { comment: s.comment } : {}),
          enabled: true,
          showSubtechniques: false,
        });
      }
  const major = matrix.attackVersion?.match(/^\d+/)?.[0];
  return {
    name: o.name,
    versions: {
      ...(major ? { attack: major } : {}),
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_VERSION,
    },
    domain: matrix.domain ?? 'enterprise-attack',
    description: o.description,
    sorting: 0,
    layout: { layout: 'side', showID: true, showName: true },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', '#ff6666'], minValue: 0, maxValue: Math.max(1, max) },
    legendItems: [],
    metadata: [],
    links: [],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}

/** A layer read from text, or why it cannot be used. */
export type ReadLayer = { ok: true; layer: LayerColouring } | { ok: false; reason: string };

const MAX_TEXT = 1000;
const clip = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** Reads a Navigator layer (any 4.x) against `matrix`'s techniques. */
export function readLayer(text: string, matrix: AttackMatrixT): ReadLayer {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The file is not JSON.' };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: 'A layer is a JSON object.' };
  const layer = raw as Record<string, unknown>;
  if (!Array.isArray(layer.techniques))
    return { ok: false, reason: 'This is not an ATT&CK Navigator layer (it has no "techniques").' };
  const known = new Set<string>();
  for (const tactic of matrix.tactics)
    for (const t of tactic.techniques)
      for (const cell of [t, ...t.subtechniques]) if (cell.externalId) known.add(cell.externalId);
  const scores = new Map<string, number>();
  const comments = new Map<string, string>();
  let unmatched = 0;
  let maxScore = 0;
  for (const entry of layer.techniques as unknown[]) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.techniqueID !== 'string') continue;
    if (!known.has(e.techniqueID)) {
      unmatched++;
      continue;
    }
    if (e.enabled === false) continue;
    const score = typeof e.score === 'number' && Number.isFinite(e.score) ? e.score : 1;
    const key =
      typeof e.tactic === 'string' && e.tactic !== ''
        ? `${e.techniqueID}|${e.tactic}`
        : e.techniqueID;
    scores.set(key, score);
    if (typeof e.comment === 'string' && e.comment !== '') comments.set(key, clip(e.comment));
    maxScore = Math.max(maxScore, score);
  }
  return {
    ok: true,
    layer: {
      name: typeof layer.name === 'string' ? clip(layer.name) : 'Unnamed layer',
      domain: typeof layer.domain === 'string' ? clip(layer.domain) : '',
      scores,
      comments,
      maxScore,
      unmatched,
    },
  };
}

/** A technique's score and comment in an imported layer (the tactic's entry first). */
export function layerScore(
  layer: LayerColouring,
  externalId: string | undefined,
  tactic: string,
): Scored | undefined {
  if (!externalId) return undefined;
  const key = layer.scores.has(`${externalId}|${tactic}`) ? `${externalId}|${tactic}` : externalId;
  const score = layer.scores.get(key);
  if (score === undefined) return undefined;
  const comment = layer.comments.get(key);
  return { score, ...(comment ? { comment } : {}) };
}

/** The heat level (0–5) of a score, for the cell's class (no inline styles under the CSP). */
export function heatLevel(score: number, max: number): number {
  if (score <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(5, Math.ceil((score / max) * 5)));
}
