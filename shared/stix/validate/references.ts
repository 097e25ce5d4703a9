/**
 * Reference properties (§2.9, §3.1): a `_ref` holds one STIX id, a `_refs` a list of them, and
 * each property allows only some types of object (e.g. `created_by_ref` an identity).
 */
import { article } from './common';
import { idType, isStixId } from './identifiers';
import { shown, type ProblemList } from './problem';
import { TYPE_DEFINITIONS } from './type-definitions';

/** True when an id of type `type` may stand where `allowed` (`a|b|sdo|sco|sro|*`) is expected. */
export function typeAllowed(type: string, allowed: string): boolean {
  const kind = TYPE_DEFINITIONS[type]?.kind;
  for (const option of allowed.split('|')) {
    if (option === '*' || option === type) return true;
    if (option === 'sdo' || option === 'sco' || option === 'sro') {
      if (kind === option) return true;
      // A custom object type (§11.2, or a new-sdo/new-sco/new-sro extension) may be any of them.
      if (kind === undefined && type !== 'bundle') return true;
    }
  }
  return false;
}

function describeAllowed(allowed: string): string {
  const names = allowed
    .split('|')
    .map((a) =>
      a === 'sdo'
        ? 'a domain object (SDO)'
        : a === 'sco'
          ? 'a cyber-observable (SCO)'
          : a === 'sro'
            ? 'a relationship or sighting'
            : article(a),
    );
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** Checks one reference value at `path` against `allowed`. */
export function checkReference(
  problems: ProblemList,
  path: string,
  name: string,
  value: unknown,
  allowed: string,
): void {
  if (!isStixId(value)) {
    problems.error(
      'reference-format',
      path,
      `${name} ${shown(value)} is not a STIX id: write <type>--<UUID>, the id of the object referred to (§2.9)`,
    );
    return;
  }
  const type = idType(value)!;
  if (!typeAllowed(type, allowed)) {
    problems.error(
      'reference-type',
      path,
      `${name} points to ${article(type)}, but it must point to ${describeAllowed(allowed)}: refer to an object of an allowed type`,
    );
  }
}

/** Checks a list of references at `path` (a non-empty list, §3.1). */
export function checkReferenceList(
  problems: ProblemList,
  path: string,
  name: string,
  value: unknown,
  allowed: string,
): void {
  if (!Array.isArray(value)) {
    problems.error('property-type', path, `${name} must be a list of STIX ids`);
    return;
  }
  if (value.length === 0) {
    problems.error(
      'empty-list',
      path,
      `${name} is an empty list: leave the property out or list at least one id (§3.1)`,
    );
    return;
  }
  value.forEach((ref, i) =>
    checkReference(problems, `${path}[${i}]`, `${name}[${i}]`, ref, allowed),
  );
}
