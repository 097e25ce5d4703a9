import { describe, expect, it } from 'vitest';
import { incomingIndex, outgoingReferences } from './references';

describe('references between objects', () => {
  const report = {
    type: 'report',
    id: 'report--1',
    created_by_ref: 'identity--1',
    object_refs: ['indicator--1', 'malware--1'],
    granular_markings: [{ marking_ref: 'marking-definition--1', selectors: ['name'] }],
    x_custom: { related_ref: 'tool--1' },
  };

  it('finds references at any depth with their property path', () => {
    expect(outgoingReferences(report)).toEqual([
      { path: 'created_by_ref', id: 'identity--1' },
      { path: 'object_refs[0]', id: 'indicator--1' },
      { path: 'object_refs[1]', id: 'malware--1' },
      { path: 'granular_markings[0].marking_ref', id: 'marking-definition--1' },
      { path: 'x_custom.related_ref', id: 'tool--1' },
    ]);
  });

  it('indexes who refers to an object among the loaded ones', () => {
    const rel = {
      type: 'relationship',
      id: 'relationship--1',
      source_ref: 'indicator--1',
      target_ref: 'malware--1',
    };
    const index = incomingIndex([report, rel]);
    expect(index.get('malware--1')?.map((i) => `${String(i.from.id)} ${i.path}`)).toEqual([
      'report--1 object_refs[1]',
      'relationship--1 target_ref',
    ]);
    expect(index.get('nothing')).toBeUndefined();
  });
});
