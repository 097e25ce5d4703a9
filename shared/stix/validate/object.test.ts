import { describe, expect, it } from 'vitest';
import { validateObject } from './object';
import type { StixProblem } from './problem';

// Ids: version 4 UUIDs for SDOs, SROs and meta objects, version 5 for SCOs (§2.9).
const v4 = (type: string, n = 0): string =>
  `${type}--6b2a4c5d-0e1f-4a2b-8c3d-${String(n).padStart(12, '0')}`;
const v5 = (type: string, n = 0): string =>
  `${type}--6b2a4c5d-0e1f-5a2b-9c3d-${String(n).padStart(12, '0')}`;
const T = '2024-01-31T12:00:00.000Z';
const LATER = '2024-02-01T08:30:00.000Z';

const sdo = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: v4(type),
  created: T,
  modified: T,
  ...extra,
});
const sco = (type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: v5(type),
  ...extra,
});

// A minimal valid object of every STIX 2.1 type, with what the spec requires of each (§4–§7).
const MINIMAL: Record<string, [Record<string, unknown>, string[]]> = {
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

const COMMON_REQUIRED: Record<string, string[]> = {
  sdo: ['type', 'id', 'spec_version', 'created', 'modified'],
  sco: ['type', 'id'],
};
const isSco = (o: Record<string, unknown>): boolean => (o.id as string).includes('-5a2b-');

const errors = (v: unknown): StixProblem[] =>
  validateObject(v).filter((p) => p.severity === 'error');
const rules = (v: unknown): string[] =>
  validateObject(v).map((p) => `${p.severity} ${p.rule} ${p.path}`);
const without = (o: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

describe('every STIX 2.1 type', () => {
  it.each(Object.keys(MINIMAL))('accepts a minimal valid %s without a problem', (type) => {
    expect(validateObject(MINIMAL[type]![0])).toEqual([]);
  });

  it.each(Object.keys(MINIMAL))('refuses a %s missing any required property', (type) => {
    const [o, required] = MINIMAL[type]!;
    const common =
      type === 'marking-definition'
        ? ['type', 'id', 'spec_version']
        : COMMON_REQUIRED[isSco(o) ? 'sco' : 'sdo']!;
    for (const key of [...common, ...required]) {
      const found = errors(without(o, key));
      expect(
        found.map((p) => p.path),
        `${type} without ${key}`,
      ).toContain(`$.${key}`);
      expect(found.find((p) => p.path === `$.${key}`)!.message).toMatch(/missing/);
    }
  });
});

describe('ids (§2.9)', () => {
  const base = MINIMAL.tool![0];
  it.each([
    ['tool--123', 'id-format'],
    ['tool-6b2a4c5d-0e1f-4a2b-8c3d-000000000000', 'id-format'],
    ['Tool--6b2a4c5d-0e1f-4a2b-8c3d-000000000000', 'id-format'],
    ['tool--6b2a4c5d0e1f4a2b8c3d000000000000', 'id-format'],
    [42, 'id-format'],
    ['malware--6b2a4c5d-0e1f-4a2b-8c3d-000000000000', 'id-type-prefix'],
    ['tool--6b2a4c5d-0e1f-4a2b-cc3d-000000000000', 'id-uuid'],
    ['tool--6b2a4c5d-0e1f-0a2b-8c3d-000000000000', 'id-uuid'],
  ])('refuses id %s (%s)', (id, rule) => {
    expect(errors({ ...base, id }).map((p) => p.rule)).toEqual([rule]);
  });
  it('accepts upper-case UUID digits and warns of a non-v4 SDO or non-v5 SCO id', () => {
    expect(errors({ ...base, id: 'tool--6B2A4C5D-0E1F-4A2B-8C3D-00000000000A' })).toEqual([]);
    expect(rules({ ...base, id: 'tool--6b2a4c5d-0e1f-1a2b-8c3d-000000000000' })).toEqual([
      'warning id-uuid-version $.id',
    ]);
    expect(rules({ ...MINIMAL.url![0], id: v4('url') })).toEqual(['warning id-uuid-version $.id']);
  });
  it('refuses a bad type name', () => {
    for (const type of ['ab', 'Tool', 'my_type', 'a--b', '-abc', 'abc-']) {
      expect(
        errors({ ...base, type }).map((p) => p.rule),
        type,
      ).toContain('type-format');
    }
  });
});

describe('timestamps (§2.15, §3.2)', () => {
  const base = MINIMAL.campaign![0];
  it.each([
    '2024-01-31 12:00:00.000Z',
    '2024-01-31T12:00:00.000',
    '2024-01-31T12:00:00.000+01:00',
    '2024-02-30T12:00:00.000Z',
    '2024-01-31T24:00:00.000Z',
    '2024-1-31T12:00:00.000Z',
    '2024-01-31T12:00:00.Z',
    'yesterday',
    1706702400000,
  ])('refuses %s as a timestamp', (value) => {
    expect(errors({ ...base, created: value, modified: value }).map((p) => p.rule)).toEqual([
      'timestamp-format',
      'timestamp-format',
    ]);
    expect(errors({ ...base, first_seen: value }).map((p) => `${p.rule} ${p.path}`)).toEqual([
      'timestamp-format $.first_seen',
    ]);
  });
  it('wants created and modified to the millisecond or finer, other timestamps at any precision', () => {
    expect(
      errors({ ...base, created: '2024-01-31T12:00:00Z', modified: '2024-01-31T12:00:00.1Z' }).map(
        (p) => `${p.rule} ${p.path}`,
      ),
    ).toEqual(['timestamp-precision $.created', 'timestamp-precision $.modified']);
    expect(
      errors({
        ...base,
        created: '2024-01-31T12:00:00.123456Z',
        modified: '2024-01-31T12:00:00.123456789Z',
        first_seen: '2024-01-01T00:00:00Z',
      }),
    ).toEqual([]);
    const [message] = errors({ ...base, created: '2024-01-31T12:00:00Z', modified: LATER }).map(
      (p) => p.message,
    );
    expect(message).toContain('2024-01-31T12:00:00.000Z');
  });
  it('wants modified at or after created', () => {
    expect(
      errors({ ...base, created: LATER, modified: T }).map((p) => `${p.rule} ${p.path}`),
    ).toEqual(['modified-before-created $.modified']);
    expect(errors({ ...base, created: T, modified: T })).toEqual([]);
    expect(
      errors({
        ...base,
        created: '2024-01-31T12:00:00.0001Z',
        modified: '2024-01-31T12:00:00.000Z',
      }),
    ).toHaveLength(1);
  });
  it('wants time ranges in order', () => {
    expect(errors({ ...base, first_seen: LATER, last_seen: T }).map((p) => p.path)).toEqual([
      '$.last_seen',
    ]);
    expect(errors({ ...base, first_seen: T, last_seen: T })).toEqual([]);
    const ind = MINIMAL.indicator![0];
    expect(errors({ ...ind, valid_until: T }).map((p) => `${p.rule} ${p.path}`)).toEqual([
      'timestamp-order $.valid_until',
    ]);
    expect(errors({ ...ind, valid_until: LATER })).toEqual([]);
    const od = MINIMAL['observed-data']![0];
    expect(errors({ ...od, first_observed: LATER, last_observed: T }).map((p) => p.path)).toEqual([
      '$.last_observed',
    ]);
    const rel = MINIMAL.relationship![0];
    expect(errors({ ...rel, start_time: T, stop_time: T }).map((p) => p.path)).toEqual([
      '$.stop_time',
    ]);
  });
});

describe('spec_version (§3.2)', () => {
  it('is required on SDOs and SROs, optional on SCOs, and must be 2.1', () => {
    expect(errors(without(MINIMAL.tool![0], 'spec_version')).map((p) => p.rule)).toEqual([
      'spec-version-required',
    ]);
    expect(errors(without(MINIMAL.relationship![0], 'spec_version')).map((p) => p.rule)).toEqual([
      'spec-version-required',
    ]);
    expect(errors(without(MINIMAL.url![0], 'spec_version'))).toEqual([]);
    expect(errors({ ...MINIMAL.tool![0], spec_version: '2.0' }).map((p) => p.rule)).toEqual([
      'spec-version-value',
    ]);
    expect(errors({ ...MINIMAL.tool![0], spec_version: 'v2' }).map((p) => p.rule)).toEqual([
      'spec-version-format',
    ]);
    expect(errors({ ...MINIMAL.url![0], spec_version: 2.1 }).map((p) => p.rule)).toEqual([
      'spec-version-format',
    ]);
  });
});

describe('references (§2.9, §3.2, §4–§7)', () => {
  const tool = MINIMAL.tool![0];
  it('checks the type each reference property allows', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...tool, created_by_ref: v4('malware') }, '$.created_by_ref', 'reference-type'],
      [{ ...tool, created_by_ref: 'ACME' }, '$.created_by_ref', 'reference-format'],
      [
        { ...tool, object_marking_refs: [v4('identity')] },
        '$.object_marking_refs[0]',
        'reference-type',
      ],
      [
        { ...tool, object_marking_refs: v4('marking-definition') },
        '$.object_marking_refs',
        'property-type',
      ],
      [{ ...tool, object_marking_refs: [] }, '$.object_marking_refs', 'empty-list'],
      [
        { ...MINIMAL.relationship![0], target_ref: v4('marking-definition') },
        '$.target_ref',
        'reference-type',
      ],
      [
        { ...MINIMAL.relationship![0], source_ref: v4('relationship') },
        '$.source_ref',
        'reference-type',
      ],
      [
        { ...MINIMAL.sighting![0], sighting_of_ref: v5('file') },
        '$.sighting_of_ref',
        'reference-type',
      ],
      [
        { ...MINIMAL.sighting![0], where_sighted_refs: [v4('malware')] },
        '$.where_sighted_refs[0]',
        'reference-type',
      ],
      [
        { ...MINIMAL.sighting![0], observed_data_refs: [v4('indicator')] },
        '$.observed_data_refs[0]',
        'reference-type',
      ],
      [{ ...MINIMAL.report![0], object_refs: [] }, '$.object_refs', 'empty-list'],
      [
        { ...MINIMAL['observed-data']![0], object_refs: [v4('malware')] },
        '$.object_refs[0]',
        'reference-type',
      ],
      [
        { ...MINIMAL['email-addr']![0], belongs_to_ref: v5('email-addr') },
        '$.belongs_to_ref',
        'reference-type',
      ],
      [{ ...MINIMAL['network-traffic']![0], dst_ref: v5('url') }, '$.dst_ref', 'reference-type'],
      [{ ...MINIMAL.malware![0], sample_refs: [v5('url')] }, '$.sample_refs[0]', 'reference-type'],
      [
        { ...MINIMAL.file![0], parent_directory_ref: v5('file') },
        '$.parent_directory_ref',
        'reference-type',
      ],
    ];
    for (const [o, path, rule] of cases) {
      expect(
        errors(o).map((p) => `${p.rule} ${p.path}`),
        path,
      ).toEqual([`${rule} ${path}`]);
    }
  });
  it('accepts references to custom object types where any SDO or SCO may stand', () => {
    expect(errors({ ...MINIMAL.relationship![0], target_ref: v4('x-mitre-tactic') })).toEqual([]);
    expect(
      errors({ ...MINIMAL.report![0], object_refs: [v4('x-mitre-matrix'), v5('file')] }),
    ).toEqual([]);
    expect(errors({ ...tool, created_by_ref: v4('x-acme-person') }).map((p) => p.rule)).toEqual([
      'reference-type',
    ]);
  });
  it('tells what a reference must point to', () => {
    const [p] = errors({ ...tool, created_by_ref: v4('malware') });
    expect(p!.message).toBe(
      'created_by_ref points to a malware, but it must point to an identity: refer to an object of an allowed type',
    );
  });
});

