import { describe, expect, it } from 'vitest';
import type { ViewState } from '../../queries/views';
import { countText, freshnessText, progressText } from './view-status';

const base: ViewState = {
  phase: 'complete',
  objects: 100_000,
  pages: 1_000,
  bytes: 28 * 1024 * 1024,
  ratePerSecond: 2_104.6,
  manifestRecords: 100_000,
  manifestComplete: true,
  datesPending: 0,
  freshness: { kind: 'live', at: '2026-12-07T10:49:12.000Z', note: 'Fetched from the server.' },
  serverConfirmed: true,
  pageSize: 100,
  limits: { objects: 2_000_000, bytes: 2_000_000_000 },
  notes: [],
};

describe('what the objects toolbar says', () => {
  it('says loaded only when every page and every date added is in', () => {
    expect(countText(base)).toBe('100,000 objects loaded');
    expect(countText({ ...base, manifestComplete: false, datesPending: 18_000 })).toBe(
      '100,000 objects; date added for 18,000 rows still arriving',
    );
    expect(countText({ ...base, datesPending: 1 })).toBe(
      '100,000 objects; date added for 1 row still arriving',
    );
    expect(countText({ ...base, phase: 'partial', objects: 100 })).toBe(
      '100 objects loaded, more on the server',
    );
    expect(countText({ ...base, phase: 'loading', objects: 1 })).toBe(
      '1 object loaded, loading more',
    );
  });

  it('shows the walk in pages, bytes and rate', () => {
    expect(progressText({ ...base, phase: 'loading' })).toBe(
      '1,000 pages · 28.0 MB · 2,105 objects/s',
    );
  });

  it('tells fetched, checked and unchecked cached rows apart, and that deletions need Refresh', () => {
    const now = '2026-12-07T12:00:00.000Z';
    const live = freshnessText(base.freshness, now);
    expect(live).toMatchObject({ text: 'Loaded 10:49 UTC', tone: 'fresh' });
    const checked = freshnessText(
      {
        kind: 'checked',
        at: '2026-12-07T11:58:00.000Z',
        cachedAt: '2026-12-01T08:00:00.000Z',
        added: 1,
        note: 'Cached pages; the server was asked what is new.',
      },
      now,
    );
    expect(checked).toMatchObject({ text: 'Checked 11:58 UTC', tone: 'cached' });
    expect(checked.title).toContain('deleted');
    const offline = freshnessText(
      {
        kind: 'cached-unchecked',
        since: '2026-12-01T08:00:00.000Z',
        reason: 'Offline: the server did not answer (connection refused)',
        note: 'Cached pages; the server could not be asked.',
      },
      now,
    );
    expect(offline.text).toBe(
      'Cached 2026-12-01, not checked: Offline: the server did not answer (connection refused)',
    );
    expect(offline.tone).toBe('unchecked');
  });
});
