import { describe, expect, it } from 'vitest';
import { validateObject } from './object';
import { errors, MINIMAL, rules, sdo, T, v4, v5, without } from './test-objects';

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

describe('relationship types (§5.1)', () => {
  const rel = MINIMAL.relationship![0];
  it('warns of a type the spec does not list for the pair, never an error', () => {
    expect(rules({ ...rel, relationship_type: 'uses' })).toEqual([
      'warning relationship-vocabulary $.relationship_type',
    ]);
    expect(rules({ ...rel, relationship_type: 'related-to' })).toEqual([]);
    expect(
      rules({
        ...rel,
        relationship_type: 'uses',
        source_ref: v4('threat-actor'),
        target_ref: v4('tool'),
      }),
    ).toEqual([]);
    expect(
      rules({
        ...rel,
        relationship_type: 'consists-of',
        source_ref: v4('infrastructure'),
        target_ref: v5('url'),
      }),
    ).toEqual([]);
    expect(
      rules({
        ...rel,
        relationship_type: 'subtechnique-of',
        source_ref: v4('x-mitre-thing'),
        target_ref: v4('malware'),
      }),
    ).toEqual([]);
  });
  it('lists the types for a pair, for forms', async () => {
    const { relationshipTypesFor } = await import('./relationship-types');
    expect(relationshipTypesFor('indicator', 'malware')).toEqual([
      'indicates',
      'derived-from',
      'duplicate-of',
      'related-to',
    ]);
    expect(relationshipTypesFor('malware', 'file')).toEqual([
      'downloads',
      'drops',
      'derived-from',
      'duplicate-of',
      'related-to',
    ]);
    expect(relationshipTypesFor('threat-actor', 'identity')).toEqual([
      'attributed-to',
      'impersonates',
      'targets',
      'derived-from',
      'duplicate-of',
      'related-to',
    ]);
  });
});