describe('vocabularies (§10) and enumerations', () => {
  it('warns of a value outside an open vocabulary, never an error', () => {
    expect(
      rules({ ...MINIMAL.malware![0], malware_types: ['remote-access-trojan', 'cryptominer'] }),
    ).toEqual(['warning open-vocabulary $.malware_types[1]']);
    expect(rules({ ...MINIMAL.identity![0], identity_class: 'company' })).toEqual([
      'warning open-vocabulary $.identity_class',
    ]);
    expect(rules({ ...MINIMAL.indicator![0], pattern_type: 'kql', pattern: 'x' })).toEqual([
      'warning open-vocabulary $.pattern_type',
    ]);
    expect(
      rules({ ...MINIMAL['threat-actor']![0], sophistication: 'expert', roles: ['agent'] }),
    ).toEqual([]);
  });
  it('refuses a value outside a closed enumeration', () => {
    expect(rules({ ...MINIMAL.opinion![0], opinion: 'maybe' })).toEqual([
      'error closed-enumeration $.opinion',
    ]);
    expect(
      rules({ ...MINIMAL.artifact![0], encryption_algorithm: 'rot13', decryption_key: 'k' }),
    ).toEqual(['error closed-enumeration $.encryption_algorithm']);
    expect(
      rules({ ...MINIMAL['extension-definition']![0], extension_types: ['new-thing'] }),
    ).toEqual(['error closed-enumeration $.extension_types[0]']);
    expect(
      rules({
        ...MINIMAL['windows-registry-key']![0],
        values: [{ name: 'a', data_type: 'REG_TEXT' }],
      }),
    ).toEqual(['error closed-enumeration $.values[0].data_type']);
  });
  it('refuses a vocabulary value of the wrong JSON type', () => {
    expect(rules({ ...MINIMAL.malware![0], malware_types: 'trojan' })).toEqual([
      'error property-type $.malware_types',
    ]);
  });
});

