/**
 * The checks a bundle must pass before it is sent (publish): the subset of the STIX 2.1 validator
 * (./validate) that any TAXII server would reject — object shape, type, id, `spec_version` form,
 * `created`/`modified` (present on SDOs and SROs, well-formed, in order), `created_by_ref`,
 * `object_marking_refs` and `revoked`. STIX 2.0 objects and custom types pass; the full rules are
 * `validateObject`'s.
 */
import { STIX_DOMAIN_TYPES, STIX_RELATIONSHIP_TYPES } from './common';
import { validateObject, type StixProblem } from './validate';

export { isStixId, isStixType } from './validate/identifiers';
export { isStixTimestamp } from './validate/timestamps';

/** One problem with one object of a bundle. */
export interface ObjectProblem {
  /** Index of the object in the bundle's `objects`. */
  index: number;
  /** The object's id, when it has a usable one. */
  id?: string;
  /** JSON path of the offending value, e.g. `$.objects[3].modified`. */
  path: string;
  message: string;
}

/** True when `value` is a `spec_version` value (`2.0`, `2.1`, …). */
export function isSpecVersion(value: unknown): value is string {
  return typeof value === 'string' && /^\d+\.\d+$/.test(value);
}

const NEEDS_CREATED_MODIFIED: ReadonlySet<string> = new Set([
  ...STIX_DOMAIN_TYPES,
  ...STIX_RELATIONSHIP_TYPES,
]);

const ALWAYS = new Set([
  'object-not-json',
  'type-required',
  'type-format',
  'id-required',
  'id-format',
  'id-type-prefix',
  'spec-version-format',
  'modified-before-created',
]);

// Whether a validator problem is one a server would reject the object for.
function isTransportProblem(p: StixProblem, type: unknown): boolean {
  if (p.severity !== 'error') return false;
  if (ALWAYS.has(p.rule)) return true;
  if (p.rule === 'timestamp-format') return /\.(created|modified)$/.test(p.path);
  if (p.rule === 'created-required' || p.rule === 'modified-required') {
    return typeof type === 'string' && NEEDS_CREATED_MODIFIED.has(type);
  }
  if (p.rule === 'reference-format' || p.rule === 'property-type' || p.rule === 'empty-list') {
    return /\.(created_by_ref|object_marking_refs(\[\d+\])?|revoked)$/.test(p.path);
  }
  return false;
}

/**
 * Every problem with `value` as a STIX object at `objects[index]` (path rooted at `root`) that
 * would make a server reject it. An empty list means it can be sent.
 */
export function checkStixObject(
  value: unknown,
  index: number,
  root = '$.objects',
): ObjectProblem[] {
  const type =
    typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const idValue =
    typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  const id = typeof idValue === 'string' ? idValue : undefined;
  return validateObject(value, `${root}[${index}]`)
    .filter((p) => isTransportProblem(p, type))
    .map((p) => ({ index, ...(id ? { id } : {}), path: p.path, message: p.message }));
}
