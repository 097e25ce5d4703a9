import { describe, expect, it } from 'vitest';
import type { DiffEntry } from '../../queries/compare';
import { entryKind } from './diff-kinds';

const differ = (newer: 'a' | 'b' | 'same'): DiffEntry => ({
  kind: 'versions-differ',
  id: 'indicator--1',
  onlyInA: ['2025-01-02T00:00:00.000Z'],
  onlyInB: [],
  latestA: '2025-01-02T00:00:00.000Z',
  latestB: '2025-01-01T00:00:00.000Z',
  newer,
});

describe('naming a difference between two collections', () => {
  it('keeps objects found on one side only as they are', () => {
    expect(entryKind({ kind: 'only-in-a', id: 'x--1', versions: [] })).toBe('only-in-a');
    expect(entryKind({ kind: 'only-in-b', id: 'x--1', versions: [] })).toBe('only-in-b');
  });

  it('says which side holds the newer latest version', () => {
    expect(entryKind(differ('a'))).toBe('newer-in-a');
    expect(entryKind(differ('b'))).toBe('newer-in-b');
  });

  it('calls equal latest versions with other differing versions older differences', () => {
    expect(entryKind(differ('same'))).toBe('versions-differ');
  });
});