describe('custom properties and types (§11)', () => {
  const tool = MINIMAL.tool![0];
  it('accepts x_ properties and warns of others', () => {
    expect(rules({ ...tool, x_acme_score: 3 })).toEqual([]);
    expect(rules({ ...tool, acme_score: 3 })).toEqual([
      'warning custom-property-prefix $.acme_score',
    ]);
  });
  it('refuses property names outside the allowed characters or lengths', () => {
    expect(rules({ ...tool, 'x-acme': 1 })).toEqual(['error property-name $["x-acme"]']);
    expect(rules({ ...tool, xy: 1 })).toEqual(['error property-name $.xy']);
    expect(rules({ ...tool, [`x_${'a'.repeat(249)}`]: 1 })[0]).toMatch(/^error property-name/);
    expect(rules({ ...tool, x_café: 1 })[0]).toMatch(/^error property-name/);
  });
  it('warns when a custom _ref property holds no id', () => {
    expect(rules({ ...tool, x_acme_owner_ref: '' })).toEqual([
      'warning custom-reference $.x_acme_owner_ref',
    ]);
    expect(rules({ ...tool, x_acme_owner_ref: v4('identity') })).toEqual([]);
  });
  it('accepts x- custom objects and warns of other unknown types', () => {
    const custom = {
      ...sdo('x-mitre-tactic', {}),
      id: v4('x-mitre-tactic'),
      x_mitre_shortname: 'evasion',
      name: 'Evasion',
    };
    expect(rules(custom)).toEqual([]);
    expect(rules({ ...custom, type: 'acme-widget', id: v4('acme-widget') })).toEqual([
      'warning custom-type-prefix $.type',
    ]);
    expect(errors({ ...custom, created: '2024-01-31T12:00:00Z' }).map((p) => p.rule)).toEqual([
      'timestamp-precision',
    ]);
    expect(errors(without(custom, 'modified')).map((p) => p.rule)).toEqual(['modified-required']);
    expect(errors({ ...custom, created_by_ref: v4('tool') }).map((p) => p.rule)).toEqual([
      'reference-type',
    ]);
  });
  it('accepts a type defined by a new-sdo extension and properties of a top-level extension', () => {
    const ext = v4('extension-definition');
    expect(
      rules({
        ...sdo('acme-widget', {}),
        extensions: { [ext]: { extension_type: 'new-sdo' } },
        size: 3,
      }),
    ).toEqual([]);
    expect(
      rules({
        ...tool,
        extensions: { [ext]: { extension_type: 'toplevel-property-extension' } },
        rank: 3,
      }),
    ).toEqual([]);
  });
  it('refuses a bundle as an object', () => {
    expect(rules({ type: 'bundle', id: v4('bundle'), objects: [] })).toEqual([
      'error nested-bundle $',
    ]);
  });
});

