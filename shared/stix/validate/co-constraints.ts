/**
 * Rules that tie several properties of one object together: time ranges, "one of these MUST be
 * present", "these MUST NOT appear together", and the TLP marking definitions (§4–§7).
 */
import { article } from './common';
import { idType } from './identifiers';
import { shown, type ProblemList } from './problem';
import { isDefinedType, relationshipTypesFor } from './relationship-types';
import { checkOrder } from './timestamps';
import { TLP_MARKING_IDS } from './vocabularies';

type Json = Record<string, unknown>;

const FIRST_LAST_SEEN: Readonly<Record<string, string>> = {
  campaign: '§4.2',
  infrastructure: '§4.8',
  'intrusion-set': '§4.9',
  malware: '§4.11',
  'threat-actor': '§4.17',
  sighting: '§5.2',
};

// SCOs for which the spec asks for at least one property besides the common ones (§6.13, §6.16–§6.18).
const AT_LEAST_ONE: Readonly<Record<string, string>> = {
  process: '§6.13',
  'user-account': '§6.16',
  'windows-registry-key': '§6.17',
  'x509-certificate': '§6.18',
};
const SCO_COMMON = new Set([
  'type',
  'id',
  'spec_version',
  'object_marking_refs',
  'granular_markings',
  'defanged',
]);

const has = (o: Json, key: string): boolean => o[key] !== undefined;

/** Checks the multi-property rules of an object of the STIX-defined type `type`. */
export function checkCoConstraints(problems: ProblemList, type: string, o: Json): void {
  const firstLast = FIRST_LAST_SEEN[type];
  if (firstLast)
    checkOrder(
      problems,
      ['first_seen', 'last_seen'],
      [o.first_seen, o.last_seen],
      problems.at('last_seen'),
      firstLast,
    );
  const oneOf = (keys: string[], clause: string, path = problems.base): void => {
    if (!keys.some((k) => has(o, k))) {
      problems.error(
        'property-required',
        path,
        `${article(type)} needs at least one of ${keys.join(', ')} (${clause})`,
      );
    }
  };
  const notBoth = (a: string, b: string, clause: string): void => {
    if (has(o, a) && has(o, b)) {
      problems.error(
        'property-conflict',
        problems.at(b),
        `${article(type)} must not have both ${a} and ${b} (${clause}): keep one`,
      );
    }
  };
  switch (type) {
    case 'indicator':
      checkOrder(
        problems,
        ['valid_from', 'valid_until'],
        [o.valid_from, o.valid_until],
        problems.at('valid_until'),
        '§4.7',
        { strict: true },
      );
      break;
    case 'location': {
      if (has(o, 'latitude') !== has(o, 'longitude')) {
        problems.error(
          'property-required',
          problems.at(has(o, 'latitude') ? 'longitude' : 'latitude'),
          'latitude and longitude go together: give both or neither (§4.10)',
        );
      }
      if (has(o, 'precision') && !(has(o, 'latitude') && has(o, 'longitude'))) {
        problems.error(
          'property-required',
          problems.at('precision'),
          'precision needs latitude and longitude (§4.10)',
        );
      }
      if (!has(o, 'region') && !has(o, 'country') && !(has(o, 'latitude') && has(o, 'longitude'))) {
        problems.error(
          'property-required',
          problems.base,
          'a location needs a region, a country, or latitude and longitude (§4.10)',
        );
      }
      break;
    }
    case 'malware':
      if (o.is_family === true && !has(o, 'name')) {
        problems.error(
          'property-required',
          problems.at('name'),
          'a malware family (is_family: true) needs a name (§4.11)',
        );
      }
      break;
    case 'malware-analysis':
      oneOf(['result', 'analysis_sco_refs'], '§4.12');
      checkOrder(
        problems,
        ['analysis_started', 'analysis_ended'],
        [o.analysis_started, o.analysis_ended],
        problems.at('analysis_ended'),
        '§4.12',
      );
      break;
    case 'observed-data':
      checkOrder(
        problems,
        ['first_observed', 'last_observed'],
        [o.first_observed, o.last_observed],
        problems.at('last_observed'),
        '§4.14',
      );
      oneOf(['object_refs', 'objects'], '§4.14');
      notBoth('object_refs', 'objects', '§4.14');
      if (has(o, 'objects')) {
        problems.warn(
          'deprecated-property',
          problems.at('objects'),
          'objects is deprecated in STIX 2.1: put the observables in the bundle and list their ids in object_refs (§4.14)',
        );
      }
      break;
    case 'relationship':
      checkRelationshipType(problems, o);
      checkOrder(
        problems,
        ['start_time', 'stop_time'],
        [o.start_time, o.stop_time],
        problems.at('stop_time'),
        '§5.1',
        { strict: true },
      );
      break;
    case 'artifact':
      oneOf(['payload_bin', 'url'], '§6.1');
      notBoth('payload_bin', 'url', '§6.1');
      if (has(o, 'url') && !has(o, 'hashes')) {
        problems.error(
          'property-required',
          problems.at('hashes'),
          'an artifact with a url needs hashes of its content (§6.1)',
        );
      }
      if (has(o, 'decryption_key') && !has(o, 'encryption_algorithm')) {
        problems.error(
          'property-required',
          problems.at('encryption_algorithm'),
          'decryption_key needs encryption_algorithm (§6.1)',
        );
      }
      break;
    case 'email-message':
      if (o.is_multipart === true && has(o, 'body')) {
        problems.error(
          'property-conflict',
          problems.at('body'),
          'a multipart email-message carries its body in body_multipart, not body (§6.6)',
        );
      }
      if (o.is_multipart === false && has(o, 'body_multipart')) {
        problems.error(
          'property-conflict',
          problems.at('body_multipart'),
          'body_multipart needs is_multipart: true (§6.6)',
        );
      }
      break;
    case 'file':
      oneOf(['hashes', 'name'], '§6.7');
      break;
    case 'network-traffic':
      oneOf(['src_ref', 'dst_ref'], '§6.12');
      if (o.is_active === true && has(o, 'end')) {
        problems.error(
          'property-conflict',
          problems.at('end'),
          'active network traffic (is_active: true) must not have an end (§6.12)',
        );
      }
      checkOrder(problems, ['start', 'end'], [o.start, o.end], problems.at('end'), '§6.12');
      if (Array.isArray(o.protocols)) {
        o.protocols.forEach((p, i) => {
          if (typeof p === 'string' && p !== p.toLowerCase()) {
            problems.warn(
              'protocol-case',
              problems.at('protocols', i),
              `protocol ${shown(p)} should be lowercase, as IANA service names (§6.12)`,
            );
          }
        });
      }
      break;
    case 'mac-addr':
      if (typeof o.value === 'string' && !/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/.test(o.value)) {
        problems.error(
          'observable-value',
          problems.at('value'),
          `mac-addr value ${shown(o.value)} must be a lowercase, colon-delimited MAC-48 address with leading zeros, e.g. 0a:1b:2c:3d:4e:5f (§6.10)`,
        );
      }
      break;
    case 'marking-definition':
      checkMarkingDefinition(problems, o);
      break;
  }
  const atLeastOne = AT_LEAST_ONE[type];
  if (atLeastOne && Object.keys(o).every((k) => SCO_COMMON.has(k))) {
    problems.error(
      'property-required',
      problems.base,
      `${article(type)} needs at least one of its own properties besides type and id (${atLeastOne})`,
    );
  }
}

