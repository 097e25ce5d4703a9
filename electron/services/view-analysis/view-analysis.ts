/**
 * The pictures of open collection views: each reads "the loaded collection" (the view and its
 * sibling views, see scope-objects.ts) and caches what it derived until any of those views
 * changes revision, so reopening a picture or recolouring the matrix costs no re-read.
 */
import type {
  ActivityHistogramT,
  AttackMatrixT,
  NamedObjectT,
  NeighbourhoodT,
  ReferrerT,
  AnalysisScopeT,
} from '../../../shared/contract/analysis';
import type { CollectionView } from '../collection-view/collection-view';
import type { CollectionViews } from '../collection-view/collection-views';
import { activityHistogram } from './activity-histogram';
import { buildAttackMatrix, MATRIX_TYPES, type MatrixData } from './attack-matrix';
import { buildLinkIndex, DEFAULT_CAP, neighbourhood, type LinkIndex } from './neighbourhood';
import { idType, namedObject } from './object-names';
import { DEFAULT_REFERRERS, findReferrers } from './referrers';
import { ScopeObjects, type Json, type ScopeView } from './scope-objects';

const asScopeView = (v: CollectionView): ScopeView => ({
  id: v.id,
  index: v.index,
  store: v.store,
  revision: v.revision,
  filters: v.source.filters,
  complete: v.state().phase === 'complete',
});

/** One derived value per loaded collection, the latest only. */
class Kept<T> {
  #key = '';
  #value: T | undefined;
  get(key: string, make: () => T): T {
    if (this.#value === undefined || this.#key !== key) {
      this.#value = make();
      this.#key = key;
    }
    return this.#value;
  }
}

/** The pictures over `views`; see the file comment. */
export class ViewAnalysis {
  readonly #matrixData = new Kept<MatrixData>();
  readonly #links = new Kept<LinkIndex>();
  readonly #scopes = new Kept<AnalysisScopeT>();

  constructor(private readonly views: CollectionViews) {}

  #scope(viewId: string): { scope: ScopeObjects; revision: number } {
    const { view, siblings } = this.views.scope(viewId);
    return {
      scope: new ScopeObjects(asScopeView(view), siblings.map(asScopeView)),
      revision: view.revision,
    };
  }

  #describe(scope: ScopeObjects): AnalysisScopeT {
    return this.#scopes.get(scope.key, () => scope.describe());
  }

  #nameOf(scope: ScopeObjects): (id: string) => NamedObjectT {
    return (id) => {
      const o = scope.get(id);
      return o ? namedObject(o) : { id, type: idType(id), name: id };
    };
  }

  /** The ATT&CK matrix, scored by the view's usage or by `focus`'s. */
  attackMatrix(viewId: string, focus?: string): AttackMatrixT {
    const { scope, revision } = this.#scope(viewId);
    const data = this.#matrixData.get(scope.key, () => {
      const d: MatrixData = {
        matrices: [],
        tactics: [],
        techniques: [],
        relationships: [],
        collections: [],
      };
      scope.each(
        (o) => {
          switch (o.type) {
            case 'x-mitre-matrix':
              d.matrices.push(o);
              break;
            case 'x-mitre-tactic':
              d.tactics.push(o);
              break;
            case 'x-mitre-collection':
              d.collections.push(o);
              break;
            case 'attack-pattern':
              d.techniques.push(o);
              break;
            default:
              if (o.relationship_type === 'uses' || o.relationship_type === 'subtechnique-of')
                d.relationships.push(o);
          }
        },
        {
          types: MATRIX_TYPES,
          // Only `uses` and `subtechnique-of` relationships are parsed.
          prefilter: (t) =>
            !t.includes('"relationship"') || t.includes('"uses"') || t.includes('subtechnique-of'),
        },
      );
      return d;
    });
    return buildAttackMatrix(data, {
      revision,
      scope: this.#describe(scope),
      inCurrent: (id) => scope.inCurrent(id),
      nameOf: this.#nameOf(scope),
      ...(focus !== undefined ? { focus } : {}),
    });
  }

  /** The neighbourhood of `ids` (the centre, then expanded nodes). */
  neighbourhood(
    viewId: string,
    ids: readonly string[],
    opts: { cap?: number; hide?: readonly string[] } = {},
  ): NeighbourhoodT {
    const { scope, revision } = this.#scope(viewId);
    const index = this.#links.get(scope.key, () => {
      const all: Json[] = [];
      scope.each((o) => all.push(o));
      return buildLinkIndex(all);
    });
    return neighbourhood(
      index,
      { ids, cap: opts.cap ?? DEFAULT_CAP, hide: new Set(opts.hide ?? []) },
      { revision, scope: this.#describe(scope) },
    );
  }

  /** The view's rows over time (this view only: the histogram is of what the view shows). */
  activity(viewId: string, field: 'dateAdded' | 'modified' = 'dateAdded'): ActivityHistogramT {
    const { view } = this.views.scope(viewId);
    const index = view.index;
    const keys = index.timeKeys(field);
    return activityHistogram(
      {
        size: index.size,
        typeOf: (r) => index.types.valueOf(index.typeIdOf(r)) ?? '',
        timeOf: (r) => keys[r] ?? Number.NaN,
      },
      { revision: view.revision, field },
    );
  }

  /** Who refers to `id` across the loaded collection. */
  referrers(
    viewId: string,
    id: string,
    limit = DEFAULT_REFERRERS,
  ): { revision: number; referrers: ReferrerT[]; total: number; scope: AnalysisScopeT } {
    const { scope, revision } = this.#scope(viewId);
    return { revision, ...findReferrers(scope, id, limit), scope: this.#describe(scope) };
  }

  /** Names of the loaded objects among `ids` (unknown ids are left out). */
  names(
    viewId: string,
    ids: readonly string[],
  ): { objects: NamedObjectT[]; scope: AnalysisScopeT } {
    const { scope } = this.#scope(viewId);
    const objects: NamedObjectT[] = [];
    for (const id of new Set(ids)) {
      const o = scope.get(id);
      if (o) objects.push(namedObject(o));
    }
    return { objects, scope: this.#describe(scope) };
  }
}
