/**
 * Pictures of a collection view, derived in the main process where the objects are (never all
 * rows in the renderer): the ATT&CK matrix, an object's neighbourhood, activity over time, who
 * refers to an object, and names for ids.
 *
 * "The loaded collection" is the view plus every other open view of the same collection over the
 * same connection: a view filtered to `attack-pattern` still finds the relationships and groups
 * an unfiltered view of that collection has loaded. `scope` says how much was searched, so the
 * renderer can offer to load the rest (open the collection unfiltered and walk it to the end).
 */
import { z } from 'zod';
import { ViewId } from './views';

const StixId = z.string().min(1).max(512);

/** How much of the collection a picture was drawn from. */
export const AnalysisScope = z.strictObject({
  /** Distinct objects (latest versions) searched, over every view of the collection. */
  objects: z.number(),
  /** Views of the collection searched (this one included). */
  views: z.number(),
  /** True when one of them is unfiltered and fully loaded: nothing more can be found. */
  complete: z.boolean(),
});

/** A loaded object named for display (text only; clipped to 200 characters). */
export const NamedObject = z.strictObject({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  /** The ATT&CK (or first) external id, e.g. `T0803`. */
  externalId: z.string().optional(),
  /** For a marking-definition: its TLP level or statement, for a chip. */
  marking: z
    .strictObject({ tlp: z.string().optional(), statement: z.string().optional() })
    .optional(),
});

/** One technique (or sub-technique) of the matrix, with how many objects use it. */
export const MatrixSubtechnique = z.strictObject({
  id: z.string(),
  externalId: z.string().optional(),
  name: z.string(),
  /** Objects using it: of the view, or 1/0 for the chosen object. */
  score: z.number(),
  /** Indexes into `users` of those using it (at most 500). */
  usedBy: z.array(z.number()),
});

/** A technique with its sub-techniques folded under it. */
export const MatrixTechnique = z.strictObject({
  ...MatrixSubtechnique.shape,
  subtechniques: z.array(MatrixSubtechnique),
});

/** One tactic column. */
export const MatrixTactic = z.strictObject({
  /** The tactic object's id, when there is one (not for bare kill-chain phases). */
  id: z.string().optional(),
  /** `x_mitre_shortname` or the kill-chain phase name (the Navigator's `tactic`). */
  shortname: z.string(),
  name: z.string(),
  externalId: z.string().optional(),
  techniques: z.array(MatrixTechnique),
});

/** The matrix of the loaded collection, coloured by the view's usage or one object's. */
export const AttackMatrix = z.strictObject({
  revision: z.number(),
  /** False when the loaded collection holds no ATT&CK-style data; `reason` says what is missing. */
  available: z.boolean(),
  reason: z.string().optional(),
  /** The matrix's name (the x-mitre-matrix, else the kill chain's). */
  name: z.string(),
  /** The Navigator's domain (`enterprise-attack`, `mobile-attack`, `ics-attack`), when known. */
  domain: z.string().optional(),
  /** The kill chain the techniques are placed by. */
  killChain: z.string().optional(),
  /** Where the columns came from. */
  columnsFrom: z.enum(['matrix', 'tactics', 'kill-chain']).optional(),
  /** The ATT&CK release (x_mitre_version of the matrix or collection), for the layer's versions. */
  attackVersion: z.string().optional(),
  tactics: z.array(MatrixTactic),
  /** Distinct techniques placed (sub-techniques included). */
  techniqueCount: z.number(),
  maxScore: z.number(),
  /** The object whose usage colours the matrix, when one was chosen. */
  focus: NamedObject.optional(),
  /** Objects that use techniques (candidates for `focus`, and the cells' `usedBy`), at most 2000. */
  users: z.array(NamedObject),
  scope: AnalysisScope,
});

/** A node of a neighbourhood. */
export const GraphNode = z.strictObject({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  externalId: z.string().optional(),
  /** False when only the id is known (referenced but not loaded). */
  loaded: z.boolean(),
  /** Hops from the centre (0: the centre). */
  depth: z.number(),
  /** Neighbours of this node not shown (over the cap, or hidden by type). */
  more: z.number(),
});

