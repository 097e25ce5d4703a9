/**
 * Side-by-side difference of two versions of an object, property by property (top-level keys,
 * values as formatted JSON): what a person compares when an object is revised.
 */

type Json = Readonly<Record<string, unknown>>;

/** How a property differs between the left and the right version. */
export type Change = 'same' | 'changed' | 'added' | 'removed';

/** One property of the comparison. */
export interface DiffRow {
  key: string;
  left?: string;
  right?: string;
  change: Change;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** Compares `left` and `right`: keys in the left's order, then keys only the right has. */
export function diffVersions(left: Json, right: Json): DiffRow[] {
  const keys = [...Object.keys(left), ...Object.keys(right).filter((k) => !(k in left))];
  return keys.map((key) => {
    const inL = Object.prototype.hasOwnProperty.call(left, key);
    const inR = Object.prototype.hasOwnProperty.call(right, key);
    const l = inL ? show(left[key]) : undefined;
    const r = inR ? show(right[key]) : undefined;
    const change: Change = !inL ? 'added' : !inR ? 'removed' : l === r ? 'same' : 'changed';
    return {
      key,
      change,
      ...(l !== undefined ? { left: l } : {}),
      ...(r !== undefined ? { right: r } : {}),
    };
  });
}
