/**
 * The ATT&CK matrix of a loaded collection, following MITRE's STIX conventions (the ATT&CK data
 * model: `x-mitre-matrix.tactic_refs` orders `x-mitre-tactic` columns, whose `x_mitre_shortname`
 * is the `phase_name` of the techniques' `kill_chain_phases`; sub-techniques carry
 * `x_mitre_is_subtechnique` and a `subtechnique-of` relationship to their parent; revoked and
 * `x_mitre_deprecated` objects are left out, as the Navigator does). Without matrix or tactic
 * objects, the columns are the kill-chain phases themselves. Cells are scored by how many of the
 * view's objects `uses` each technique, or by whether one chosen object does.
 */
import type {
  AnalysisScopeT,
  AttackMatrixT,
  MatrixTacticT,
  MatrixTechniqueT,
  NamedObjectT,
} from '../../../shared/contract/analysis';
import { externalIdOf } from './object-names';
import type { Json } from './scope-objects';

/** What the matrix is drawn from (every object once, latest version). */
export interface MatrixData {
  matrices: Json[];
  tactics: Json[];
  techniques: Json[];
  /** `uses` and `subtechnique-of` relationships. */
  relationships: Json[];
  /** `x-mitre-collection` objects (their version names the release). */
  collections: Json[];
}

/** How to score and name. */
export interface MatrixOptions {
  revision: number;
  scope: AnalysisScopeT;
  /** True when the object is loaded in the view asked about. */
  inCurrent: (id: string) => boolean;
  /** Names an object by id (loaded or not). */
  nameOf: (id: string) => NamedObjectT;
  /** Score by this object's usage instead. */
  focus?: string;
}

/** The object types the matrix reads. */
export const MATRIX_TYPES: ReadonlySet<string> = new Set([
  'x-mitre-matrix',
  'x-mitre-tactic',
  'x-mitre-collection',
  'attack-pattern',
  'relationship',
]);

/** Kill chains MITRE publishes, and the Navigator's domain for each. */
const DOMAINS: Readonly<Record<string, string>> = {
  'mitre-attack': 'enterprise-attack',
  'mitre-mobile-attack': 'mobile-attack',
  'mitre-ics-attack': 'ics-attack',
};

/** Most users listed (for the focus picker and the cells' lists). */
const MAX_USERS = 2000;
/** Most users listed per cell. */
const MAX_USED_BY = 500;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const live = (o: Json): boolean => o.revoked !== true && o.x_mitre_deprecated !== true;

interface Phase {
  chain: string;
  phase: string;
}

function phasesOf(o: Json): Phase[] {
  const out: Phase[] = [];
  if (!Array.isArray(o.kill_chain_phases)) return out;
  for (const p of o.kill_chain_phases as unknown[]) {
    if (!p || typeof p !== 'object') continue;
    const chain = str((p as Json).kill_chain_name);
    const phase = str((p as Json).phase_name);
    if (chain && phase) out.push({ chain, phase });
  }
  return out;
}

interface Column {
  id?: string;
  shortname: string;
  name: string;
  externalId?: string;
}

