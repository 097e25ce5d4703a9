import { describe, expect, it } from 'vitest';
import {
  applyStatus,
  countOutcomes,
  outcomeSummary,
  outcomeWord,
  type ObjectOutcome,
} from './outcomes';

const objects: ObjectOutcome[] = [
  { id: 'indicator--1', version: '2025-01-01T00:00:00.000Z', outcome: 'pending', request: 1 },
  { id: 'indicator--1', version: '2025-02-01T00:00:00.000Z', outcome: 'pending', request: 1 },
  { id: 'malware--2', outcome: 'pending', request: 1 },
  { id: 'tool--3', outcome: 'pending', request: 2 },
];

describe('per-object outcomes from a status read again', () => {
  it('updates the objects of that request by id and version, then by id', () => {
    const next = applyStatus(objects, 1, {
      id: 's1',
      status: 'complete',
      total_count: 3,
      success_count: 2,
      failure_count: 1,
      pending_count: 0,
      successes: [
        { id: 'indicator--1', version: '2025-02-01T00:00:00.000Z' },
        { id: 'malware--2' },
      ],
      failures: [
        { id: 'indicator--1', version: '2025-01-01T00:00:00.000Z', message: 'older version' },
      ],
    });
    expect(next.map((o) => [o.outcome, o.message])).toEqual([
      ['failure', 'older version'],
      ['success', undefined],
      ['success', undefined],
      ['pending', undefined],
    ]);
    expect(countOutcomes(next)).toEqual({
      total: 4,
      success: 2,
      failure: 1,
      pending: 1,
      unknown: 0,
      unchanged: 0,
    });
  });

  it('calls a success the status says was already there unchanged, in words and counts', () => {
    const next = applyStatus(objects, 2, {
      id: 's2',
      status: 'complete',
      total_count: 1,
      success_count: 1,
      failure_count: 0,
      pending_count: 0,
      successes: [{ id: 'tool--3', message: 'Object already added' }],
    });
    expect(next[3]).toMatchObject({ outcome: 'success', unchanged: true });
    expect(next.map(outcomeWord)).toEqual(['pending', 'pending', 'pending', 'unchanged']);
    expect(outcomeWord({ outcome: 'success' })).toBe('added');
    const counts = countOutcomes([...next, { id: 'x--4', outcome: 'success', request: 2 }]);
    expect(counts).toMatchObject({ success: 2, unchanged: 1 });
    expect(outcomeSummary(counts)).toBe('1 added, 1 unchanged, 0 failed, 3 pending');
  });
});
