/**
 * Test support for the validator's tests: a minimal valid object of every STIX 2.1 type, written
 * from the spec (not from ./type-definitions.ts), and small helpers. Not used by the product.
 */
import { validateObject } from './object';
import type { StixProblem } from './problem';

// Ids: version 4 UUIDs for SDOs, SROs and meta objects, version 5 for SCOs (§2.9).
export const v4 = (type: string, n = 0): string =>
  `${type}--6b2a4c5d-0e1f-4a2b-8c3d-${String(n).padStart(12, '0')}`;
export const v5 = (type: string, n = 0): string =>
  `${type}--6b2a4c5d-0e1f-5a2b-9c3d-${String(n).padStart(12, '0')}`;
export const T = '2024-01-31T12:00:00.000Z';
export const LATER = '2024-02-01T08:30:00.000Z';

export const sdo = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: v4(type),
  created: T,
  modified: T,
  ...extra,
});
export const sco = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: v5(type),
  ...extra,
});

// A minimal valid object of every STIX 2.1 type, with what the spec requires of each (§4–§7).
export const MINIMAL: Record<string, [Record<string, unknown>, string[]]> = {
  'attack-pattern': [sdo('attack-pattern', { name: 'Spearphishing' }), ['name']],
  campaign: [sdo('campaign', { name: 'Operation X' }), ['name']],
  'course-of-action': [sdo('course-of-action', { name: 'Block it' }), ['name']],
  grouping: [
    sdo('grouping', { context: 'suspicious-activity', object_refs: [v4('indicator')] }),
    ['context', 'object_refs'],
  ],
  identity: [sdo('identity', { name: 'ACME CERT', identity_class: 'organization' }), ['name']],
  incident: [sdo('incident', { name: 'Breach' }), ['name']],
  indicator: [
    sdo('indicator', {
      pattern: "[ipv4-addr:value = '198.51.100.1']",
      pattern_type: 'stix',
      valid_from: T,
    }),
    ['pattern', 'pattern_type', 'valid_from'],
  ],
  infrastructure: [sdo('infrastructure', { name: 'C2 net' }), ['name']],
  'intrusion-set': [sdo('intrusion-set', { name: 'APT X' }), ['name']],
  location: [sdo('location', { region: 'northern-europe' }), []],
  malware: [sdo('malware', { name: 'Poison Ivy', is_family: true }), ['is_family']],
  'malware-analysis': [
    sdo('malware-analysis', { product: 'sandbox', result: 'malicious' }),
    ['product'],
  ],
  note: [
    sdo('note', { content: 'See also', object_refs: [v4('malware')] }),
    ['content', 'object_refs'],
  ],
  'observed-data': [
    sdo('observed-data', {
      first_observed: T,
      last_observed: LATER,
      number_observed: 1,
      object_refs: [v5('ipv4-addr')],
    }),
    ['first_observed', 'last_observed', 'number_observed'],
  ],
  opinion: [
    sdo('opinion', { opinion: 'agree', object_refs: [v4('report')] }),
    ['opinion', 'object_refs'],
  ],
  report: [
    sdo('report', { name: 'Q1', published: T, object_refs: [v4('indicator')] }),
    ['name', 'published', 'object_refs'],
  ],
  'threat-actor': [sdo('threat-actor', { name: 'Evil Corp' }), ['name']],
  tool: [sdo('tool', { name: 'nmap' }), ['name']],
  vulnerability: [sdo('vulnerability', { name: 'CVE-2016-1234' }), ['name']],
  relationship: [
    sdo('relationship', {
      relationship_type: 'indicates',
      source_ref: v4('indicator'),
      target_ref: v4('malware'),
    }),
    ['relationship_type', 'source_ref', 'target_ref'],
  ],
  sighting: [sdo('sighting', { sighting_of_ref: v4('indicator') }), ['sighting_of_ref']],
  artifact: [sco('artifact', { payload_bin: 'SGVsbG8=' }), []],
  'autonomous-system': [sco('autonomous-system', { number: 15139 }), ['number']],
  directory: [sco('directory', { path: 'C:\\Windows' }), ['path']],
  'domain-name': [sco('domain-name', { value: 'example.com' }), ['value']],
  'email-addr': [sco('email-addr', { value: 'a@example.com' }), ['value']],
  'email-message': [sco('email-message', { is_multipart: false, body: 'hi' }), ['is_multipart']],
  file: [sco('file', { name: 'a.exe' }), []],
  'ipv4-addr': [sco('ipv4-addr', { value: '198.51.100.3' }), ['value']],
  'ipv6-addr': [sco('ipv6-addr', { value: '2001:db8::1' }), ['value']],
  'mac-addr': [sco('mac-addr', { value: 'd2:fb:49:24:37:18' }), ['value']],
  mutex: [sco('mutex', { name: '__CLEANSWEEP__' }), ['name']],
  'network-traffic': [
    sco('network-traffic', { dst_ref: v5('ipv4-addr'), protocols: ['ipv4', 'tcp'] }),
    ['protocols'],
  ],
  process: [sco('process', { pid: 1221 }), []],
  software: [sco('software', { name: 'Word' }), ['name']],
  url: [sco('url', { value: 'https://example.com/' }), ['value']],
  'user-account': [sco('user-account', { user_id: '1001' }), []],
  'windows-registry-key': [sco('windows-registry-key', { key: 'HKEY_LOCAL_MACHINE\\System' }), []],
  'x509-certificate': [sco('x509-certificate', { serial_number: '36:f7:d4:32' }), []],
  'language-content': [
    sdo('language-content', {
      object_ref: v4('campaign'),
      contents: { de: { name: 'Bank Angriff' } },
    }),
    ['object_ref', 'contents'],
  ],
  'marking-definition': [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: v4('marking-definition'),
      created: T,
      definition_type: 'statement',
      definition: { statement: 'Copyright ACME' },
    },
    ['created'],
  ],
  'extension-definition': [
    sdo('extension-definition', {
      created_by_ref: v4('identity'),
      name: 'acme-ext',
      schema: 'https://example.com/schema.json',
      version: '1.0',
      extension_types: ['property-extension'],
    }),
    ['created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  ],
};

export const COMMON_REQUIRED: Record<string, string[]> = {
  sdo: ['type', 'id', 'spec_version', 'created', 'modified'],
  sco: ['type', 'id'],
};
export const isSco = (o: Record<string, unknown>): boolean => (o.id as string).includes('-5a2b-');

export const errors = (v: unknown): StixProblem[] =>
  validateObject(v).filter((p) => p.severity === 'error');
export const rules = (v: unknown): string[] =>
  validateObject(v).map((p) => `${p.severity} ${p.rule} ${p.path}`);
export const without = (o: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};
