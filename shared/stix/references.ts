/**
 * Links between objects: every `*_ref` / `*_refs` property (at any depth: granular markings,
 * extensions, custom properties) is a reference. Incoming references are found by indexing the
 * loaded objects once.
 */

type Json = Readonly<Record<string, unknown>>;

/** One reference: where it sits in the referring object, and the id it points at. */
export interface Reference {
  /** Property path such as `object_refs[3]` or `granular_markings[0].marking_ref`. */
  path: string;
  id: string;
}

const MAX_DEPTH = 8;

/** Every reference `o` makes, in property order. */
export function outgoingReferences(o: Json): Reference[] {
  const out: Reference[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, v] of Object.entries(value as Json)) {
      const here = path ? `${path}.${key}` : key;
      if (key.endsWith('_ref') && typeof v === 'string') out.push({ path: here, id: v });
      else if (key.endsWith('_refs') && Array.isArray(v))
        v.forEach((id, i) => {
          if (typeof id === 'string') out.push({ path: `${here}[${i}]`, id });
        });
      else walk(v, here, depth + 1);
    }
  };
  walk(o, '', 0);
  return out;
}

/** An incoming reference: which object refers, and through which property. */
export interface Incoming {
  from: Json;
  path: string;
}

/** Index of who refers to whom among `objects` (built once per loaded set). */
export function incomingIndex(objects: readonly Json[]): Map<string, Incoming[]> {
  const index = new Map<string, Incoming[]>();
  for (const o of objects) {
    for (const ref of outgoingReferences(o)) {
      let list = index.get(ref.id);
      if (!list) index.set(ref.id, (list = []));
      list.push({ from: o, path: ref.path });
    }
  }
  return index;
}
