/**
 * The common properties every STIX 2.1 object carries or may carry (§3.2, §6.1): type, id,
 * spec_version, created and modified, checked before anything type-specific.
 */
import { isRfc4122Id, isStixId, isStixType, uuidVersion } from './identifiers';
import { shown, type ProblemList } from './problem';
import { checkMillisecondPrecision, checkOrder, checkTimestamp } from './timestamps';
import type { ObjectKind } from './type-definitions';

type Json = Record<string, unknown>;

/**
 * Checks type, id, spec_version, created and modified of `o`, whose kind is `kind` (undefined for
 * a custom type, which is treated as an SDO when it has created or modified and as an SCO otherwise).
 */
export function checkCommonProperties(
  problems: ProblemList,
  o: Json,
  kind: ObjectKind | undefined,
): void {
  const type = o.type;
  if (type === undefined) {
    problems.error(
      'type-required',
      problems.at('type'),
      'type is missing: every STIX object names its type, e.g. "indicator" (§3.2)',
    );
  } else if (!isStixType(type)) {
    problems.error(
      'type-format',
      problems.at('type'),
      `type ${shown(type)} is not a valid STIX type: use 3–250 characters of a–z, 0–9 and single hyphens (§3.1)`,
    );
  }
  const domainLike =
    kind === 'sdo' ||
    kind === 'sro' ||
    kind === 'meta' ||
    (kind === undefined && (o.created !== undefined || o.modified !== undefined));

  if (o.id === undefined) {
    problems.error(
      'id-required',
      problems.at('id'),
      'id is missing: give the object an id of the form <type>--<UUID> (§2.9)',
    );
  } else if (!isStixId(o.id)) {
    problems.error(
      'id-format',
      problems.at('id'),
      `id ${shown(o.id)} is not of the form <type>--<UUID>: write the type, two hyphens and a UUID (§2.9)`,
    );
  } else if (typeof type === 'string' && !o.id.startsWith(`${type}--`)) {
    problems.error(
      'id-type-prefix',
      problems.at('id'),
      `id ${shown(o.id)} does not start with the object's type "${type}--": an id's prefix must be its object's type (§2.9)`,
    );
  } else if (!isRfc4122Id(o.id)) {
    problems.error(
      'id-uuid',
      problems.at('id'),
      `id ${shown(o.id)} has a UUID that is not RFC 4122-compliant (its variant or version digit): generate a version 4 UUID (§2.9)`,
    );
  } else if (kind === 'sco' && uuidVersion(o.id) !== 5) {
    problems.warn(
      'id-uuid-version',
      problems.at('id'),
      `${article(String(type))} id should be a version 5 UUID derived from its identifying properties, so equal observables get equal ids (§2.9, §6.1)`,
    );
  } else if (
    kind !== 'sco' &&
    kind !== undefined &&
    uuidVersion(o.id) !== 4 &&
    !(kind === 'meta' && type === 'marking-definition')
  ) {
    problems.warn(
      'id-uuid-version',
      problems.at('id'),
      `${article(String(type))} id should use a version 4 (random) UUID (§2.9)`,
    );
  }

  if (o.spec_version === undefined) {
    if (domainLike) {
      problems.error(
        'spec-version-required',
        problems.at('spec_version'),
        'spec_version is missing: STIX 2.1 objects say "spec_version": "2.1" (§3.2)',
      );
    }
  } else if (typeof o.spec_version !== 'string' || !/^\d+\.\d+$/.test(o.spec_version)) {
    problems.error(
      'spec-version-format',
      problems.at('spec_version'),
      `spec_version ${shown(o.spec_version)} is not a version such as "2.1" (§3.2)`,
    );
  } else if (o.spec_version !== '2.1') {
    problems.error(
      'spec-version-value',
      problems.at('spec_version'),
      `spec_version is ${shown(o.spec_version)}: this validator checks STIX 2.1, so it must be "2.1" (§3.2)`,
    );
  }

  const needsModified = domainLike && type !== 'marking-definition';
  for (const key of ['created', 'modified'] as const) {
    const value = o[key];
    const path = problems.at(key);
    if (value === undefined) {
      if (domainLike && (key === 'created' || needsModified)) {
        problems.error(
          `${key}-required`,
          path,
          `${key} is missing (required on ${article(String(type))}): give the time as a UTC timestamp with milliseconds (§3.2)`,
        );
      }
    } else if (checkTimestamp(problems, path, key, value)) {
      checkMillisecondPrecision(problems, path, key, value as string);
    }
  }
  checkOrder(
    problems,
    ['created', 'modified'],
    [o.created, o.modified],
    problems.at('modified'),
    '§3.2',
    { rule: 'modified-before-created' },
  );
}

/** `a malware`, `an indicator`: the type with its article, for messages. */
export function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
