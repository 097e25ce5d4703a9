/**
 * What a publish says happened to each object: the outcome lists of a request's status matched to
 * the objects it carried (by id and version, else by id; counts when the lists are left out, TAXII
 * 2.1 §5.5 makes them optional), and the statuses of several requests merged into one.
 */
import type { Status, StatusDetails } from '../../../shared/taxii/resources';
import type { ObjectOutcome, PublishedRequest } from './publish';
import type { UploadChunk } from './split';

/** The key an outcome is matched by: id and version (empty when the object has none). */
export function outcomeKey(id: string, version?: string): string {
  return `${id}|${version ?? ''}`;
}

/** Each object of `chunk`'s outcome according to `status` (matched by id+version, else by id). */
export function outcomesFor(chunk: UploadChunk, request: PublishedRequest): ObjectOutcome[] {
  const byKey = new Map<string, { outcome: ObjectOutcome['outcome']; message?: string }>();
  const byId = new Map<string, { outcome: ObjectOutcome['outcome']; message?: string }>();
  const lists: [StatusDetails[] | undefined, ObjectOutcome['outcome']][] = [
    [request.status.successes, 'success'],
    [request.status.failures, 'failure'],
    [request.status.pendings, 'pending'],
  ];
  for (const [list, outcome] of lists) {
    for (const d of list ?? []) {
      const value = { outcome, ...(d.message !== undefined ? { message: d.message } : {}) };
      if (d.version !== undefined) byKey.set(outcomeKey(d.id, d.version), value);
      byId.set(d.id, value);
    }
  }
  const s = request.status;
  // With no lists, counts can still settle it when they are unanimous.
  const unanimous: ObjectOutcome['outcome'] | undefined =
    s.total_count > 0 && s.success_count === s.total_count
      ? 'success'
      : s.total_count > 0 && s.failure_count === s.total_count
        ? 'failure'
        : s.status !== 'complete' && s.total_count === 0
          ? 'pending'
          : undefined;
  return chunk.objects.map((o) => {
    const found = byKey.get(outcomeKey(o.id, o.version)) ?? byId.get(o.id);
    const base = {
      id: o.id,
      ...(o.version !== undefined ? { version: o.version } : {}),
      request: request.index,
    };
    if (request.expired && (!found || found.outcome === 'pending')) {
      return {
        ...base,
        outcome: 'unknown' as const,
        message:
          'The status expired on the server (404) before it said what happened to this object.',
      };
    }
    if (found) return { ...base, ...found };
    if (unanimous) return { ...base, outcome: unanimous };
    return {
      ...base,
      outcome: s.status === 'complete' ? ('unknown' as const) : ('pending' as const),
    };
  });
}

/**
 * One status for several requests: counts summed, lists concatenated in request order, pending
 * while any request is; the only request's status as it is.
 */
export function mergeStatuses(requests: PublishedRequest[]): Status {
  const first = requests[0]?.status;
  if (requests.length === 1 && first) return first;
  const cat = (pick: (s: Status) => StatusDetails[] | undefined): StatusDetails[] | undefined => {
    const all = requests.flatMap((r) => pick(r.status) ?? []);
    return all.length > 0 ? all : undefined;
  };
  const sum = (pick: (s: Status) => number): number =>
    requests.reduce((n, r) => n + pick(r.status), 0);
  const status: Status = {
    id: first?.id ?? '',
    status: requests.every((r) => r.status.status === 'complete') ? 'complete' : 'pending',
    total_count: sum((s) => s.total_count),
    success_count: sum((s) => s.success_count),
    failure_count: sum((s) => s.failure_count),
    pending_count: sum((s) => s.pending_count),
    x_taxiway_status_ids: requests.map((r) => r.statusId),
  };
  if (first?.request_timestamp) status.request_timestamp = first.request_timestamp;
  const successes = cat((s) => s.successes);
  const failures = cat((s) => s.failures);
  const pendings = cat((s) => s.pendings);
  if (successes) status.successes = successes;
  if (failures) status.failures = failures;
  if (pendings) status.pendings = pendings;
  return status;
}
