/**
 * 2.0 (and sloppy 2.1) resource shapes turned into the one model Taxiway hands on, with a note
 * for every liberty taken so nothing is silently rewritten.
 */
import { addNote, type QuirkNote } from './notes';
import type {
  ManifestEntry20,
  ManifestRecord,
  Status,
  StatusDetails,
  StatusWire,
} from './resources';

/**
 * 2.0 manifest entries (one per object, all versions listed) → one record per version, the 2.1
 * shape. An entry without `versions` gives one record without `version`. `media_type` is the
 * entry's first media type; every other property of the entry is kept on each record.
 */
export function manifestEntriesToRecords(entries: readonly ManifestEntry20[]): ManifestRecord[] {
  const out: ManifestRecord[] = [];
  for (const entry of entries) {
    const { versions, media_types, ...rest } = entry;
    const base: ManifestRecord = { ...rest };
    if (media_types?.[0] !== undefined) base.media_type = media_types[0];
    if (!versions || versions.length === 0) out.push(base);
    else for (const version of versions) out.push({ ...base, version });
  }
  return out;
}

function toDetails(item: string | StatusDetails): StatusDetails {
  return typeof item === 'string' ? { id: item } : item;
}

/**
 * A status as received (2.1, 2.0 or a mix) → the 2.1 `status` shape: id strings become
 * `{id}`, `total_objects` becomes `total_count`. Notes what was odd; never fails on counts
 * (the spec states no invariant between them, TAXII 2.1 §4.3.1).
 */
export function normaliseStatus(wire: StatusWire, notes: QuirkNote[], where?: string): Status {
  const { total_objects, successes, failures, pendings, ...rest } = wire;
  let total = wire.total_count;
  if (total === undefined) {
    total = total_objects ?? 0;
    addNote(notes, {
      code: 'STATUS_TOTAL_OBJECTS',
      message:
        'The status says `total_objects` instead of `total_count` (a known typo in the TAXII 2.0 example); read as total_count.',
      where,
    });
  }
  const status: Status = { ...rest, total_count: total };
  const lists = { successes, failures, pendings };
  for (const [key, list] of Object.entries(lists) as [keyof typeof lists, typeof successes][]) {
    if (!list) continue;
    const details = list.map(toDetails);
    status[key] = details;
    if (details.some((d) => d.version === undefined)) {
      addNote(notes, {
        code: 'STATUS_DETAIL_NO_VERSION',
        message: `Some entries of \`${key}\` have no \`version\` (required in TAXII 2.1; TAXII 2.0 had none); they are matched by id only.`,
        where,
      });
    }
  }
  const sum = status.success_count + status.failure_count + status.pending_count;
  if (status.total_count !== 0 && sum !== status.total_count) {
    addNote(notes, {
      code: 'STATUS_COUNTS_MISMATCH',
      message: `The status counts do not add up: ${status.success_count} succeeded + ${status.failure_count} failed + ${status.pending_count} pending ≠ ${status.total_count} in total.`,
      where,
    });
  }
  return status;
}
