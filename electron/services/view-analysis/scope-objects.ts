/**
 * The objects of "the loaded collection": a view plus the other open views of the same
 * collection over the same connection, each object once (its latest loaded version; the view
 * asked about wins a tie). The pictures read across views so that a view filtered to one type
 * still finds what other views of the collection loaded.
 */
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { AnalysisScopeT } from '../../../shared/contract/analysis';
import type { ObjectStore } from '../collection-view/object-store';
import type { RowIndex } from '../collection-view/row-index';

/** A STIX object as parsed JSON. */
export type Json = Readonly<Record<string, unknown>>;

/** What the pictures need of one view. */
export interface ScopeView {
  readonly id: string;
  readonly index: RowIndex;
  readonly store: ObjectStore;
  readonly revision: number;
  readonly filters: TaxiiFilters;
  /** The walk reached the end (phase `complete`). */
  readonly complete: boolean;
}

/** True when filters leave every object's latest version in (no id, type, date or spec filter). */
export function unfiltered(f: TaxiiFilters): boolean {
  const versions = f.version ?? [];
  return (
    !f.addedAfter &&
    !(f.id && f.id.length) &&
    !(f.type && f.type.length) &&
    !(f.specVersion && f.specVersion.length) &&
    !(f.match && Object.keys(f.match).length) &&
    versions.every((v) => v === 'last' || v === 'all')
  );
}

/** The loaded collection around one view; see the file comment. */
export class ScopeObjects {
  /** The views, the one asked about first. */
  readonly views: readonly ScopeView[];

  constructor(
    readonly current: ScopeView,
    siblings: readonly ScopeView[],
  ) {
    this.views = [current, ...siblings.filter((v) => v !== current)];
  }

  /** A key that changes whenever any view of the scope changes (for caching a picture). */
  get key(): string {
    return this.views.map((v) => `${v.id}@${v.revision}`).join(',');
  }

  /** True when `id` is loaded in the view asked about. */
  inCurrent(id: string): boolean {
    return this.current.index.find(id) >= 0;
  }

  /** The latest loaded version of `id` anywhere in the scope. */
  get(id: string): Json | undefined {
    for (const v of this.views) {
      const r = v.index.find(id);
      if (r >= 0) return parse(v.store.get(r));
    }
    return undefined;
  }

  /**
   * Calls `fn` with each object of the scope once (latest version), of `types` only when given.
   * `text` (the object's JSON) lets a caller skip the parse: `fn` is not called when
   * `prefilter(text)` is false.
   */
  each(
    fn: (o: Json, inCurrent: boolean) => void,
    opts: { types?: ReadonlySet<string>; prefilter?: (text: string) => boolean } = {},
  ): void {
    const seen = new Set<string>();
    this.views.forEach((v, i) => {
      const { index, store } = v;
      let wanted: Uint8Array | undefined;
      if (opts.types) {
        wanted = new Uint8Array(index.types.size + 1);
        for (const t of opts.types) if (index.types.has(t)) wanted[index.types.idOf(t)] = 1;
      }
      for (let r = 0; r < index.size; r++) {
        if (wanted && wanted[index.typeIdOf(r)] !== 1) continue;
        const id = index.idOf(r);
        if (id === '' || seen.has(id) || index.find(id) !== r) continue;
        seen.add(id);
        const text = store.get(r);
        if (opts.prefilter && !opts.prefilter(text)) continue;
        const o = parse(text);
        if (!o) continue;
        fn(o, i === 0);
      }
    });
  }

  /** How much the scope holds (distinct objects counted over every view). */
  describe(): AnalysisScopeT {
    const ids = new Set<string>();
    for (const { index } of this.views)
      for (let r = 0; r < index.size; r++) {
        const id = index.idOf(r);
        if (id !== '') ids.add(id);
      }
    return {
      objects: ids.size,
      views: this.views.length,
      complete: this.views.some((v) => v.complete && unfiltered(v.filters)),
    };
  }
}

function parse(text: string): Json | undefined {
  try {
    const o = JSON.parse(text) as unknown;
    return o && typeof o === 'object' && !Array.isArray(o) ? (o as Json) : undefined;
  } catch {
    return undefined;
  }
}
