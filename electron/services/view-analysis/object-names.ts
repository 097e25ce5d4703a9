/**
 * How the pictures name an object: its label (as the table's), its ATT&CK external id, and for a
 * marking-definition what a chip needs (TLP level or statement). Text only, clipped.
 */
import type { NamedObjectT } from '../../../shared/contract/analysis';
import { labelOf } from '../collection-view/row-index';
import type { Json } from './scope-objects';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The ATT&CK id (`mitre-*` source first), else the first external id. */
export function externalIdOf(o: Json): string | undefined {
  const refs = o.external_references;
  if (!Array.isArray(refs)) return undefined;
  let first: string | undefined;
  for (const r of refs as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const ref = r as Json;
    const id = str(ref.external_id);
    if (!id) continue;
    if (/^mitre-/.test(str(ref.source_name) ?? '')) return clip(id, 64);
    first ??= clip(id, 64);
  }
  return first;
}

/** The type part of a STIX id (`malware--…` → `malware`). */
export function idType(id: string): string {
  const i = id.indexOf('--');
  return i > 0 ? id.slice(0, i) : id;
}

/** An object as the pictures name it. */
export function namedObject(o: Json): NamedObjectT {
  const id = str(o.id) ?? '';
  const type = str(o.type) ?? idType(id);
  const externalId = externalIdOf(o);
  const out: NamedObjectT = { id, type, name: labelOf(o), ...(externalId ? { externalId } : {}) };
  if (type === 'marking-definition') {
    const def = (o.definition ?? {}) as Json;
    const tlp = str(def.tlp);
    const statement = str(def.statement);
    out.marking = {
      ...(tlp ? { tlp: clip(tlp, 32) } : {}),
      ...(statement ? { statement: clip(statement) } : {}),
    };
  }
  return out;
}
