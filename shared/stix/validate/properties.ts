/**
 * Checks one property value against its kind from ./type-definitions.ts: strings, lists,
 * integers in range, timestamps, references, vocabularies, enumerations and the structured types
 * of §2 (external references, kill chain phases, hashes) and §7.2.3 (granular markings).
 */
import { article } from './common';
import { checkReference, checkReferenceList } from './references';
import { shown, type ProblemList } from './problem';
import { checkTimestamp } from './timestamps';
import { ENUMERATIONS, OPEN_VOCABULARIES } from './vocabularies';
import { checkExtensions } from './extensions';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HASH_KEY_RE = /^[a-zA-Z0-9_-]{3,250}$/;
const DICT_KEY_RE = /^[a-zA-Z0-9_-]+$/;
const RELATIONSHIP_TYPE_RE = /^[a-z0-9-]+$/;

/** Checks `value` (present) as property `name` of kind `kind`; `type` is the object's type. */
export function checkProperty(
  problems: ProblemList,
  type: string,
  name: string,
  value: unknown,
  kind: string,
): void {
  const path = problems.at(name);
  const [head, arg = ''] = splitKind(kind);
  const typeError = (expected: string): void =>
    problems.error('property-type', path, `${name} must be ${expected}, not ${shown(value)}`);
  switch (head) {
    case 'string':
      if (typeof value !== 'string') typeError('a string');
      return;
    case 'string[]':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => {
        if (typeof v !== 'string')
          problems.error(
            'property-type',
            `${path}[${i}]`,
            `${name}[${i}] must be a string, not ${shown(v)}`,
          );
      });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeError('true or false');
      return;
    case 'timestamp':
      checkTimestamp(problems, path, name, value);
      return;
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || (head === 'int' && !Number.isInteger(value))) {
        typeError(head === 'int' ? 'an integer' : 'a number');
        return;
      }
      const [min, max] = arg.split('..').map((s) => (s === '' ? undefined : Number(s)));
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        problems.error(
          'property-range',
          path,
          `${name} is ${value}, outside the allowed range ${min ?? '−∞'} to ${max ?? '∞'}: give a value in range (§${clauseOfRange(type)})`,
        );
      }
      return;
    }
    case 'hex':
      if (typeof value !== 'string' || !HEX_RE.test(value))
        typeError('hexadecimal text with an even number of digits (§2.8)');
      return;
    case 'binary':
      if (typeof value !== 'string' || !BASE64_RE.test(value))
        typeError('base64 text (RFC 4648 §4, with padding) (§2.1)');
      return;
    case 'object':
    case 'dictionary':
      if (!isObject(value)) typeError('a JSON object');
      else if (head === 'dictionary') checkDictionaryKeys(problems, path, name, value);
      return;
    case 'ref':
      checkReference(problems, path, name, value, arg);
      return;
    case 'refs':
      checkReferenceList(problems, path, name, value, arg);
      return;
    case 'ov':
      checkVocabulary(problems, path, name, value, arg);
      return;
    case 'ov[]':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) =>
        checkVocabulary(problems, `${path}[${i}]`, `${name}[${i}]`, v, arg),
      );
      return;
    case 'enum':
      checkEnumeration(problems, path, name, value, arg);
      return;
    case 'enum[]':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) =>
        checkEnumeration(problems, `${path}[${i}]`, `${name}[${i}]`, v, arg),
      );
      return;
    case 'relationship-type':
      if (typeof value !== 'string') typeError('a string');
      else if (!RELATIONSHIP_TYPE_RE.test(value))
        problems.error(
          'relationship-type-format',
          path,
          `relationship_type ${shown(value)} may only hold a–z, 0–9 and hyphens (§5.1): e.g. "uses" or "indicates"`,
        );
      return;
    case 'external-references':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => checkExternalReference(problems, `${path}[${i}]`, v));
      return;
    case 'kill-chain-phases':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => checkKillChainPhase(problems, `${path}[${i}]`, v));
      return;
    case 'granular-markings':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => checkGranularMarking(problems, `${path}[${i}]`, v));
      return;
    case 'hashes':
      checkHashes(problems, path, name, value);
      return;
    case 'extensions':
      checkExtensions(problems, path, type, value);
      return;
    case 'mime-parts':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => checkMimePart(problems, `${path}[${i}]`, v));
      return;
    case 'registry-values':
      if (!checkList(problems, path, name, value)) return;
      (value as unknown[]).forEach((v, i) => {
        if (!isObject(v))
          problems.error('property-type', `${path}[${i}]`, `values[${i}] must be a JSON object`);
        else if (v.data_type !== undefined)
          checkEnumeration(
            problems,
            `${path}[${i}].data_type`,
            'data_type',
            v.data_type,
            'windows-registry-datatype-enum',
          );
      });
      return;
    case 'language-contents':
      if (!isObject(value)) typeError('a JSON object of language code → translated properties');
      else
        for (const [lang, tr] of Object.entries(value))
          if (!isObject(tr))
            problems.error(
              'property-type',
              `${path}[${JSON.stringify(lang)}]`,
              `contents.${lang} must be a JSON object of translated properties (§7.1)`,
            );
      return;
    case 'reserved':
      problems.error(
        'reserved-property',
        path,
        `${name} is reserved on ${article(type)} and must not be used (§4.3): remove it`,
      );
      return;
  }
}

