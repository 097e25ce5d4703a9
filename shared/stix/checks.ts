/**
 * Checks of STIX objects' common properties (STIX 2.1 §2, §3): id, type, spec_version and
 * timestamps. Custom types (`x-…`, or any valid type name) and custom properties are valid; the
 * checks are about what a TAXII server would reject, not a full STIX validator.
 */
import { jsonPath } from '../taxii/validate';
import { compareTimestamps, isTimestamp } from '../taxii/timestamps';
import { STIX_DOMAIN_TYPES, STIX_RELATIONSHIP_TYPES } from './common';

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

const TYPE_RE = /^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when `type` is a valid STIX type name: 3–250 of a–z, 0–9 and single hyphens. */
export function isStixType(type: unknown): type is string {
  return typeof type === 'string' && type.length >= 3 && type.length <= 250 && TYPE_RE.test(type);
}

/** True when `id` is `<type>--<UUID>` (and, if `type` is given, starts with that type). */
export function isStixId(id: unknown, type?: string): id is string {
  if (typeof id !== 'string') return false;
  const sep = id.indexOf('--');
  if (sep < 0) return false;
  const prefix = id.slice(0, sep);
  if (!isStixType(prefix) || (type !== undefined && prefix !== type)) return false;
  return UUID_RE.test(id.slice(sep + 2));
}

/** True when `value` is a STIX timestamp: RFC 3339 in UTC with a literal `Z`. */
export function isStixTimestamp(value: unknown): value is string {
  return isTimestamp(value);
}

/** True when `value` is a `spec_version` value (`2.0`, `2.1`, …). */
export function isSpecVersion(value: unknown): value is string {
  return typeof value === 'string' && /^\d+\.\d+$/.test(value);
}

const NEEDS_CREATED_MODIFIED: ReadonlySet<string> = new Set([
  ...STIX_DOMAIN_TYPES,
  ...STIX_RELATIONSHIP_TYPES,
]);

/**
 * Every problem with `value` as a STIX object at `objects[index]` (path rooted at `root`).
 * An empty list means the common properties are fine.
 */
export function checkStixObject(
  value: unknown,
  index: number,
  root = '$.objects',
): ObjectProblem[] {
  const base = `${root}[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ index, path: base, message: 'is not a JSON object' }];
  }
  const o = value as Record<string, unknown>;
  const problems: ObjectProblem[] = [];
  const id = typeof o.id === 'string' ? o.id : undefined;
  const add = (key: string | undefined, message: string): void => {
    problems.push({
      index,
      ...(id ? { id } : {}),
      path: key ? jsonPath([key], base) : base,
      message,
    });
  };

  if (o.type === undefined) add('type', 'type is missing');
  else if (!isStixType(o.type)) {
    add(
      'type',
      `type ${JSON.stringify(o.type)} is not a valid STIX type (3–250 characters: a–z, 0–9, single hyphens)`,
    );
  }
  if (o.id === undefined) add('id', 'id is missing');
  else if (!isStixId(o.id))
    add('id', `id ${JSON.stringify(o.id)} is not of the form <type>--<UUID>`);
  else if (typeof o.type === 'string' && !(o.id as string).startsWith(`${o.type}--`)) {
    add('id', `id ${JSON.stringify(o.id)} does not start with the object's type "${o.type}--"`);
  }
  if (o.spec_version !== undefined && !isSpecVersion(o.spec_version)) {
    add(
      'spec_version',
      `spec_version ${JSON.stringify(o.spec_version)} is not a version such as "2.1"`,
    );
  }
  for (const key of ['created', 'modified'] as const) {
    if (o[key] !== undefined && !isStixTimestamp(o[key])) {
      add(
        key,
        `${key} ${JSON.stringify(o[key])} is not an RFC 3339 UTC timestamp (e.g. 2024-01-31T12:00:00.000Z)`,
      );
    }
  }
  if (typeof o.type === 'string' && NEEDS_CREATED_MODIFIED.has(o.type)) {
    if (o.created === undefined) add('created', `created is missing (required on a ${o.type})`);
    if (o.modified === undefined) add('modified', `modified is missing (required on a ${o.type})`);
  }
  if (
    isStixTimestamp(o.created) &&
    isStixTimestamp(o.modified) &&
    compareTimestamps(o.modified, o.created) < 0
  ) {
    add('modified', `modified (${o.modified}) is earlier than created (${o.created})`);
  }
  if (o.created_by_ref !== undefined && !isStixId(o.created_by_ref)) {
    add('created_by_ref', `created_by_ref ${JSON.stringify(o.created_by_ref)} is not a STIX id`);
  }
  if (o.object_marking_refs !== undefined) {
    if (!Array.isArray(o.object_marking_refs))
      add('object_marking_refs', 'object_marking_refs is not a list');
    else {
      o.object_marking_refs.forEach((ref, i) => {
        if (!isStixId(ref)) {
          problems.push({
            index,
            ...(id ? { id } : {}),
            path: jsonPath(['object_marking_refs', i], base),
            message: `marking reference ${JSON.stringify(ref)} is not a STIX id`,
          });
        }
      });
    }
  }
  if (o.revoked !== undefined && typeof o.revoked !== 'boolean')
    add('revoked', 'revoked is not true or false');
  return problems;
}
