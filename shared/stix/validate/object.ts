/**
 * Validates one STIX 2.1 object to the letter: common properties, the properties of its type
 * (required, kinds, references, vocabularies, enumerations), the rules that tie properties
 * together, custom properties and types (§11), and an indicator's STIX pattern (§9).
 */
import { article, checkCommonProperties } from './common';
import { checkCoConstraints } from './co-constraints';
import { checkPattern } from './pattern/check';
import { shown, ProblemList, type StixProblem } from './problem';
import { checkProperty } from './properties';
import { isStixId } from './identifiers';
import { TYPE_DEFINITIONS } from './type-definitions';

type Json = Record<string, unknown>;

const PROPERTY_NAME_RE = /^[a-zA-Z0-9_]{3,250}$/;

// Common properties a custom object (§11.2) may carry, checked with their usual kinds.
const CUSTOM_COMMON = TYPE_DEFINITIONS['attack-pattern']!.properties;
const COMMON_NAMES = new Set([
  'type',
  'spec_version',
  'id',
  'created',
  'modified',
  'created_by_ref',
  'revoked',
  'labels',
  'confidence',
  'lang',
  'external_references',
  'object_marking_refs',
  'granular_markings',
  'extensions',
  'defanged',
]);

/**
 * Every problem of `value` as a STIX 2.1 object; paths are rooted at `path` (`$` for a lone
 * object, `$.objects[3]` in a bundle). An empty list means valid; warnings never make it invalid.
 */
export function validateObject(value: unknown, path = '$'): StixProblem[] {
  const problems = new ProblemList(path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.error(
      'object-not-json',
      path,
      'is not a JSON object: a STIX object is a {…} with at least type and id',
    );
    return problems.items;
  }
  const o = value as Json;
  const type = typeof o.type === 'string' ? o.type : undefined;
  if (type === 'bundle') {
    problems.error(
      'nested-bundle',
      path,
      'a bundle cannot be an object of another bundle: put its objects in the outer bundle (§8)',
    );
    return problems.items;
  }
  const definition = type ? TYPE_DEFINITIONS[type] : undefined;
  checkCommonProperties(problems, o, definition?.kind);
  if (type === undefined) return problems.items;

  const extensionTypes = declaredExtensionTypes(o);
  if (definition) {
    for (const [name, kind] of Object.entries(definition.properties)) {
      if (
        COMMON_NAMES.has(name) &&
        ['type', 'id', 'spec_version', 'created', 'modified'].includes(name)
      )
        continue;
      if (o[name] === undefined) {
        if (kind.startsWith('!')) {
          problems.error(
            'property-required',
            problems.at(name),
            `${name} is missing: ${article(type)} must have it (§${definition.clause})`,
          );
        }
      } else checkProperty(problems, type, name, o[name], kind);
    }
    checkCoConstraints(problems, type, o);
  } else {
    if (!type.startsWith('x-') && !extensionTypes.some((t) => t.startsWith('new-'))) {
      problems.warn(
        'custom-type-prefix',
        problems.at('type'),
        `${type} is not a STIX 2.1 type: a custom object type should start with x- (§11.2), or be defined by an extension-definition with extension_type new-sdo, new-sco or new-sro (§7.3)`,
      );
    }
    for (const name of COMMON_NAMES) {
      if (
        ['type', 'id', 'spec_version', 'created', 'modified'].includes(name) ||
        o[name] === undefined
      )
        continue;
      const kind = name === 'defanged' ? 'boolean' : CUSTOM_COMMON[name];
      if (kind) checkProperty(problems, type, name, o[name], kind);
    }
  }

  for (const [name, v] of Object.entries(o)) {
    if (definition ? name in definition.properties : COMMON_NAMES.has(name)) continue;
    checkCustomProperty(problems, name, v, definition !== undefined, extensionTypes);
  }

  if (type === 'indicator' && o.pattern_type === 'stix' && typeof o.pattern === 'string') {
    const at = problems.at('pattern');
    for (const p of checkPattern(o.pattern)) {
      const where = `at column ${p.start + 1}`;
      const span = { start: p.start, end: p.end };
      if (p.severity === 'error')
        problems.error(p.rule, at, `pattern ${where}: ${p.message}`, span);
      else problems.warn(p.rule, at, `pattern ${where}: ${p.message}`, span);
    }
  }
  return problems.items;
}

// The extension_type values an object's extensions declare (§7.3).
function declaredExtensionTypes(o: Json): string[] {
  const ext = o.extensions;
  if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) return [];
  return Object.values(ext as Json)
    .map((e) => (typeof e === 'object' && e !== null ? (e as Json).extension_type : undefined))
    .filter((t): t is string => typeof t === 'string');
}

function checkCustomProperty(
  problems: ProblemList,
  name: string,
  value: unknown,
  onDefinedType: boolean,
  extensionTypes: readonly string[],
): void {
  const path = problems.at(name);
  if (!PROPERTY_NAME_RE.test(name)) {
    problems.error(
      'property-name',
      path,
      `property name ${shown(name)} must be 3–250 ASCII letters, digits or underscores (§3.1, §11.1): rename it`,
    );
    return;
  }
  // §3.1 names _ref/_refs properties for ids; on a custom property it is a convention to keep, so
  // a broken one is a warning (real feeds carry empty placeholders such as MITRE's deprecated ones).
  if (name.endsWith('_ref') && !isStixId(value)) {
    problems.warn(
      'custom-reference',
      path,
      `${name} ends in _ref but ${shown(value)} is not a STIX id: hold an id (<type>--<UUID>) or rename the property (§3.1)`,
    );
  } else if (name.endsWith('_refs') && !(Array.isArray(value) && value.every((v) => isStixId(v)))) {
    problems.warn(
      'custom-reference',
      path,
      `${name} ends in _refs but is not a list of STIX ids: hold ids (<type>--<UUID>) or rename the property (§3.1)`,
    );
  }
  // A custom object's own properties, and top-level properties an extension defines, need no x_ (§7.3).
  if (
    onDefinedType &&
    !name.startsWith('x_') &&
    !extensionTypes.includes('toplevel-property-extension')
  ) {
    problems.warn(
      'custom-property-prefix',
      path,
      `${name} is not a STIX 2.1 property of this type: a custom property should start with x_ and a source name, e.g. x_acme_${name} (§11.1)`,
    );
  }
}
