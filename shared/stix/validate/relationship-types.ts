/**
 * The relationship types STIX 2.1 defines for each pair of source and target types (the
 * "Relationships" tables of §4.1–§4.19), plus the three any object may use (§5.1). A
 * relationship_type SHOULD be one listed for its source and target, but MAY be any string (§5.1).
 */
import { OBSERVABLE_TYPES, TYPE_DEFINITIONS } from './type-definitions';

/** Relationship types any object may have to another (§5.1). */
export const COMMON_RELATIONSHIP_TYPES: readonly string[] = [
  'derived-from',
  'duplicate-of',
  'related-to',
];

const ADDRESSES = 'ipv4-addr ipv6-addr domain-name url';
const TARGETS = 'identity location vulnerability';

// source → relationship type → target types (space separated; "sco" stands for every SCO type).
const TABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'attack-pattern': { delivers: 'malware', targets: TARGETS, uses: 'malware tool' },
  campaign: {
    'attributed-to': 'intrusion-set threat-actor',
    compromises: 'infrastructure',
    'originates-from': 'location',
    targets: TARGETS,
    uses: 'attack-pattern infrastructure malware tool',
  },
  'course-of-action': {
    investigates: 'indicator',
    mitigates: 'attack-pattern indicator malware tool vulnerability',
    remediates: 'malware vulnerability',
  },
  identity: { 'located-at': 'location' },
  indicator: {
    indicates: 'attack-pattern campaign infrastructure intrusion-set malware threat-actor tool',
    'based-on': 'observed-data',
  },
  infrastructure: {
    'communicates-with': `infrastructure ${ADDRESSES}`,
    'consists-of': 'infrastructure observed-data sco',
    controls: 'infrastructure malware',
    delivers: 'malware',
    has: 'vulnerability',
    hosts: 'tool malware',
    'located-at': 'location',
    uses: 'infrastructure',
  },
  'intrusion-set': {
    'attributed-to': 'threat-actor',
    compromises: 'infrastructure',
    hosts: 'infrastructure',
    owns: 'infrastructure',
    'originates-from': 'location',
    targets: TARGETS,
    uses: 'attack-pattern infrastructure malware tool',
  },
  malware: {
    'authored-by': 'threat-actor intrusion-set',
    'beacons-to': 'infrastructure',
    'exfiltrates-to': 'infrastructure',
    'communicates-with': ADDRESSES,
    controls: 'malware',
    downloads: 'malware tool file',
    drops: 'malware tool file',
    exploits: 'vulnerability',
    'originates-from': 'location',
    targets: `${TARGETS} infrastructure`,
    uses: 'attack-pattern infrastructure malware tool',
    'variant-of': 'malware',
  },
  'malware-analysis': {
    characterizes: 'malware',
    'analysis-of': 'malware',
    'static-analysis-of': 'malware',
    'dynamic-analysis-of': 'malware',
  },
  'threat-actor': {
    'attributed-to': 'identity',
    compromises: 'infrastructure',
    hosts: 'infrastructure',
    owns: 'infrastructure',
    impersonates: 'identity',
    'located-at': 'location',
    targets: TARGETS,
    uses: 'attack-pattern infrastructure malware tool',
  },
  tool: {
    delivers: 'malware',
    drops: 'malware',
    has: 'vulnerability',
    targets: `${TARGETS} infrastructure`,
    uses: 'infrastructure',
  },
};

/** True when STIX 2.1 defines `type` (so its relationships are known). */
export function isDefinedType(type: string): boolean {
  return TYPE_DEFINITIONS[type] !== undefined;
}

/**
 * The relationship types STIX 2.1 lists from `source` to `target` (for a form's choices),
 * the common three last.
 */
export function relationshipTypesFor(source: string, target: string): string[] {
  const found = Object.entries(TABLE[source] ?? {})
    .filter(([, targets]) => {
      const list = targets.split(' ');
      return list.includes(target) || (list.includes('sco') && OBSERVABLE_TYPES.has(target));
    })
    .map(([type]) => type);
  return [...found, ...COMMON_RELATIONSHIP_TYPES];
}
