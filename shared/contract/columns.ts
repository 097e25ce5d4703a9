/**
 * The objects table's columns, named once for the address, saved views and the CSV export: each
 * with its header, the view service column it sorts by, and how its value reads from a row.
 */
import type { ViewColumn, ViewRowT } from './views';

/** Every column the objects table can show, in display order. */
export const OBJECT_COLUMNS = [
  'type',
  'name',
  'attack',
  'modified',
  'added',
  'created',
  'spec',
  'labels',
  'confidence',
  'createdBy',
  'markings',
  'phases',
  'pattern',
  'revoked',
  'id',
] as const;
/** One column of the objects table. */
export type ObjectColumn = (typeof OBJECT_COLUMNS)[number];

/** The columns shown when none were chosen (the table before the chooser existed). */
export const DEFAULT_COLUMNS: readonly ObjectColumn[] = [
  'type',
  'name',
  'modified',
  'added',
  'created',
  'spec',
  'id',
];

/** A column's header, its sort in the view service, and its value in a row. */
export interface ColumnSpec {
  title: string;
  sort: ViewColumn;
  value: (row: ViewRowT) => string | number | boolean | readonly string[] | undefined;
}

/** How each column reads. */
export const COLUMN_SPECS: Readonly<Record<ObjectColumn, ColumnSpec>> = {
  type: { title: 'Type', sort: 'type', value: (r) => r.type },
  name: { title: 'Name', sort: 'name', value: (r) => r.name },
  attack: { title: 'ATT&CK ID', sort: 'externalId', value: (r) => r.externalId },
  modified: { title: 'Modified', sort: 'modified', value: (r) => r.modified },
  added: { title: 'Date added', sort: 'dateAdded', value: (r) => r.dateAdded },
  created: { title: 'Created', sort: 'created', value: (r) => r.created },
  spec: { title: 'Spec', sort: 'specVersion', value: (r) => r.specVersion },
  labels: { title: 'Labels', sort: 'labels', value: (r) => r.labels },
  confidence: { title: 'Confidence', sort: 'confidence', value: (r) => r.confidence },
  createdBy: {
    title: 'Created by',
    sort: 'createdByRef',
    value: (r) => r.createdBy ?? r.createdByRef,
  },
  markings: { title: 'Markings', sort: 'markings', value: (r) => r.markings },
  phases: { title: 'Kill-chain phases', sort: 'killChainPhases', value: (r) => r.killChainPhases },
  pattern: { title: 'Pattern', sort: 'pattern', value: (r) => r.pattern },
  revoked: { title: 'Revoked', sort: 'revoked', value: (r) => r.revoked },
  id: { title: 'ID', sort: 'id', value: (r) => r.id },
};

/** True for a known column name. */
export function isObjectColumn(v: unknown): v is ObjectColumn {
  return typeof v === 'string' && (OBJECT_COLUMNS as readonly string[]).includes(v);
}
