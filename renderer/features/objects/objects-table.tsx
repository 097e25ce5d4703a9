/**
 * The objects table: virtualized (only the rows in view exist in the DOM, so 100,000 rows scroll
 * like 100), sortable by any column, and a keyboard grid: arrows, Page Up/Down, Home/End move,
 * Enter inspects, Space selects. Row positions are set through React's style prop, which writes
 * CSSOM properties (allowed by the `style-src 'self'` CSP, unlike style attributes in markup).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { formatTimestamp } from '../../components/format';
import type { ColumnKey, SortOrder } from '../navigation/route';
import type { Row } from './rows';

const ROW_HEIGHT = 28;

const COLUMN_TITLES: Record<ColumnKey, string> = {
  type: 'Type',
  name: 'Name',
  modified: 'Modified',
  added: 'Date added',
  created: 'Created',
  spec: 'Spec',
  id: 'ID',
};

/** Display order: what analysts scan first comes first; the long id comes last. */
const ORDER: ColumnKey[] = ['type', 'name', 'modified', 'added', 'created', 'spec', 'id'];

/** The table. */
export function ObjectsTable({
  rows,
  addedOf,
  sort,
  onSort,
  active,
  onActive,
  selected,
  onToggleSelect,
  onOpen,
  openId,
  onNearEnd,
  busyLabel,
}: {
  rows: readonly Row[];
  addedOf: (row: Row) => string;
  sort: SortOrder | undefined;
  onSort: (s: SortOrder | undefined) => void;
  active: number;
  onActive: (i: number) => void;
  selected: ReadonlySet<string>;
  onToggleSelect: (row: Row) => void;
  onOpen: (row: Row) => void;
  openId: string | undefined;
  onNearEnd: () => void;
  busyLabel?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (rows.length === 0 || last >= rows.length - 40) onNearEnd();
  }, [last, rows.length, onNearEnd]);

  const clamp = (i: number): number => Math.max(0, Math.min(rows.length - 1, i));
  const go = (i: number): void => {
    const next = clamp(i);
    onActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (rows.length === 0) return;
    switch (e.key) {
      case 'ArrowDown':
        go(active + 1);
        break;
      case 'ArrowUp':
        go(active - 1);
        break;
      case 'PageDown':
        go(active + page);
        break;
      case 'PageUp':
        go(active - page);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'Enter': {
        const row = rows[clamp(active)];
        if (row) onOpen(row);
        break;
      }
      case ' ': {
        const row = rows[clamp(active)];
        if (row) onToggleSelect(row);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  const sortFor = (c: ColumnKey): 'ascending' | 'descending' | 'none' =>
    sort?.column === c ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const nextSort = (c: ColumnKey): SortOrder | undefined => {
    if (sort?.column !== c) return { column: c, dir: 'asc' };
    if (sort.dir === 'asc') return { column: c, dir: 'desc' };
    return undefined;
  };
  const activeRow = rows[clamp(active)];

  return (
    <div
      className="objects-scroll"
      ref={scrollRef}
      role="grid"
      aria-label="Objects"
      aria-rowcount={rows.length + 1}
      aria-colcount={ORDER.length + 1}
      aria-multiselectable="true"
      aria-busy={busyLabel !== undefined}
      tabIndex={0}
      aria-activedescendant={activeRow ? `${gridId}-r${clamp(active)}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="objects-grid"
    >
      <div className="grid-inner">
        <div className="grid-row grid-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell select-cell">
            <span className="sr-only">Selected</span>
          </div>
          {ORDER.map((c) => (
            <div key={c} role="columnheader" aria-sort={sortFor(c)} className={`cell col-${c}`}>
              <button
                type="button"
                className="sort-button"
                tabIndex={-1}
                onClick={() => onSort(nextSort(c))}
                aria-label={`Sort by ${COLUMN_TITLES[c]}`}
              >
                {COLUMN_TITLES[c]}
                <span className="sort-mark" aria-hidden="true">
                  {sortFor(c) === 'ascending' ? '▲' : sortFor(c) === 'descending' ? '▼' : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
        <div className="grid-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((v) => {
            const row = rows[v.index]!;
            const isSelected = selected.has(row.key);
            const classes = ['grid-row'];
            if (v.index === clamp(active)) classes.push('active');
            if (openId !== undefined && (row.id || `#${row.index}`) === openId)
              classes.push('open');
            if (isSelected) classes.push('selected');
            return (
              <div
                key={row.key}
                id={`${gridId}-r${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={classes.join(' ')}
                style={{ transform: `translateY(${v.start}px)` }}
                onClick={() => {
                  onActive(v.index);
                  onOpen(row);
                }}
                data-testid="object-row"
              >
                <div role="gridcell" className="cell select-cell">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    checked={isSelected}
                    aria-label={`Select ${row.label || row.id}`}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => onToggleSelect(row)}
                  />
                </div>
                {ORDER.map((c) => (
                  <div key={c} role="gridcell" className={`cell col-${c}`}>
                    <Cell row={row} column={c} added={c === 'added' ? addedOf(row) : ''} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Cell({ row, column, added }: { row: Row; column: ColumnKey; added: string }) {
  switch (column) {
    case 'type':
      return (
        <span className={`type-tag t-${row.type.startsWith('x-') ? 'custom' : row.type}`}>
          {row.type}
        </span>
      );
    case 'name':
      return <span title={row.label}>{row.label || <span className="muted">(no name)</span>}</span>;
    case 'id':
      return <span className="mono">{row.id || '—'}</span>;
    case 'created':
    case 'modified':
      return <span className="mono">{formatTimestamp(row[column])}</span>;
    case 'added':
      return <span className="mono">{formatTimestamp(added)}</span>;
    case 'spec':
      return <span>{row.spec}</span>;
  }
}