function splitKind(kind: string): [string, string?] {
  const k = kind.startsWith('!') ? kind.slice(1) : kind;
  const colon = k.indexOf(':');
  return colon < 0 ? [k] : [k.slice(0, colon), k.slice(colon + 1)];
}

function clauseOfRange(type: string): string {
  return type === 'observed-data' ? '4.14' : type === 'sighting' ? '5.2' : '3.2';
}

/** True when `value` is a non-empty list; records the problem otherwise (§2.12). */
function checkList(problems: ProblemList, path: string, name: string, value: unknown): boolean {
  if (!Array.isArray(value)) {
    problems.error('property-type', path, `${name} must be a list, not ${shown(value)}`);
    return false;
  }
  if (value.length === 0) {
    problems.error(
      'empty-list',
      path,
      `${name} is an empty list: leave the property out or give at least one value (§2.12)`,
    );
    return false;
  }
  return true;
}

function checkVocabulary(
  problems: ProblemList,
  path: string,
  name: string,
  value: unknown,
  vocab: string,
): void {
  if (typeof value !== 'string') {
    problems.error(
      'property-type',
      path,
      `${name} must be a string from ${vocab}, not ${shown(value)}`,
    );
    return;
  }
  const values = OPEN_VOCABULARIES[vocab] ?? [];
  if (!values.includes(value)) {
    problems.warn(
      'open-vocabulary',
      path,
      `${name} ${shown(value)} is not in ${vocab} (§10): use one of its values (${values.slice(0, 6).join(', ')}${values.length > 6 ? ', …' : ''}) where one fits`,
    );
  }
}

function checkEnumeration(
  problems: ProblemList,
  path: string,
  name: string,
  value: unknown,
  enumName: string,
): void {
  const values = ENUMERATIONS[enumName] ?? [];
  if (typeof value !== 'string' || !values.includes(value)) {
    problems.error(
      'closed-enumeration',
      path,
      `${name} ${shown(value)} is not one of ${enumName} (${values.join(', ')}): use one of these exactly`,
    );
  }
}

function checkDictionaryKeys(problems: ProblemList, path: string, name: string, value: Json): void {
  for (const key of Object.keys(value)) {
    if (key.length > 250 || !DICT_KEY_RE.test(key)) {
      problems.error(
        'dictionary-key',
        `${path}[${JSON.stringify(key)}]`,
        `${name} key ${shown(key)} must be at most 250 ASCII letters, digits, hyphens or underscores (§2.3)`,
      );
    }
  }
}

function checkHashes(problems: ProblemList, path: string, name: string, value: unknown): void {
  if (!isObject(value)) {
    problems.error(
      'property-type',
      path,
      `${name} must be a JSON object of algorithm → hash value`,
    );
    return;
  }
  if (Object.keys(value).length === 0) {
    problems.error(
      'empty-hashes',
      path,
      `${name} is empty: give at least one hash or leave it out (§2.7)`,
    );
    return;
  }
  const known = OPEN_VOCABULARIES['hash-algorithm-ov']!;
  for (const [key, hash] of Object.entries(value)) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (typeof hash !== 'string')
      problems.error('property-type', at, `hash ${key} must be a string`);
    if (known.includes(key)) continue;
    if (!HASH_KEY_RE.test(key)) {
      problems.error(
        'hash-key',
        at,
        `hash algorithm ${shown(key)} must be 3–250 ASCII letters, digits, hyphens or underscores (§2.7)`,
      );
    } else {
      const fix = known.find(
        (k) => k.toLowerCase().replace(/-/g, '') === key.toLowerCase().replace(/[-_]/g, ''),
      );
      problems.warn(
        'open-vocabulary',
        at,
        `hash algorithm ${shown(key)} is not in hash-algorithm-ov (§10.7)${fix ? `: write ${fix}` : ': use MD5, SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512, SSDEEP or TLSH where one fits'}`,
      );
    }
  }
}

