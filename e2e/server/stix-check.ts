/**
 * The checks the server makes on each POSTed object before storing it. Deliberately modest: enough
 * to fail clearly broken objects with a reason, never so strict that real feeds (custom `x-` types,
 * `x_mitre_*` properties) are refused.
 */
import { isTimestamp, versionKey } from './timestamps';

const SCO_TYPES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);
const NEEDS_CREATED_MODIFIED = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
  'relationship',
  'sighting',
  'language-content',
]);
const TYPE_RE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `value` is not a storable STIX object, or undefined when it is. */
export function stixProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'not a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'string') return 'missing required property "type"';
  if (!TYPE_RE.test(o.type) || o.type.includes('--'))
    return `"type" ${JSON.stringify(o.type)} is not a valid STIX type name`;
  if (typeof o.id !== 'string') return 'missing required property "id"';
  const [idType, uuid, ...rest] = o.id.split('--');
  if (rest.length || idType !== o.type || !uuid || !UUID_RE.test(uuid)) {
    return `"id" ${JSON.stringify(o.id)} must be "${o.type}--<UUID>"`;
  }
  if (o.spec_version !== undefined && o.spec_version !== '2.1' && o.spec_version !== '2.0') {
    return `"spec_version" ${JSON.stringify(o.spec_version)} is not supported (2.1 or 2.0)`;
  }
  for (const key of ['created', 'modified']) {
    const t = o[key];
    if (t !== undefined && (typeof t !== 'string' || !isTimestamp(t))) {
      return `"${key}" ${JSON.stringify(t)} is not a STIX timestamp like 2024-01-31T12:00:00.000Z`;
    }
  }
  const sco = SCO_TYPES.has(o.type);
  if (NEEDS_CREATED_MODIFIED.has(o.type)) {
    if (o.created === undefined) return `a ${o.type} needs "created"`;
    if (o.modified === undefined && o.spec_version !== undefined)
      return `a ${o.type} needs "modified"`;
  }
  if (o.type === 'marking-definition' && o.created === undefined)
    return 'a marking-definition needs "created"';
  if (
    typeof o.created === 'string' &&
    typeof o.modified === 'string' &&
    versionKey(o.modified) < versionKey(o.created)
  ) {
    return '"modified" is earlier than "created"';
  }
  if (!sco && o.type === 'indicator' && typeof o.pattern !== 'string')
    return 'an indicator needs "pattern"';
  if (
    o.type === 'relationship' &&
    (typeof o.source_ref !== 'string' || typeof o.target_ref !== 'string')
  ) {
    return 'a relationship needs "source_ref" and "target_ref"';
  }
  return undefined;
}

/** Deep equality of two JSON values, ignoring key order (for exact-duplicate detection). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameJson(ao[k], bo[k]));
}
