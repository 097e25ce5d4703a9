/**
 * Comparing two collections by manifest (plain Node).
 *
 * ```ts
 * const diff = diffCollections({ client: a, url: urlA }, { client: b, url: urlB });
 * for (let r = await diff.next(); !r.done; r = await diff.next()) write(r.value);  // DiffEntry
 * // r.value is the DiffSummary once done
 * ```
 */
export { diffCollections, MAX_DIFF_RECORDS } from './diff';
export type { DiffEntry, DiffOptions, DiffSide, DiffSummary } from './diff';