function checkExternalReference(problems: ProblemList, path: string, value: unknown): void {
  if (!isObject(value)) {
    problems.error('property-type', path, 'an external reference must be a JSON object (§2.5)');
    return;
  }
  if (typeof value.source_name !== 'string') {
    problems.error(
      'external-reference',
      `${path}.source_name`,
      'an external reference needs a source_name string (§2.5)',
    );
  }
  if (
    value.description === undefined &&
    value.url === undefined &&
    value.external_id === undefined
  ) {
    problems.error(
      'external-reference',
      path,
      'an external reference needs a description, url or external_id besides its source_name (§2.5)',
    );
  }
  for (const key of ['description', 'url', 'external_id'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string')
      problems.error('property-type', `${path}.${key}`, `${key} must be a string`);
  }
  if (value.hashes !== undefined) checkHashes(problems, `${path}.hashes`, 'hashes', value.hashes);
  if (
    value.source_name === 'cve' &&
    typeof value.external_id === 'string' &&
    !/^CVE-\d{4}-\d{4,}$/.test(value.external_id)
  ) {
    problems.error(
      'external-reference',
      `${path}.external_id`,
      `a cve external_id must be CVE-YYYY-NNNN…, not ${shown(value.external_id)} (§2.5)`,
    );
  }
  if (
    value.source_name === 'capec' &&
    typeof value.external_id === 'string' &&
    !/^CAPEC-\d+$/.test(value.external_id)
  ) {
    problems.error(
      'external-reference',
      `${path}.external_id`,
      `a capec external_id must be CAPEC-NNN, not ${shown(value.external_id)} (§2.5)`,
    );
  }
}

function checkKillChainPhase(problems: ProblemList, path: string, value: unknown): void {
  if (!isObject(value)) {
    problems.error('property-type', path, 'a kill chain phase must be a JSON object (§2.11)');
    return;
  }
  for (const key of ['kill_chain_name', 'phase_name'] as const) {
    const v = value[key];
    if (typeof v !== 'string') {
      problems.error(
        'kill-chain-phase',
        `${path}.${key}`,
        `a kill chain phase needs a ${key} string (§2.11)`,
      );
    } else if (!/^[a-z0-9-]+$/.test(v)) {
      problems.warn(
        'kill-chain-phase-case',
        `${path}.${key}`,
        `${key} ${shown(v)} should be lowercase with hyphens between words (§2.11)`,
      );
    }
  }
}

function checkGranularMarking(problems: ProblemList, path: string, value: unknown): void {
  if (!isObject(value)) {
    problems.error('property-type', path, 'a granular marking must be a JSON object (§7.2.3)');
    return;
  }
  const hasRef = value.marking_ref !== undefined;
  const hasLang = value.lang !== undefined;
  if (hasRef === hasLang) {
    problems.error(
      'granular-marking',
      path,
      `a granular marking must have exactly one of marking_ref and lang (§7.2.3); it has ${hasRef ? 'both' : 'neither'}`,
    );
  }
  if (hasRef)
    checkReference(
      problems,
      `${path}.marking_ref`,
      'marking_ref',
      value.marking_ref,
      'marking-definition',
    );
  if (hasLang && typeof value.lang !== 'string')
    problems.error('property-type', `${path}.lang`, 'lang must be a string');
  const selectors = value.selectors;
  if (!Array.isArray(selectors) || selectors.length === 0) {
    problems.error(
      'granular-marking',
      `${path}.selectors`,
      'a granular marking needs a non-empty selectors list (§7.2.3)',
    );
    return;
  }
  selectors.forEach((s, i) => {
    if (typeof s !== 'string' || !/^[a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+|\.\[\d+\]|\[\d+\])*$/.test(s)) {
      problems.error(
        'granular-marking',
        `${path}.selectors[${i}]`,
        `selector ${shown(s)} is not a property path such as description or external_references.[0].url (§7.2.3.1)`,
      );
    }
  });
}

function checkMimePart(problems: ProblemList, path: string, value: unknown): void {
  if (!isObject(value)) {
    problems.error('property-type', path, 'a MIME part must be a JSON object (§6.6.2)');
    return;
  }
  if ((value.body === undefined) === (value.body_raw_ref === undefined)) {
    problems.error(
      'mime-part',
      path,
      'a MIME part must have exactly one of body and body_raw_ref (§6.6.2)',
    );
  }
  if (value.body_raw_ref !== undefined)
    checkReference(
      problems,
      `${path}.body_raw_ref`,
      'body_raw_ref',
      value.body_raw_ref,
      'artifact|file',
    );
}
