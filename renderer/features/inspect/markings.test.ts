import { describe, expect, it } from 'vitest';
import { describeMarking } from './markings';

describe('markings', () => {
  it('knows the fixed TLP definitions by id', () => {
    expect(describeMarking('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82')).toEqual({
      id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
      label: 'TLP:AMBER',
      tlp: 'amber',
    });
  });

  it('reads TLP 2.0 and statements from a loaded definition', () => {
    expect(describeMarking('marking-definition--x', { name: 'TLP:AMBER+STRICT' }).tlp).toBe(
      'amber-strict',
    );
    expect(
      describeMarking('marking-definition--y', {
        definition_type: 'statement',
        definition: { statement: 'Copyright ACME' },
      }),
    ).toEqual({ id: 'marking-definition--y', label: 'Copyright ACME' });
  });

  it('shows an unknown marking by its id', () => {
    expect(describeMarking('marking-definition--z').label).toBe('marking-definition--z');
  });
});
