import { afterEach, describe, expect, it } from 'vitest';
import { clearWaits, currentWait, noteWait } from './waits';

const event = (connectionId: string, seconds: number) => ({
  connectionId,
  message: `waiting ${seconds} s: server asked (429)`,
  seconds,
  until: '2030-01-01T00:00:00.000Z',
  reason: 'rate-limited' as const,
  status: 429,
});

describe('waits announced by the main process', () => {
  afterEach(() => clearWaits());

  it('holds a wait for its length on the page clock, then lets it go', () => {
    noteWait(event('c1', 3), 1_000);
    expect(currentWait(['c1'], 2_000)?.message).toContain('server asked');
    expect(currentWait(['c1'], 3_999)).toBeDefined();
    expect(currentWait(['c1'], 4_000)).toBeUndefined();
  });

  it('shows only the waits of the connections asked about', () => {
    noteWait(event('c1', 3), 0);
    expect(currentWait(['c2'], 1)).toBeUndefined();
  });

  it('picks the wait ending last among several connections, and a newer wait replaces an older', () => {
    noteWait(event('a', 2), 0);
    noteWait(event('b', 5), 0);
    expect(currentWait(['a', 'b'], 1)?.connectionId).toBe('b');
    noteWait(event('b', 1), 0);
    expect(currentWait(['a', 'b'], 1)?.connectionId).toBe('a');
  });
});
