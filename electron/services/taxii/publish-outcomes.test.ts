/**
 * What a publish reports per object and for the whole upload, as tables over status resources:
 * lists matched by id and version (else by id), unanimous counts when the lists are left out
 * (TAXII 2.1 §5.5 makes them optional), expired statuses, and several statuses merged.
 */
import { describe, expect, it } from 'vitest';
import type { Status } from '../../../shared/taxii/resources';
import type { PublishedRequest } from './publish';
import { mergeStatuses, outcomeKey, outcomesFor } from './publish-outcomes';
import type { UploadChunk } from './split';

const V1 = '2024-01-01T00:00:00.000Z';
const V2 = '2024-02-01T00:00:00.000Z';
const a = 'indicator--00000000-0000-4000-8000-00000000000a';
const b = 'indicator--00000000-0000-4000-8000-00000000000b';
const c = 'indicator--00000000-0000-4000-8000-00000000000c';

function chunk(...objects: UploadChunk['objects']): UploadChunk {
  return { body: '', bytes: 0, objects };
}

function status(s: Partial<Status> = {}): Status {
  return {
    id: 's1',
    status: 'complete',
    total_count: 0,
    success_count: 0,
    failure_count: 0,
    pending_count: 0,
    ...s,
  };
}

function request(s: Partial<Status>, extra: Partial<PublishedRequest> = {}): PublishedRequest {
  const st = status(s);
  return { index: 2, objects: 1, bytes: 10, statusId: st.id, status: st, ...extra };
}

describe('each object’s outcome', () => {
  it('is read from the lists by id and version, keeping the server’s message', () => {
    const got = outcomesFor(
      chunk({ id: a, version: V1 }, { id: b, version: V1 }, { id: c }),
      request({
        status: 'pending',
        total_count: 3,
        successes: [{ id: a, version: V1, message: 'stored' }],
        failures: [{ id: b, version: V1, message: 'bad pattern' }],
        pendings: [{ id: c, message: 'queued' }],
      }),
    );
    expect(got).toStrictEqual([
      { id: a, version: V1, request: 2, outcome: 'success', message: 'stored' },
      { id: b, version: V1, request: 2, outcome: 'failure', message: 'bad pattern' },
      { id: c, request: 2, outcome: 'pending', message: 'queued' },
    ]);
  });

  it('prefers the entry for the very version, and falls back to the id alone', () => {
    const got = outcomesFor(
      chunk({ id: a, version: V1 }, { id: b, version: V2 }),
      request({
        total_count: 3,
        // a: two versions in one upload answered separately; b: the server names no version.
        successes: [{ id: a, version: V1 }, { id: b }],
        failures: [{ id: a, version: V2, message: 'older' }],
      }),
    );
    expect(got).toStrictEqual([
      { id: a, version: V1, request: 2, outcome: 'success' },
      { id: b, version: V2, request: 2, outcome: 'success' },
    ]);
  });

  it('settles objects the lists leave out by unanimous counts', () => {
    const objs = chunk({ id: a, version: V1 }, { id: b });
    const all = (s: Partial<Status>) => outcomesFor(objs, request(s)).map((o) => o.outcome);
    expect(all({ total_count: 2, success_count: 2 })).toEqual(['success', 'success']);
    expect(all({ total_count: 2, failure_count: 2 })).toEqual(['failure', 'failure']);
    // Pending with nothing counted yet: still pending.
    expect(all({ status: 'pending' })).toEqual(['pending', 'pending']);
    // Split counts settle nothing: unknown once complete, pending before.
    expect(all({ total_count: 2, success_count: 1, failure_count: 1 })).toEqual([
      'unknown',
      'unknown',
    ]);
    expect(all({ status: 'pending', total_count: 2, success_count: 1, pending_count: 1 })).toEqual([
      'pending',
      'pending',
    ]);
    // Complete with nothing counted says nothing about these objects.
    expect(all({ total_count: 0 })).toEqual(['unknown', 'unknown']);
    // A pending status whose counts are all successes is still settled by them.
    expect(all({ status: 'pending', total_count: 2, success_count: 2 })).toEqual([
      'success',
      'success',
    ]);
  });

  it('lets a listed outcome win over the counts', () => {
    const got = outcomesFor(
      chunk({ id: a }, { id: b }),
      request({ total_count: 2, success_count: 2, failures: [{ id: b, message: 'no' }] }),
    );
    expect(got.map((o) => o.outcome)).toEqual(['success', 'failure']);
  });

  it('is unknown for what an expired status left pending or unsaid, and kept where it spoke', () => {
    const got = outcomesFor(
      chunk({ id: a, version: V1 }, { id: b }, { id: c }),
      request(
        {
          status: 'pending',
          total_count: 3,
          success_count: 1,
          pending_count: 1,
          successes: [{ id: a, version: V1 }],
          pendings: [{ id: b }],
        },
        { expired: true },
      ),
    );
    const unknown = {
      outcome: 'unknown',
      message:
        'The status expired on the server (404) before it said what happened to this object.',
    };
    expect(got).toStrictEqual([
      { id: a, version: V1, request: 2, outcome: 'success' },
      { id: b, request: 2, ...unknown },
      { id: c, request: 2, ...unknown },
    ]);
  });

  it('keys by id and version, with an empty version when there is none', () => {
    expect(outcomeKey(a, V1)).toBe(`${a}|${V1}`);
    expect(outcomeKey(a)).toBe(`${a}|`);
  });
});

