import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { acceptHandle, isLoaded, viewStateQuery, type ViewHandle } from './views';

const handle = (seq: number, manifestComplete: boolean, revision = 2): ViewHandle => ({
  viewId: 'view-a',
  revision,
  seq,
  state: {
    phase: 'complete',
    objects: 15,
    pages: 1,
    bytes: 7918,
    ratePerSecond: 0,
    manifestRecords: 15,
    manifestComplete,
    datesPending: 0,
    freshness: { kind: 'live', at: '2026-12-08T00:00:00.000Z', note: '' },
    serverConfirmed: true,
    pageSize: 100,
    limits: { objects: 2_000_000, bytes: 2 ** 32 },
    notes: [],
  },
});

describe("a view's latest handle", () => {
  const key = viewStateQuery('view-a').queryKey;

  it('keeps the later made when an earlier answer arrives after it, at the same revision', () => {
    // The open's answer (seq 4, manifest still walking) arrives after the event that the manifest
    // finished (seq 5): the view must still read as loaded.
    const qc = new QueryClient();
    acceptHandle(qc, handle(5, true));
    acceptHandle(qc, handle(4, false));
    const held = qc.getQueryData<ViewHandle>(key);
    expect(held?.seq).toBe(5);
    expect(held && isLoaded(held.state)).toBe(true);
  });

  it('takes a handle made later', () => {
    const qc = new QueryClient();
    acceptHandle(qc, handle(1, false));
    acceptHandle(qc, handle(2, true));
    expect(qc.getQueryData<ViewHandle>(key)?.state.manifestComplete).toBe(true);
  });
});