describe('extensions (§7.3)', () => {
  const ext = v4('extension-definition');
  it('accepts extension-definition keys and predefined SCO extensions', () => {
    expect(
      rules({
        ...MINIMAL.tool![0],
        extensions: { [ext]: { extension_type: 'property-extension', rank: 1 } },
      }),
    ).toEqual([]);
    expect(
      rules({
        ...MINIMAL.file![0],
        extensions: { 'archive-ext': { contains_refs: [v5('file', 1)] } },
      }),
    ).toEqual([]);
  });
  it('warns of other keys and refuses bad values', () => {
    expect(rules({ ...MINIMAL.tool![0], extensions: { 'acme-ext': {} } })).toEqual([
      'warning custom-extension $.extensions["acme-ext"]',
    ]);
    expect(rules({ ...MINIMAL.tool![0], extensions: { [ext]: 'on' } })).toEqual([
      `error extension-value $.extensions["${ext}"]`,
    ]);
    expect(
      rules({ ...MINIMAL.tool![0], extensions: { [ext]: { extension_type: 'plugin' } } }),
    ).toEqual([`error closed-enumeration $.extensions["${ext}"].extension_type`]);
    expect(rules({ ...MINIMAL.tool![0], extensions: {} })).toEqual([
      'error empty-extensions $.extensions',
    ]);
    expect(rules({ ...MINIMAL.tool![0], extensions: { 'extension-definition--1': {} } })).toEqual([
      'error extension-key $.extensions["extension-definition--1"]',
    ]);
  });
});

