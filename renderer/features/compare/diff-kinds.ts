/** How one difference between two collections is named to a person, and filtered. */
import type { DiffEntry } from '../../queries/compare';

/** The kinds a person can filter the differences by. */
export type DiffKind = 'only-in-a' | 'only-in-b' | 'newer-in-a' | 'newer-in-b' | 'versions-differ';

/** Plain words for each kind. */
export const KIND_WORDS: Record<DiffKind, string> = {
  'only-in-a': 'Only in A',
  'only-in-b': 'Only in B',
  'newer-in-a': 'Newer in A',
  'newer-in-b': 'Newer in B',
  'versions-differ': 'Older versions differ',
};

/** The kind of a difference: where it is, or which side has the newer latest version. */
export function entryKind(e: DiffEntry): DiffKind {
  if (e.kind !== 'versions-differ') return e.kind;
  return e.newer === 'a' ? 'newer-in-a' : e.newer === 'b' ? 'newer-in-b' : 'versions-differ';
}