/** An edge: a relationship (labelled by its type), a sighting, or a `_ref`/`_refs` property. */
export const GraphEdge = z.strictObject({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  /** `relationship_type`, `sighting-of`, `where-sighted`, or the property path (`created_by_ref`). */
  label: z.string(),
  kind: z.enum(['relationship', 'sighting', 'ref']),
  /** The relationship or sighting object, when the edge is one. */
  objectId: z.string().optional(),
});

/** The neighbourhood of one or more objects. */
export const Neighbourhood = z.strictObject({
  revision: z.number(),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  /** Neighbours left out over the cap, in all. */
  omitted: z.number(),
  /** Types met among the neighbours, with counts (to hide some). */
  types: z.record(z.string(), z.number()),
  scope: AnalysisScope,
});

/** One bucket of the activity histogram. */
export const ActivityBucket = z.strictObject({
  /** Start of the bucket, ms since the epoch (UTC). */
  start: z.number(),
  /** Counts by type, aligned with `types`. */
  counts: z.array(z.number()),
});

/** Rows of the view over time (date added or modified), bucketed by day or hour. */
export const ActivityHistogram = z.strictObject({
  revision: z.number(),
  field: z.enum(['dateAdded', 'modified']),
  unit: z.enum(['hour', 'day']),
  /** Types, largest first (the rest folded into "other"). */
  types: z.array(z.string()),
  buckets: z.array(ActivityBucket),
  /** Rows counted, and rows without the date (not yet joined, or none). */
  counted: z.number(),
  undated: z.number(),
  /** The view's rows in all. */
  total: z.number(),
});

/** One object referring to another, and through which property. */
export const Referrer = z.strictObject({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  path: z.string(),
});

/** The `views.*` picture calls (registered in the contract's `calls`). */
export const analysisCalls = {
  'views.attack-matrix': {
    args: z.strictObject({
      viewId: ViewId,
      /** Colour by what this object uses instead of by the view's usage. */
      focus: StixId.optional(),
    }),
    result: AttackMatrix,
    progress: undefined,
  },
  'views.neighbourhood': {
    args: z.strictObject({
      viewId: ViewId,
      /** The centre, and any nodes expanded since. */
      ids: z.array(StixId).min(1).max(50),
      /** Neighbours shown per expanded node at most (the rest counted as "N more"). */
      cap: z.number().int().min(1).max(1000).optional(),
      /** Types left out. */
      hide: z.array(z.string().max(250)).max(100).optional(),
    }),
    result: Neighbourhood,
    progress: undefined,
  },
  'views.activity': {
    args: z.strictObject({ viewId: ViewId, field: z.enum(['dateAdded', 'modified']).optional() }),
    result: ActivityHistogram,
    progress: undefined,
  },
  'views.referrers': {
    args: z.strictObject({
      viewId: ViewId,
      id: StixId,
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    result: z.strictObject({
      revision: z.number(),
      referrers: z.array(Referrer),
      /** Referrers found in all (more than `referrers` when over the limit). */
      total: z.number(),
      scope: AnalysisScope,
    }),
    progress: undefined,
  },
  'views.names': {
    args: z.strictObject({ viewId: ViewId, ids: z.array(StixId).max(500) }),
    result: z.strictObject({ objects: z.array(NamedObject), scope: AnalysisScope }),
    progress: undefined,
  },
} as const;

/** The matrix as the renderer receives it. */
export type AttackMatrixT = z.output<typeof AttackMatrix>;
/** A technique cell. */
export type MatrixTechniqueT = z.output<typeof MatrixTechnique>;
/** A tactic column. */
export type MatrixTacticT = z.output<typeof MatrixTactic>;
/** A named object. */
export type NamedObjectT = z.output<typeof NamedObject>;
/** A neighbourhood. */
export type NeighbourhoodT = z.output<typeof Neighbourhood>;
/** A graph node. */
export type GraphNodeT = z.output<typeof GraphNode>;
/** A graph edge. */
export type GraphEdgeT = z.output<typeof GraphEdge>;
/** The activity histogram. */
export type ActivityHistogramT = z.output<typeof ActivityHistogram>;
/** How much was searched. */
export type AnalysisScopeT = z.output<typeof AnalysisScope>;
/** A referrer. */
export type ReferrerT = z.output<typeof Referrer>;