// §5.1: relationship_type SHOULD be one the spec lists for the pair, but MAY be any string; only
// pairs of STIX-defined types are checked (custom types define their own relationships).
function checkRelationshipType(problems: ProblemList, o: Json): void {
  const source = idType(o.source_ref);
  const target = idType(o.target_ref);
  const type = o.relationship_type;
  if (
    !source ||
    !target ||
    typeof type !== 'string' ||
    !/^[a-z0-9-]+$/.test(type) ||
    !isDefinedType(source) ||
    !isDefinedType(target)
  )
    return;
  const listed = relationshipTypesFor(source, target);
  if (listed.includes(type)) return;
  problems.warn(
    'relationship-vocabulary',
    problems.at('relationship_type'),
    `${shown(type)} is not a relationship STIX 2.1 lists from ${source} to ${target} (§5.1): use one of ${listed.join(', ')} where one fits`,
  );
}

function checkMarkingDefinition(problems: ProblemList, o: Json): void {
  if (!has(o, 'extensions')) {
    for (const key of ['definition_type', 'definition']) {
      if (!has(o, key)) {
        problems.error(
          'property-required',
          problems.at(key),
          `${key} is missing: a marking-definition without extensions needs definition_type and definition (§7.2.1)`,
        );
      }
    }
  }
  const def = o.definition;
  if (typeof def !== 'object' || def === null || Array.isArray(def)) return;
  const d = def as Json;
  if (o.definition_type === 'tlp') {
    const level = d.tlp;
    const canonical = typeof level === 'string' ? TLP_MARKING_IDS[level] : undefined;
    if (!canonical) {
      problems.error(
        'closed-enumeration',
        problems.at('definition', 'tlp'),
        `definition.tlp ${shown(level)} must be white, green, amber or red (§7.2.1.4)`,
      );
    } else if (o.id !== canonical) {
      problems.error(
        'tlp-marking-id',
        problems.at('id'),
        `the TLP ${level} marking definition must have the id ${canonical}: use the predefined object (§7.2.1.4)`,
      );
    }
  } else if (o.definition_type === 'statement' && typeof d.statement !== 'string') {
    problems.error(
      'property-required',
      problems.at('definition', 'statement'),
      'a statement marking needs definition.statement, a string (§7.2.1.3)',
    );
  }
}
