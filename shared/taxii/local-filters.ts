/**
 * Filtering on the client what a server refused to filter (it answered 400 to `match[type]` or
 * `match[spec_version]`, say): the request is sent without that filter and the items are checked
 * here. Only filters that can be judged from one item are offered; `match[version]` (first, last)
 * and `added_after` need the whole collection and stay with the server.
 */
import type { TaxiiFilters } from './filters';
import { parseMediaType } from './media-types';

/** Filters that can be applied to an item on the client. */
export const LOCAL_FILTER_KEYS = ['id', 'type', 'specVersion'] as const;

/** One of them. */
export type LocalFilterKey = (typeof LOCAL_FILTER_KEYS)[number];

/** What kind of items a page holds, for judging them. */
export type ItemKind = 'object' | 'manifest-record' | 'version' | 'collection';

/** The spec version of a STIX object as servers judge it (medallion: no spec_version = 2.0, unless it is an SCO). */
export function specVersionOf(o: Record<string, unknown>): string {
  if (typeof o.spec_version === 'string') return o.spec_version;
  return o.created !== undefined || o.modified !== undefined ? '2.0' : '2.1';
}

function typeOfId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const i = id.indexOf('--');
  return i > 0 ? id.slice(0, i) : undefined;
}

/**
 * A predicate for `dropped` filters on items of `kind`, or undefined when none of them can be
 * judged on this kind of item (the caller then says the results are unfiltered).
 */
export function localPredicate(
  filters: TaxiiFilters,
  dropped: readonly LocalFilterKey[],
  kind: ItemKind,
): ((item: unknown) => boolean) | undefined {
  const tests: ((o: Record<string, unknown>) => boolean)[] = [];
  for (const key of dropped) {
    const values = filters[key];
    if (!values || values.length === 0) continue;
    const set = new Set(values);
    if (kind === 'object') {
      if (key === 'id') tests.push((o) => set.has(o.id as string));
      if (key === 'type') tests.push((o) => set.has(o.type as string));
      if (key === 'specVersion') tests.push((o) => set.has(specVersionOf(o)));
    } else if (kind === 'manifest-record') {
      if (key === 'id') tests.push((o) => set.has(o.id as string));
      if (key === 'type') tests.push((o) => set.has(typeOfId(o.id) ?? ''));
      if (key === 'specVersion') {
        tests.push((o) => {
          const v =
            typeof o.media_type === 'string'
              ? parseMediaType(o.media_type)?.params.version
              : undefined;
          return v === undefined || set.has(v);
        });
      }
    }
  }
  if (tests.length === 0) return undefined;
  return (item) =>
    typeof item === 'object' &&
    item !== null &&
    tests.every((t) => t(item as Record<string, unknown>));
}

/** True for a filter key that `localPredicate` may be able to apply. */
export function isLocalFilterKey(key: string): key is LocalFilterKey {
  return (LOCAL_FILTER_KEYS as readonly string[]).includes(key);
}
