/**
 * Updating an upload's per-object outcomes from a status read again later ("Check the status
 * again" after the upload stopped waiting): an object of that request takes the outcome its
 * status lists it under, matched by id and version, else by id.
 */
import type { Result } from '../../../shared/contract';

type Report = Result<'bundle.upload'>;
/** One object's outcome, as the upload reported it. */
export type ObjectOutcome = Report['objects'][number];
/** A status resource. */
export type Status = Report['status'];

/** `objects` with those of request `request` updated from `status`. */
export function applyStatus(
  objects: readonly ObjectOutcome[],
  request: number,
  status: Status,
): ObjectOutcome[] {
  const byKey = new Map<string, { outcome: ObjectOutcome['outcome']; message?: string }>();
  const byId = new Map<string, { outcome: ObjectOutcome['outcome']; message?: string }>();
  const lists: [Status['successes'], ObjectOutcome['outcome']][] = [
    [status.successes, 'success'],
    [status.failures, 'failure'],
    [status.pendings, 'pending'],
  ];
  for (const [list, outcome] of lists)
    for (const d of list ?? []) {
      const value = { outcome, ...(d.message !== undefined ? { message: d.message } : {}) };
      if (d.version) byKey.set(`${d.id}|${d.version}`, value);
      byId.set(d.id, value);
    }
  return objects.map((o) => {
    if (o.request !== request) return o;
    const found = (o.version ? byKey.get(`${o.id}|${o.version}`) : undefined) ?? byId.get(o.id);
    if (!found) return o;
    const { message: _old, ...rest } = o;
    return {
      ...rest,
      outcome: found.outcome,
      ...(found.message ? { message: found.message } : {}),
    };
  });
}

/** Counts of each outcome. */
export function countOutcomes(objects: readonly ObjectOutcome[]): Report['counts'] {
  const counts = { total: objects.length, success: 0, failure: 0, pending: 0, unknown: 0 };
  for (const o of objects) counts[o.outcome]++;
  return counts;
}
