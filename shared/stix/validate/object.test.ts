import { describe, expect, it } from 'vitest';
import { validateObject } from './object';
import {
  COMMON_REQUIRED,
  errors,
  isSco,
  LATER,
  MINIMAL,
  rules,
  T,
  v4,
  v5,
  without,
} from './test-objects';

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