/** The columns and the kill chain they belong to. */
function columnsOf(
  data: MatrixData,
  techniques: Json[],
): { columns: Column[]; chain?: string; from?: AttackMatrixT['columnsFrom']; name: string } {
  const chainCounts = new Map<string, number>();
  for (const t of techniques)
    for (const p of phasesOf(t)) chainCounts.set(p.chain, (chainCounts.get(p.chain) ?? 0) + 1);
  const chain = [...chainCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tacticColumn = (t: Json): Column | undefined => {
    const shortname = str(t.x_mitre_shortname);
    if (!shortname) return undefined;
    const externalId = externalIdOf(t);
    return {
      id: t.id as string,
      shortname,
      name: clip(str(t.name) ?? shortname),
      ...(externalId ? { externalId } : {}),
    };
  };
  const tactics = data.tactics.filter(live);
  const matrix = data.matrices.filter(live)[0];
  if (matrix && Array.isArray(matrix.tactic_refs)) {
    const byId = new Map(tactics.map((t) => [t.id as string, t]));
    const columns = (matrix.tactic_refs as unknown[])
      .map((id) => (typeof id === 'string' ? byId.get(id) : undefined))
      .map((t) => (t ? tacticColumn(t) : undefined))
      .filter((c): c is Column => c !== undefined);
    if (columns.length > 0)
      return {
        columns,
        ...(chain ? { chain } : {}),
        from: 'matrix',
        name: clip(str(matrix.name) ?? 'ATT&CK'),
      };
  }
  if (tactics.length > 0) {
    const columns = tactics
      .map(tacticColumn)
      .filter((c): c is Column => c !== undefined)
      .sort((a, b) => (a.externalId ?? a.name).localeCompare(b.externalId ?? b.name));
    if (columns.length > 0)
      return { columns, ...(chain ? { chain } : {}), from: 'tactics', name: 'ATT&CK tactics' };
  }
  if (!chain) return { columns: [], name: '' };
  const seen = new Set<string>();
  const columns: Column[] = [];
  for (const t of techniques)
    for (const p of phasesOf(t))
      if (p.chain === chain && !seen.has(p.phase)) {
        seen.add(p.phase);
        columns.push({ shortname: p.phase, name: p.phase.replace(/-/g, ' ') });
      }
  return { columns, chain, from: 'kill-chain', name: `Kill chain ${chain}` };
}

/** The matrix; see the file comment. */
export function buildAttackMatrix(data: MatrixData, o: MatrixOptions): AttackMatrixT {
  const techniques = data.techniques.filter(live);
  const { columns, chain, from, name } = columnsOf(data, techniques);
  const matrix = data.matrices.find(live);
  const matrixDomain = matrix ? externalIdOf(matrix) : undefined;
  const domain =
    (matrixDomain && /-attack$/.test(matrixDomain) ? matrixDomain : undefined) ??
    (chain ? DOMAINS[chain] : undefined);
  // The release (18.1) is the collection's version; the matrix object's is its own (1.0).
  const version = str(data.collections.find(live)?.x_mitre_version) ?? str(matrix?.x_mitre_version);
  const base = {
    revision: o.revision,
    name,
    ...(domain ? { domain } : {}),
    ...(chain ? { killChain: chain } : {}),
    ...(from ? { columnsFrom: from } : {}),
    ...(version ? { attackVersion: clip(version, 32) } : {}),
    scope: o.scope,
  };
  if (techniques.length === 0 || columns.length === 0) {
    return {
      ...base,
      available: false,
      reason:
        techniques.length === 0
          ? 'No attack-pattern objects are loaded in this collection.'
          : 'The loaded attack-pattern objects name no kill-chain phases, so they cannot be placed in tactics.',
      tactics: [],
      techniqueCount: 0,
      maxScore: 0,
      users: [],
    };
  }

  // Parents of sub-techniques: the relationship, else the external id's prefix (T1566.001 → T1566).
  const byId = new Map(techniques.map((t) => [t.id as string, t]));
  const byExternal = new Map<string, string>();
  for (const t of techniques) {
    const x = externalIdOf(t);
    if (x) byExternal.set(x, t.id as string);
  }
  const parentOf = new Map<string, string>();
  // target → source → counted for the view (the source or the relationship is in it).
  const users = new Map<string, Map<string, boolean>>();
  for (const r of data.relationships) {
    if (!live(r)) continue;
    const source = str(r.source_ref);
    const target = str(r.target_ref);
    if (!source || !target || !byId.has(target)) continue;
    if (r.relationship_type === 'subtechnique-of') {
      if (byId.has(source)) parentOf.set(source, target);
    } else if (r.relationship_type === 'uses' && !source.startsWith('attack-pattern--')) {
      const counted = o.inCurrent(source) || o.inCurrent(r.id as string);
      let sources = users.get(target);
      if (!sources) users.set(target, (sources = new Map()));
      sources.set(source, (sources.get(source) ?? false) || counted);
    }
  }
  for (const t of techniques) {
    const id = t.id as string;
    if (parentOf.has(id)) continue;
    const x = externalIdOf(t);
    const sub = t.x_mitre_is_subtechnique === true || (x !== undefined && /\.\d+$/.test(x));
    if (!sub || !x) continue;
    const parent = byExternal.get(x.replace(/\.\d+$/, ''));
    if (parent && parent !== id) parentOf.set(id, parent);
  }

  // Everyone using something, named and ordered (the focus picker), and their indexes.
  const allUsers = new Set<string>();
  for (const sources of users.values()) for (const u of sources.keys()) allUsers.add(u);
  const userList = [...allUsers]
    .map((id) => o.nameOf(id))
    .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name))
    .slice(0, MAX_USERS);
  const userIndex = new Map(userList.map((u, i) => [u.id, i]));

  const cell = (t: Json): Omit<MatrixTechniqueT, 'subtechniques'> => {
    const id = t.id as string;
    const sources = users.get(id);
    const x = externalIdOf(t);
    const used: string[] = [];
    for (const [u, counted] of sources ?? [])
      if (o.focus !== undefined ? u === o.focus : counted) used.push(u);
    const usedBy = used
      .map((u) => userIndex.get(u))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b)
      .slice(0, MAX_USED_BY);
    return {
      id,
      ...(x ? { externalId: x } : {}),
      name: clip(str(t.name) ?? x ?? id),
      score: used.length,
      usedBy,
    };
  };

  const children = new Map<string, Json[]>();
  for (const [sub, parent] of parentOf) {
    const t = byId.get(sub);
    if (!t) continue;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(t);
  }
  const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
  const placed = new Set<string>();
  let maxScore = 0;
  const tactics: MatrixTacticT[] = columns.map((c) => {
    const inColumn = techniques.filter(
      (t) =>
        !parentOf.has(t.id as string) &&
        phasesOf(t).some((p) => p.phase === c.shortname && (!chain || p.chain === chain)),
    );
    const cells = inColumn
      .map((t): MatrixTechniqueT => {
        placed.add(t.id as string);
        const subs = (children.get(t.id as string) ?? [])
          .filter((s) => phasesOf(s).some((p) => p.phase === c.shortname))
          .map((s) => {
            placed.add(s.id as string);
            return cell(s);
          })
          .sort(byName);
        const main = cell(t);
        for (const s of [main, ...subs]) maxScore = Math.max(maxScore, s.score);
        return { ...main, subtechniques: subs };
      })
      .sort(byName);
    return {
      ...(c.id ? { id: c.id } : {}),
      shortname: c.shortname,
      name: c.name,
      ...(c.externalId ? { externalId: c.externalId } : {}),
      techniques: cells,
    };
  });

  const focus = o.focus !== undefined ? o.nameOf(o.focus) : undefined;
  return {
    ...base,
    available: true,
    tactics,
    techniqueCount: placed.size,
    maxScore,
    ...(focus ? { focus } : {}),
    users: userList,
  };
}