describe('rules across properties (§4–§7)', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      'location without region, country or coordinates',
      without(MINIMAL.location![0], 'region'),
      ['error property-required $'],
    ],
    [
      'location with latitude only',
      { ...MINIMAL.location![0], latitude: 48.8 },
      ['error property-required $.longitude'],
    ],
    [
      'location with precision, no coordinates',
      { ...MINIMAL.location![0], precision: 10 },
      ['error property-required $.precision'],
    ],
    [
      'location with latitude out of range',
      { ...MINIMAL.location![0], latitude: 91, longitude: 2 },
      ['error property-range $.latitude'],
    ],
    [
      'malware family without name',
      without(MINIMAL.malware![0], 'name'),
      ['error property-required $.name'],
    ],
    [
      'malware instance without name',
      { ...without(MINIMAL.malware![0], 'name'), is_family: false },
      [],
    ],
    [
      'malware-analysis without result or SCOs',
      without(MINIMAL['malware-analysis']![0], 'result'),
      ['error property-required $'],
    ],
    [
      'observed-data with objects and object_refs',
      { ...MINIMAL['observed-data']![0], objects: {} },
      ['error property-conflict $.objects', 'warning deprecated-property $.objects'],
    ],
    [
      'observed-data with neither',
      without(MINIMAL['observed-data']![0], 'object_refs'),
      ['error property-required $'],
    ],
    [
      'observed-data number_observed 0',
      { ...MINIMAL['observed-data']![0], number_observed: 0 },
      ['error property-range $.number_observed'],
    ],
    [
      'artifact with payload_bin and url',
      { ...MINIMAL.artifact![0], url: 'https://x.example/a', hashes: { MD5: 'a' } },
      ['error property-conflict $.url'],
    ],
    [
      'artifact with url, no hashes',
      { ...without(MINIMAL.artifact![0], 'payload_bin'), url: 'https://x.example/a' },
      ['error property-required $.hashes'],
    ],
    [
      'artifact with neither',
      without(MINIMAL.artifact![0], 'payload_bin'),
      ['error property-required $'],
    ],
    [
      'artifact payload not base64',
      { ...MINIMAL.artifact![0], payload_bin: 'not base64!' },
      ['error property-type $.payload_bin'],
    ],
    [
      'email-message multipart with body',
      { ...MINIMAL['email-message']![0], is_multipart: true },
      ['error property-conflict $.body'],
    ],
    [
      'email-message single part with parts',
      { ...MINIMAL['email-message']![0], body_multipart: [{ body: 'x' }] },
      ['error property-conflict $.body_multipart'],
    ],
    [
      'MIME part with neither body',
      {
        ...without(MINIMAL['email-message']![0], 'body'),
        is_multipart: true,
        body_multipart: [{ content_type: 'text/plain' }],
      },
      ['error mime-part $.body_multipart[0]'],
    ],
    [
      'file with neither hashes nor name',
      { ...without(MINIMAL.file![0], 'name'), size: 3 },
      ['error property-required $'],
    ],
    [
      'file with a negative size',
      { ...MINIMAL.file![0], size: -1 },
      ['error property-range $.size'],
    ],
    [
      'file with odd hex',
      { ...MINIMAL.file![0], magic_number_hex: 'abc' },
      ['error property-type $.magic_number_hex'],
    ],
    [
      'network-traffic with no ends',
      without(MINIMAL['network-traffic']![0], 'dst_ref'),
      ['error property-required $'],
    ],
    [
      'active network-traffic with an end',
      { ...MINIMAL['network-traffic']![0], is_active: true, end: T },
      ['error property-conflict $.end'],
    ],
    [
      'network-traffic port out of range',
      { ...MINIMAL['network-traffic']![0], dst_port: 70000 },
      ['error property-range $.dst_port'],
    ],
    [
      'network-traffic upper-case protocol',
      { ...MINIMAL['network-traffic']![0], protocols: ['TCP'] },
      ['warning protocol-case $.protocols[0]'],
    ],
    [
      'process with nothing of its own',
      without(MINIMAL.process![0], 'pid'),
      ['error property-required $'],
    ],
    [
      'user-account with nothing of its own',
      without(MINIMAL['user-account']![0], 'user_id'),
      ['error property-required $'],
    ],
    [
      'mac-addr in upper case',
      { ...MINIMAL['mac-addr']![0], value: 'D2:FB:49:24:37:18' },
      ['error observable-value $.value'],
    ],
    [
      'mac-addr with dashes',
      { ...MINIMAL['mac-addr']![0], value: 'd2-fb-49-24-37-18' },
      ['error observable-value $.value'],
    ],
    [
      'marking-definition without definition',
      without(MINIMAL['marking-definition']![0], 'definition'),
      ['error property-required $.definition'],
    ],
    [
      'statement marking without statement',
      { ...MINIMAL['marking-definition']![0], definition: {} },
      ['error property-required $.definition.statement'],
    ],
    [
      'TLP marking with its own id',
      {
        ...MINIMAL['marking-definition']![0],
        definition_type: 'tlp',
        definition: { tlp: 'green' },
      },
      ['error tlp-marking-id $.id'],
    ],
    [
      'TLP marking of an unknown level',
      {
        ...MINIMAL['marking-definition']![0],
        definition_type: 'tlp',
        definition: { tlp: 'clear' },
      },
      ['error closed-enumeration $.definition.tlp'],
    ],
    [
      'TLP green, the predefined object',
      {
        ...MINIMAL['marking-definition']![0],
        id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
        definition_type: 'tlp',
        definition: { tlp: 'green' },
      },
      [],
    ],
    [
      'relationship type with upper case',
      { ...MINIMAL.relationship![0], relationship_type: 'Indicates' },
      ['error relationship-type-format $.relationship_type'],
    ],
    [
      'sighting count out of range',
      { ...MINIMAL.sighting![0], count: 1_000_000_000 },
      ['error property-range $.count'],
    ],
    [
      'confidence above 100',
      { ...MINIMAL.tool![0], confidence: 101 },
      ['error property-range $.confidence'],
    ],
    [
      'confidence not an integer',
      { ...MINIMAL.tool![0], confidence: 50.5 },
      ['error property-type $.confidence'],
    ],
    [
      'revoked not a boolean',
      { ...MINIMAL.tool![0], revoked: 'yes' },
      ['error property-type $.revoked'],
    ],
    ['labels empty', { ...MINIMAL.tool![0], labels: [] }, ['error empty-list $.labels']],
    [
      'labels not strings',
      { ...MINIMAL.tool![0], labels: [1] },
      ['error property-type $.labels[0]'],
    ],
    [
      'course-of-action with the reserved action',
      { ...MINIMAL['course-of-action']![0], action: 'x' },
      ['error reserved-property $.action'],
    ],
    [
      'language-content with a non-object translation',
      { ...MINIMAL['language-content']![0], contents: { de: 'x' } },
      ['error property-type $.contents["de"]'],
    ],
  ];
  it.each(cases)('%s', (_name, o, expected) => {
    expect(rules(o)).toEqual(expected);
  });
});

