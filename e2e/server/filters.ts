/**
 * TAXII 2.1 query parameters (§3.4): parsing with 400-worthy validation, the filter semantics
 * (AND across fields, OR within one, `match[version]` default `last`, `match[spec_version]`
 * default "latest per object"), and the selection of versions they imply.
 *
 * Order of application: id, type and spec_version pick candidate versions per object, then
 * `match[version]` picks among them over the whole collection, and only then `added_after` and
 * the paging cursor cut the resulting date-ordered list. Applying `added_after` last makes it
 * behave exactly like a cursor, so `added_after` paging and `next` paging see the same items.
 */
import type { StoredVersion } from './store';
import { isTimestamp, toMicros, versionKey } from './timestamps';

/** Query parameter names the server understands. */
export type ParamName =
  | 'added_after'
  | 'limit'
  | 'next'
  | 'match[id]'
  | 'match[type]'
  | 'match[version]'
  | 'match[spec_version]';

/** Parameters allowed per 2.1 endpoint (parameter blocks of §5; see digest §2.2 notes). */
export const ENDPOINT_PARAMS = {
  objects: [
    'added_after',
    'limit',
    'next',
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
  ],
  manifest: [
    'added_after',
    'limit',
    'next',
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
  ],
  object: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'],
  versions: ['added_after', 'limit', 'next', 'match[spec_version]'],
  delete: ['match[version]', 'match[spec_version]'],
  objects20: ['added_after', 'match[id]', 'match[type]', 'match[version]'],
  manifest20: ['added_after', 'match[id]', 'match[type]', 'match[version]'],
  object20: ['match[version]'],
} as const satisfies Record<string, readonly ParamName[]>;

/** `match[version]` after parsing. */
export type VersionSelector =
  { all: true } | { all: false; first: boolean; last: boolean; keys: Set<string> };

/** Parsed, validated filters. */
export interface Filters {
  addedAfter?: { raw: string; micros: number };
  limit?: number;
  next?: string;
  ids?: string[];
  types?: string[];
  version: VersionSelector;
  /** Undefined means "latest spec version per object". */
  specVersions?: string[];
  /** The filter parameters as sent (minus limit and next), canonicalised: what a `next` is bound to. */
  canonical: string;
}

/** A 400-worthy problem with the query. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

function splitList(raw: string, param: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new QueryError(`${param} has an empty value in "${raw}"`, param);
  if (new Set(items).size !== items.length)
    throw new QueryError(`${param} repeats a value in "${raw}"`, param);
  return items;
}

/**
 * Parses the query for one endpoint. Parameters the endpoint does not define are ignored
 * (§3.4: undefined fields MAY be ignored); any defined parameter given twice or malformed throws.
 */
export function parseFilters(query: URLSearchParams, allowed: readonly ParamName[]): Filters {
  const seen = new Map<string, string>();
  for (const [name, value] of query) {
    if (!(allowed as readonly string[]).includes(name)) continue;
    if (seen.has(name)) throw new QueryError(`${name} may be given only once`, name);
    seen.set(name, value);
  }
  const filters: Filters = {
    version: { all: false, first: false, last: true, keys: new Set() },
    canonical: '',
  };

  const addedAfter = seen.get('added_after');
  if (addedAfter !== undefined) {
    const micros = toMicros(addedAfter);
    if (micros === undefined) {
      throw new QueryError(
        `added_after "${addedAfter}" is not a timestamp like 2024-01-31T12:00:00.000000Z`,
        'added_after',
      );
    }
    filters.addedAfter = { raw: addedAfter, micros };
  }

  const limit = seen.get('limit');
  if (limit !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(limit)) {
      throw new QueryError(`limit "${limit}" is not a positive integer`, 'limit');
    }
    filters.limit = Number(limit);
  }

  const next = seen.get('next');
  if (next !== undefined) {
    if (next === '') throw new QueryError('next is empty', 'next');
    filters.next = next;
  }

  const ids = seen.get('match[id]');
  if (ids !== undefined) filters.ids = splitList(ids, 'match[id]');

  const types = seen.get('match[type]');
  if (types !== undefined) {
    filters.types = splitList(types, 'match[type]');
    for (const t of filters.types) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(t))
        throw new QueryError(`match[type] "${t}" is not a STIX type name`, 'match[type]');
    }
  }

  const version = seen.get('match[version]');
  if (version !== undefined) {
    const values = splitList(version, 'match[version]');
    if (values.includes('all')) {
      if (values.length > 1) {
        throw new QueryError(
          'match[version]=all cannot be combined with other values',
          'match[version]',
        );
      }
      filters.version = { all: true };
    } else {
      const sel = { all: false as const, first: false, last: false, keys: new Set<string>() };
      for (const v of values) {
        if (v === 'first') sel.first = true;
        else if (v === 'last') sel.last = true;
        else if (isTimestamp(v)) {
          const key = versionKey(v);
          if (sel.keys.has(key))
            throw new QueryError(`match[version] repeats ${v}`, 'match[version]');
          sel.keys.add(key);
        } else {
          throw new QueryError(
            `match[version] value "${v}" is not first, last, all or a STIX timestamp`,
            'match[version]',
          );
        }
      }
      filters.version = sel;
    }
  }

  const spec = seen.get('match[spec_version]');
  if (spec !== undefined) {
    filters.specVersions = splitList(spec, 'match[spec_version]');
    for (const s of filters.specVersions) {
      if (!/^\d+\.\d+$/.test(s)) {
        throw new QueryError(
          `match[spec_version] "${s}" is not a version like 2.1`,
          'match[spec_version]',
        );
      }
    }
  }

  filters.canonical = [...seen.entries()]
    .filter(([k]) => k !== 'limit' && k !== 'next')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return filters;
}

