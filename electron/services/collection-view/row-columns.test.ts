/**
 * The row's extra columns for the column chooser and the CSV export: markings by name (the fixed
 * TLP definitions, STIX 2.1 §7.2.1.4, or a loaded definition's statement), the creator's name
 * once its identity is loaded, the ATT&CK id, and sorting by markings.
 */
import { describe, expect, it } from 'vitest';
import { RowIndex } from './row-index';

const AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
const COPYRIGHT = 'marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168';
const MITRE = 'identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5';

const technique = (n: number, markings: string[]) => ({
  type: 'attack-pattern',
  id: `attack-pattern--00000000-0000-4000-8000-00000000000${n}`,
  spec_version: '2.1',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: `Technique ${n}`,
  created_by_ref: MITRE,
  object_marking_refs: markings,
  external_references: [
    { source_name: 'capec', external_id: 'CAPEC-1' },
    { source_name: 'mitre-ics-attack', external_id: `T080${n}` },
  ],
});

describe('row columns', () => {
  it('names TLP markings, and the creator and other markings once their objects are loaded', () => {
    const index = new RowIndex();
    const r = index.add(technique(1, [AMBER, COPYRIGHT]));
    expect(index.row(r)).toMatchObject({
      externalId: 'T0801',
      createdByRef: MITRE,
      markings: ['TLP:AMBER', COPYRIGHT],
    });
    expect(index.row(r).createdBy).toBeUndefined();
    index.add({
      type: 'identity',
      id: MITRE,
      spec_version: '2.1',
      created: '2017-06-01T00:00:00.000Z',
      modified: '2017-06-01T00:00:00.000Z',
      name: 'The MITRE Corporation',
    });
    index.add({
      type: 'marking-definition',
      id: COPYRIGHT,
      spec_version: '2.1',
      created: '2017-06-01T00:00:00.000Z',
      definition_type: 'statement',
      definition: { statement: 'Copyright 2015-2025, The MITRE Corporation.' },
    });
    expect(index.row(r)).toMatchObject({
      createdBy: 'The MITRE Corporation',
      markings: ['TLP:AMBER', 'Copyright 2015-2025, The MITRE Corporation.'],
    });
  });

  it('sorts by the markings a row carries; rows without come last', () => {
    const index = new RowIndex();
    index.add(technique(1, [COPYRIGHT]));
    index.add({ ...technique(2, []), object_marking_refs: undefined });
    index.add(technique(3, [AMBER]));
    expect(index.sortValue('markings', 0)).toBe(COPYRIGHT);
    expect(index.sortValue('markings', 1)).toBe('');
    expect(index.sortValue('markings', 2)).toBe(AMBER);
  });
});