describe('structured values (§2.5, §2.7, §2.11, §7.2.3)', () => {
  const tool = MINIMAL.tool![0];
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      'external reference with only a source',
      { external_references: [{ source_name: 'acme' }] },
      ['error external-reference $.external_references[0]'],
    ],
    [
      'external reference without source',
      { external_references: [{ url: 'https://x.example' }] },
      ['error external-reference $.external_references[0].source_name'],
    ],
    [
      'external reference with a bad CVE id',
      { external_references: [{ source_name: 'cve', external_id: 'CVE-16-1' }] },
      ['error external-reference $.external_references[0].external_id'],
    ],
    [
      'external reference with a good CVE id',
      { external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }] },
      [],
    ],
    [
      'external reference with a bad CAPEC id',
      { external_references: [{ source_name: 'capec', external_id: '163' }] },
      ['error external-reference $.external_references[0].external_id'],
    ],
    [
      'kill chain phase without phase',
      { kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain' }] },
      ['error kill-chain-phase $.kill_chain_phases[0].phase_name'],
    ],
    [
      'kill chain phase in capitals',
      { kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'Initial Access' }] },
      ['warning kill-chain-phase-case $.kill_chain_phases[0].phase_name'],
    ],
    [
      'granular marking with both ref and lang',
      {
        granular_markings: [
          { marking_ref: v4('marking-definition'), lang: 'en', selectors: ['name'] },
        ],
      },
      ['error granular-marking $.granular_markings[0]'],
    ],
    [
      'granular marking with neither',
      { granular_markings: [{ selectors: ['name'] }] },
      ['error granular-marking $.granular_markings[0]'],
    ],
    [
      'granular marking without selectors',
      { granular_markings: [{ lang: 'en', selectors: [] }] },
      ['error granular-marking $.granular_markings[0].selectors'],
    ],
    [
      'granular marking with a bad selector',
      { granular_markings: [{ lang: 'en', selectors: ['name..x'] }] },
      ['error granular-marking $.granular_markings[0].selectors[0]'],
    ],
    [
      'granular marking, list selector',
      { granular_markings: [{ lang: 'en', selectors: ['external_references.[0].url'] }] },
      [],
    ],
  ];
  it.each(cases)('%s', (_name, extra, expected) => {
    expect(rules({ ...tool, ...extra })).toEqual(expected);
  });
  it('checks hashes: known algorithms, custom names, and empty dictionaries', () => {
    const file = MINIMAL.file![0];
    expect(rules({ ...file, hashes: { 'SHA-256': 'ab', SSDEEP: 'x' } })).toEqual([]);
    expect(rules({ ...file, hashes: { sha256: 'ab' } })).toEqual([
      'warning open-vocabulary $.hashes["sha256"]',
    ]);
    expect(validateObject({ ...file, hashes: { sha256: 'ab' } })[0]!.message).toMatch(
      /write SHA-256/,
    );
    expect(rules({ ...file, hashes: { 'a b': 'x' } })).toEqual(['error hash-key $.hashes["a b"]']);
    expect(rules({ ...file, hashes: {} })).toEqual(['error empty-hashes $.hashes']);
  });
});