describe('the status of a whole publish', () => {
  it('is the only request’s status as it is', () => {
    const only = request({ id: 'only', total_count: 1, success_count: 1 });
    expect(mergeStatuses([only])).toBe(only.status);
  });

  it('sums counts, joins lists in request order, and keeps the first id and timestamp', () => {
    const merged = mergeStatuses([
      request(
        {
          id: 's1',
          request_timestamp: V1,
          total_count: 2,
          success_count: 1,
          failure_count: 1,
          successes: [{ id: a }],
          failures: [{ id: b, message: 'x' }],
        },
        { statusId: 's1' },
      ),
      request(
        {
          id: 's2',
          request_timestamp: V2,
          total_count: 1,
          success_count: 1,
          successes: [{ id: c }],
        },
        { statusId: 's2' },
      ),
    ]);
    expect(merged).toStrictEqual({
      id: 's1',
      status: 'complete',
      request_timestamp: V1,
      total_count: 3,
      success_count: 2,
      failure_count: 1,
      pending_count: 0,
      successes: [{ id: a }, { id: c }],
      failures: [{ id: b, message: 'x' }],
      x_taxiway_status_ids: ['s1', 's2'],
    });
  });

  it('is pending while any request is, and says so with its pending list', () => {
    const merged = mergeStatuses([
      request({ id: 's1', total_count: 1, success_count: 1 }, { statusId: 's1' }),
      request(
        { id: 's2', status: 'pending', total_count: 1, pending_count: 1, pendings: [{ id: c }] },
        { statusId: 's2' },
      ),
    ]);
    expect(merged).toMatchObject({ status: 'pending', pending_count: 1, pendings: [{ id: c }] });
    expect(merged).not.toHaveProperty('successes');
    expect(merged).not.toHaveProperty('failures');
    expect(merged).not.toHaveProperty('request_timestamp');
    const allPending = mergeStatuses([
      request({ status: 'pending' }),
      request({ status: 'pending' }),
    ]);
    expect(allPending.status).toBe('pending');
  });

  it('is an empty complete status for no requests', () => {
    expect(mergeStatuses([])).toEqual({
      id: '',
      status: 'complete',
      total_count: 0,
      success_count: 0,
      failure_count: 0,
      pending_count: 0,
      x_taxiway_status_ids: [],
    });
  });
});
