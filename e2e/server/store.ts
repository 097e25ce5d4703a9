/**
 * In-memory storage of one collection: every stored version of every object, kept in ascending
 * `date_added` order (the order TAXII serves), with an index by id and a small cache of filtered
 * views so that paging a 100k-object collection costs a binary search and a slice per page. A
 * synthetic collection (read-only) keeps no objects: its views make each version on demand.
 */
import { selectCollection, viewKey, type Filters } from './filters';
import type { SyntheticCollection } from './synthetic';
import { formatMicros, versionKey } from './timestamps';

/** A STIX object as stored: kept exactly as received (every property, in order). */
export type StixObject = { type: string; id: string } & Record<string, unknown>;

/** One stored version of one object. */
export interface StoredVersion {
  id: string;
  type: string;
  /** `modified`, else `created`, else this version's `date_added` (digest §9.2). */
  version: string;
  versionKey: string;
  /** `spec_version`, else 2.0 for objects with created/modified, else 2.1 (as medallion does). */
  specVersion: string;
  micros: number;
  dateAdded: string;
  object: StixObject;
  /** The object serialized once, so pages are joined rather than re-stringified. */
  json: string;
}

/**
 * A date-ordered list of versions as handlers page through it: an array, or a synthetic
 * collection's versions made per access (`at` and `slice` build only what they return).
 */
export interface VersionList {
  readonly length: number;
  at(index: number): StoredVersion | undefined;
  slice(start?: number, end?: number): StoredVersion[];
}

/** Spec version of an object by the rule in StoredVersion.specVersion. */
export function specVersionOf(object: Record<string, unknown>): string {
  if (typeof object.spec_version === 'string') return object.spec_version;
  if (object.created === undefined && object.modified === undefined) return '2.1';
  return '2.0';
}

/** The version string of an object, or undefined for an unversioned object. */
export function versionOf(object: Record<string, unknown>): string | undefined {
  if (typeof object.modified === 'string') return object.modified;
  if (typeof object.created === 'string') return object.created;
  return undefined;
}

/** Makes a StoredVersion for `object` added at `micros`. */
export function makeVersion(object: StixObject, micros: number): StoredVersion {
  const dateAdded = formatMicros(micros);
  const version = versionOf(object) ?? dateAdded;
  return {
    id: object.id,
    type: object.type,
    version,
    versionKey: versionKey(version),
    specVersion: specVersionOf(object),
    micros,
    dateAdded,
    object,
    json: JSON.stringify(object),
  };
}

/** First index in `list` (ascending micros) whose micros is greater than `micros`. */
export function indexAfter(list: VersionList, micros: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list.at(mid) as StoredVersion).micros > micros) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const VIEW_CACHE_SIZE = 24;

/** One collection's objects. */
export class CollectionStore {
  private entries: StoredVersion[] = [];
  private readonly byId = new Map<string, StoredVersion[]>();
  private readonly views = new Map<string, VersionList>();
  private synthetic?: SyntheticCollection;
  /** Bumped on every change; cached views belong to one generation. */
  generation = 0;

  /** Serves `source` from now on (read-only: its objects are made per page, never held). */
  useSynthetic(source: SyntheticCollection): void {
    this.clear();
    this.synthetic = source;
  }

  /** Number of stored versions. */
  get size(): number {
    return this.synthetic?.count ?? this.entries.length;
  }

  /** All stored versions in ascending date_added order (do not mutate). */
  all(): VersionList {
    return this.synthetic?.all() ?? this.entries;
  }

  /** Ids in first-added order. */
  ids(): IterableIterator<string> {
    return this.synthetic?.ids() ?? this.byId.keys();
  }

  /** The versions of one object in ascending date_added order, or undefined. */
  versionsOf(id: string): readonly StoredVersion[] | undefined {
    if (this.synthetic) return this.synthetic.versionsOf(id);
    return this.byId.get(id);
  }

  /**
   * The versions the id, type, spec_version and version filters select (TAXII 2.1 §3.4), in
   * date_added order; computed once per (generation, filters) and kept in a small LRU cache.
   */
  select(filters: Filters): VersionList {
    const synthetic = this.synthetic;
    return this.view(viewKey(filters), () =>
      synthetic
        ? synthetic.select(filters)
        : selectCollection(this.ids(), (id) => this.versionsOf(id), filters),
    );
  }

  /** Adds one version; keeps date order even if `micros` is not the newest. */
  add(v: StoredVersion): void {
    this.assertWritable();
    const last = this.entries[this.entries.length - 1];
    if (!last || last.micros < v.micros) this.entries.push(v);
    else this.entries.splice(indexAfter(this.entries, v.micros), 0, v);
    const list = this.byId.get(v.id);
    if (!list) this.byId.set(v.id, [v]);
    else if ((list[list.length - 1] as StoredVersion).micros < v.micros) list.push(v);
    else list.splice(indexAfter(list, v.micros), 0, v);
    this.touch();
  }

  /** Adds many versions already in ascending date order (fast path for loading). */
  addSorted(list: StoredVersion[]): void {
    this.assertWritable();
    for (const v of list) {
      const last = this.entries[this.entries.length - 1];
      if (last && last.micros >= v.micros) {
        this.add(v);
        continue;
      }
      this.entries.push(v);
      const forId = this.byId.get(v.id);
      if (forId) forId.push(v);
      else this.byId.set(v.id, [v]);
    }
    this.touch();
  }

  /** Removes the given versions. */
  remove(versions: readonly StoredVersion[]): void {
    if (versions.length === 0) return;
    this.assertWritable();
    const gone = new Set(versions);
    this.entries = this.entries.filter((v) => !gone.has(v));
    for (const v of versions) {
      const list = this.byId.get(v.id);
      if (!list) continue;
      const kept = list.filter((x) => !gone.has(x));
      if (kept.length) this.byId.set(v.id, kept);
      else this.byId.delete(v.id);
    }
    this.touch();
  }

  /** Removes everything. */
  clear(): void {
    this.synthetic = undefined;
    this.entries = [];
    this.byId.clear();
    this.touch();
  }

  /** A filtered view, computed once per (generation, key) and kept in a small LRU cache. */
  view(key: string, compute: () => VersionList): VersionList {
    const cacheKey = `${this.generation}|${key}`;
    const hit = this.views.get(cacheKey);
    if (hit) {
      this.views.delete(cacheKey);
      this.views.set(cacheKey, hit);
      return hit;
    }
    const value = compute();
    this.views.set(cacheKey, value);
    while (this.views.size > VIEW_CACHE_SIZE) {
      const oldest = this.views.keys().next().value as string;
      this.views.delete(oldest);
    }
    return value;
  }

  private assertWritable(): void {
    if (this.synthetic) throw new Error('a synthetic collection is read-only');
  }

  private touch(): void {
    this.generation++;
    this.views.clear();
  }
}
