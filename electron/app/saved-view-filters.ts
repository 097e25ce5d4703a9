/** A saved view's filters as the contract's object filters (empty lists left out). */
import type { ParsedArgs } from '../../shared/contract';
import type { SavedView } from '../../shared/saved-view';

type ObjectFilters = NonNullable<ParsedArgs<'objects.page'>['filters']>;

/** The filters of a saved view, as `objects.page` takes them. */
export function toObjectFiltersOf(f: SavedView['filters']): ObjectFilters | undefined {
  const out: ObjectFilters = {};
  if (f.types.length) out.types = f.types;
  if (f.ids.length) out.ids = f.ids;
  if (f.addedAfter) out.addedAfter = f.addedAfter;
  if (f.specVersions.length) out.specVersions = f.specVersions;
  if (f.versions.length) out.versions = f.versions;
  return Object.keys(out).length > 0 ? out : undefined;
}
