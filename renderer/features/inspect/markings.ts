/**
 * Data markings: the four TLP 1.0 marking definitions STIX 2.1 fixes by id (§7.2.1.4), TLP 2.0
 * definitions by their statement or name, and any other marking by what the loaded definition says.
 */

type Json = Readonly<Record<string, unknown>>;

/** How a marking is shown. */
export interface MarkingView {
  id: string;
  label: string;
  /** A TLP colour, for the badge. */
  tlp?: 'clear' | 'white' | 'green' | 'amber' | 'amber-strict' | 'red';
}

/** The STIX 2.1 spec's fixed TLP marking-definition ids. */
export const TLP_IDS: Readonly<Record<string, NonNullable<MarkingView['tlp']>>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'white',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

const TLP_WORD = /TLP[:\s-]*(CLEAR|WHITE|GREEN|AMBER\+STRICT|AMBER|RED)/i;

const tlpFrom = (text: string): MarkingView['tlp'] | undefined => {
  const m = TLP_WORD.exec(text);
  if (!m) return undefined;
  const w = m[1]!.toLowerCase();
  return (w === 'amber+strict' ? 'amber-strict' : w) as MarkingView['tlp'];
};

/** How the marking `id` is shown; `definition` is the loaded marking-definition, when there is one. */
export function describeMarking(id: string, definition?: Json): MarkingView {
  const fixed = TLP_IDS[id];
  if (fixed) return { id, label: `TLP:${fixed.toUpperCase()}`, tlp: fixed };
  if (definition) {
    const def = definition.definition as Json | undefined;
    if (def && typeof def.tlp === 'string') {
      const tlp = tlpFrom(`TLP:${def.tlp}`);
      return { id, label: `TLP:${def.tlp.toUpperCase()}`, ...(tlp ? { tlp } : {}) };
    }
    const name = typeof definition.name === 'string' ? definition.name : undefined;
    const statement = def && typeof def.statement === 'string' ? def.statement : undefined;
    const label = name ?? statement ?? id;
    const tlp = tlpFrom(label);
    return { id, label, ...(tlp ? { tlp } : {}) };
  }
  return { id, label: id };
}
