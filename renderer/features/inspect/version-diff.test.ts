import { describe, expect, it } from 'vitest';
import { diffVersions } from './version-diff';

describe('version comparison', () => {
  it('marks each property same, changed, added or removed', () => {
    const rows = diffVersions(
      { id: 'x', modified: '1', confidence: 50, labels: ['a'] },
      { id: 'x', modified: '2', labels: ['a'], revoked: true },
    );
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['id', 'same'],
      ['modified', 'changed'],
      ['confidence', 'removed'],
      ['labels', 'same'],
      ['revoked', 'added'],
    ]);
    expect(rows[2]).toEqual({ key: 'confidence', change: 'removed', left: '50' });
  });
});