function compareSpec(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/**
 * The versions of one object (ascending date_added) that the spec_version and version filters keep,
 * still in ascending date_added order.
 */
export function selectVersions(
  versions: readonly StoredVersion[],
  filters: Filters,
): StoredVersion[] {
  let candidates: readonly StoredVersion[] = versions;
  if (filters.specVersions) {
    const wanted = filters.specVersions;
    candidates = candidates.filter((v) => wanted.includes(v.specVersion));
  } else if (candidates.length > 1) {
    let latest = (candidates[0] as StoredVersion).specVersion;
    for (const v of candidates) if (compareSpec(v.specVersion, latest) > 0) latest = v.specVersion;
    candidates = candidates.filter((v) => v.specVersion === latest);
  }
  if (candidates.length === 0) return [];
  const sel = filters.version;
  if (sel.all) return [...candidates];
  let first = candidates[0] as StoredVersion;
  let last = first;
  for (const v of candidates) {
    // Ties on version (same modified stored twice, e.g. 2.0 and 2.1 forms) resolve to the newest added.
    if (v.versionKey < first.versionKey) first = v;
    if (v.versionKey >= last.versionKey) last = v;
  }
  return candidates.filter(
    (v) => (sel.first && v === first) || (sel.last && v === last) || sel.keys.has(v.versionKey),
  );
}

/** Collection-wide selection by id, type, spec_version and version, in ascending date_added order. */
export function selectCollection(
  ids: Iterable<string>,
  versionsOf: (id: string) => readonly StoredVersion[] | undefined,
  filters: Filters,
): StoredVersion[] {
  const out: StoredVersion[] = [];
  const types = filters.types ? new Set(filters.types) : undefined;
  const onlyLast =
    !filters.specVersions &&
    !filters.version.all &&
    filters.version.last &&
    !filters.version.first &&
    filters.version.keys.size === 0;
  for (const id of filters.ids ?? ids) {
    const versions = versionsOf(id);
    if (!versions || versions.length === 0) continue;
    if (types && !types.has((versions[0] as StoredVersion).type)) continue;
    if (onlyLast && versions.length === 1) {
      out.push(versions[0] as StoredVersion); // the common case, without allocating
      continue;
    }
    for (const v of selectVersions(versions, filters)) out.push(v);
  }
  out.sort((a, b) => a.micros - b.micros);
  return out;
}

/** The key a collection view is cached under: the filters that shape it, not the page position. */
export function viewKey(filters: Filters): string {
  return JSON.stringify([
    filters.ids ?? null,
    filters.types ?? null,
    filters.specVersions ?? null,
    filters.version.all
      ? 'all'
      : [filters.version.first, filters.version.last, [...filters.version.keys].sort()],
  ]);
}