describe('indicator patterns (§9)', () => {
  const ind = MINIMAL.indicator![0];
  it('reports a pattern error at $.pattern with its column', () => {
    const [p] = validateObject({ ...ind, pattern: "[ipv4-addr:value = '1.2.3.4'" });
    expect(p).toMatchObject({
      severity: 'error',
      rule: 'pattern-syntax',
      path: '$.pattern',
      span: { start: 0, end: 1 },
    });
    expect(p!.message).toMatch(/^pattern at column 1: unbalanced '\['/);
    const [q] = validateObject({ ...ind, pattern: "[file:name = 'a'] WITHIN 0 SECONDS" });
    expect(q!.message).toMatch(/^pattern at column 26: WITHIN needs a positive number/);
  });
  it('parses only stix patterns', () => {
    expect(rules({ ...ind, pattern_type: 'yara', pattern: 'rule x { condition: true }' })).toEqual(
      [],
    );
    expect(rules({ ...ind, pattern_type: 'snort', pattern: '[unbalanced' })).toEqual([]);
  });
  it('refuses a pattern that is not a string', () => {
    expect(rules({ ...ind, pattern: 42 })).toEqual(['error property-type $.pattern']);
  });
});

describe('what is not an object', () => {
  it.each([[null], [42], ['x'], [[]]])('refuses %j', (v) => {
    expect(rules(v)).toEqual(['error object-not-json $']);
  });
});
