/**
 * Updating an upload's per-object outcomes from a status read again later ("Check the status
 * again" after the upload stopped waiting): an object of that request takes the outcome its
 * status lists it under, matched by id and version, else by id.
 */
import type { Result } from '../../../shared/contract';
import { saysAlreadyThere } from '../../../shared/taxii/duplicates';

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
    const { message: _old, unchanged, ...rest } = o;
    const already =
      found.outcome === 'success' && (unchanged === true || saysAlreadyThere(found.message));
    return {
      ...rest,
      outcome: found.outcome,
      ...(already ? { unchanged: true } : {}),
      ...(found.message ? { message: found.message } : {}),
    };
  });
}

/** Counts of each outcome; `unchanged` counts the successes that stored nothing new. */
export function countOutcomes(objects: readonly ObjectOutcome[]): Report['counts'] {
  const counts = {
    total: objects.length,
    success: 0,
    failure: 0,
    pending: 0,
    unknown: 0,
    unchanged: 0,
  };
  for (const o of objects) {
    counts[o.outcome]++;
    if (o.outcome === 'success' && o.unchanged) counts.unchanged++;
  }
  return counts;
}

const OUTCOME_WORDS: Record<ObjectOutcome['outcome'], string> = {
  success: 'added',
  failure: 'failed',
  pending: 'pending',
  unknown: 'unknown',
};

/** What happened to one object, in a word: a success the collection already held is "unchanged". */
export function outcomeWord(o: Pick<ObjectOutcome, 'outcome' | 'unchanged'>): string {
  return o.outcome === 'success' && o.unchanged ? 'unchanged' : OUTCOME_WORDS[o.outcome];
}

/** The one-line summary of counts: "2 added, 1 unchanged, 0 failed, 0 pending". */
export function outcomeSummary(counts: Report['counts']): string {
  const unchanged = counts.unchanged ?? 0;
  return [
    `${(counts.success - unchanged).toLocaleString('en-US')} added`,
    ...(unchanged ? [`${unchanged.toLocaleString('en-US')} unchanged`] : []),
    `${counts.failure.toLocaleString('en-US')} failed`,
    `${counts.pending.toLocaleString('en-US')} pending`,
    ...(counts.unknown ? [`${counts.unknown.toLocaleString('en-US')} unknown`] : []),
  ].join(', ');
}
