/**
 * The objects table: virtualized over the view service's rows (only the rows in view and a small
 * margin exist in the DOM, and only their windows are fetched, so 1,000,000 rows scroll like
 * 100), sortable by any column (the service sorts), and a keyboard grid: arrows, Page Up/Down,
 * Home/End move, Enter inspects, Space selects. The rows sit in normal flow below a padding, both
 * set through the grid's own constructed stylesheet: no style attributes, nothing the CSP
 * `style-src 'self'` would have to allow.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { COLUMN_SPECS } from '../../../shared/contract/columns';
import { formatTimestamp } from '../../components/format';
import type { ColumnKey, SortOrder } from '../navigation/route';
import { rowRouteId, viewSortOf, type Row } from './rows';
import { useRowWindow } from './use-row-window';

const ROW_HEIGHT = 28;
/** Rows rendered (and fetched) beyond each edge of the view, for smooth scrolling. */
const OVERSCAN = 6;

/** Each column's track in the row grid (the selection box comes first, 30px). */
const COLUMN_WIDTHS: Record<ColumnKey, { track: string; min: number }> = {
  type: { track: '130px', min: 130 },
  name: { track: 'minmax(220px, 1fr)', min: 220 },
  attack: { track: '100px', min: 100 },
  modified: { track: '190px', min: 190 },
  added: { track: '214px', min: 214 },
  created: { track: '190px', min: 190 },
  spec: { track: '44px', min: 44 },
  labels: { track: '160px', min: 160 },
  confidence: { track: '96px', min: 96 },
  createdBy: { track: '170px', min: 170 },
  markings: { track: '150px', min: 150 },
  phases: { track: '200px', min: 200 },
  pattern: { track: 'minmax(220px, 1fr)', min: 220 },
  revoked: { track: '80px', min: 80 },
  id: { track: '340px', min: 340 },
};

/** The grid's column tracks and least width for the columns shown. */
function gridColumns(columns: readonly ColumnKey[]): string {
  const tracks = ['30px', ...columns.map((c) => COLUMN_WIDTHS[c].track)].join(' ');
  const min = 30 + columns.reduce((n, c) => n + COLUMN_WIDTHS[c].min, 0);
  return `.grid-row{grid-template-columns:${tracks}}.grid-inner{min-width:${Math.max(min, 600)}px}`;
}

/**
 * Sets the body's height, the rows' offset and the column tracks for one grid through a
 * constructed stylesheet adopted by the document (CSSOM, so the CSP needs no 'unsafe-inline').
 */
function useBodyGeometry(
  scope: string,
  height: number,
  top: number,
  columns: readonly ColumnKey[],
): void {
  const sheet = useMemo(() => new CSSStyleSheet(), []);
  useLayoutEffect(() => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [sheet]);
  useLayoutEffect(() => {
    const at = `[data-grid=${JSON.stringify(scope)}]`;
    const tracks = gridColumns(columns).replace(/(^|\})\./g, `$1${at} .`);
    sheet.replaceSync(`${at} .grid-body{height:${height}px;padding-top:${top}px}${tracks}`);
  }, [sheet, scope, height, top, columns]);
}

/** The table of one view's current ordering. */
export function ObjectsTable({
  viewId,
  revision,
  sort,
  onSort,
  find,
  active,
  onActive,
  selected,
  onToggleSelect,
  onOpen,
  openId,
  onNearEnd,
  onViewGone,
  busy,
  columns: ORDER,
}: {
  /** The columns shown, in order. */
  columns: readonly ColumnKey[];
  viewId: string;
  revision: number;
  sort: SortOrder | undefined;
  onSort: (s: SortOrder | undefined) => void;
  find: string;
  active: number;
  onActive: (i: number) => void;
  selected: ReadonlySet<string>;
  onToggleSelect: (row: Row) => void;
  onOpen: (row: Row) => void;
  openId: string | undefined;
  /** Called when the last rows are in view (the view may load about one more page). */
  onNearEnd: () => void;
  /** Called when the service no longer knows the view (closed, or let go after being idle). */
  onViewGone: () => void;
  busy: boolean;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const [range, setRange] = useState({ first: 0, last: 0 });
  const view = useRowWindow({
    viewId,
    revision,
    sort: viewSortOf(sort),
    find,
    first: range.first,
    last: range.last,
  });
  const total = view.total;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    onChange: (v) => {
      const items = v.getVirtualItems();
      const first = items[0]?.index ?? 0;
      const last = items[items.length - 1]?.index ?? 0;
      setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
    },
  });
  const items = virtualizer.getVirtualItems();
  useBodyGeometry(gridId, virtualizer.getTotalSize(), items[0]?.start ?? 0, ORDER);
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (total > 0 && last >= total - 40) onNearEnd();
  }, [last, total, onNearEnd]);

  const gone = view.error?.code === 'INVALID_INPUT' && view.error.wire.where === 'viewId';
  useEffect(() => {
    if (gone) onViewGone();
  }, [gone, onViewGone]);

  const clamp = (i: number): number => Math.max(0, Math.min(total - 1, i));
  const go = (i: number): void => {
    const next = clamp(i);
    onActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (total === 0) return;
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
        go(total - 1);
        break;
      case 'Enter': {
        const row = view.rowAt(clamp(active));
        if (row) onOpen(row);
        break;
      }
      case ' ': {
        const row = view.rowAt(clamp(active));
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
  const activeIndex = clamp(active);
  const activeShown = total > 0 && items.some((v) => v.index === activeIndex);

  return (
    <div
      className="objects-scroll"
      ref={scrollRef}
      role="grid"
      aria-label="Objects"
      aria-rowcount={total + 1}
      aria-colcount={ORDER.length + 1}
      aria-multiselectable="true"
      aria-busy={busy}
      tabIndex={0}
      aria-activedescendant={activeShown ? `${gridId}-r${activeIndex}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="objects-grid"
      data-grid={gridId}
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
                aria-label={`Sort by ${COLUMN_SPECS[c].title}`}
              >
                {COLUMN_SPECS[c].title}
                <span className="sort-mark" aria-hidden="true">
                  {sortFor(c) === 'ascending' ? '▲' : sortFor(c) === 'descending' ? '▼' : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
        <div className="grid-body">
          {items.map((v) => {
            const row = view.rowAt(v.index);
            if (!row)
              return (
                <div
                  key={`pending-${v.index}`}
                  id={`${gridId}-r${v.index}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-busy="true"
                  className="grid-row pending"
                  data-testid="pending-row"
                >
                  <div role="gridcell" className="cell select-cell" />
                  <div role="gridcell" className="cell col-type">
                    <span className="row-placeholder" />
                  </div>
                </div>
              );
            const isSelected = selected.has(row.key);
            const classes = ['grid-row'];
            if (v.index === activeIndex) classes.push('active');
            if (openId !== undefined && rowRouteId(row) === openId) classes.push('open');
            if (isSelected) classes.push('selected');
            return (
              <div
                key={row.key}
                id={`${gridId}-r${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={classes.join(' ')}
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
                    aria-label={`Select ${row.name || row.id}`}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => onToggleSelect(row)}
                  />
                </div>
                {ORDER.map((c) => (
                  <div key={c} role="gridcell" className={`cell col-${c}`}>
                    <Cell row={row} column={c} />
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

function Cell({ row, column }: { row: Row; column: ColumnKey }) {
  switch (column) {
    case 'type':
      return (
        <span className={`type-tag t-${row.type.startsWith('x-') ? 'custom' : row.type}`}>
          {row.type}
        </span>
      );
    case 'name':
      return <span title={row.name}>{row.name || <span className="muted">(no name)</span>}</span>;
    case 'id':
      return <span className="mono">{row.id || '—'}</span>;
    case 'created':
      return <span className="mono">{formatTimestamp(row.created)}</span>;
    case 'modified':
      return <span className="mono">{formatTimestamp(row.modified)}</span>;
    case 'added':
      return <span className="mono">{formatTimestamp(row.dateAdded)}</span>;
    case 'spec':
      return <span>{row.specVersion ?? ''}</span>;
    case 'attack':
      return <span className="mono">{row.externalId ?? ''}</span>;
    case 'labels':
    case 'phases':
    case 'markings': {
      const list =
        column === 'labels' ? row.labels : column === 'phases' ? row.killChainPhases : row.markings;
      const text = list?.join(', ') ?? '';
      return <span title={text}>{text}</span>;
    }
    case 'confidence':
      return <span>{row.confidence ?? ''}</span>;
    case 'createdBy':
      return (
        <span title={row.createdByRef}>
          {row.createdBy ?? <span className="mono">{row.createdByRef ?? ''}</span>}
        </span>
      );
    case 'pattern':
      return (
        <span className="mono" title={row.pattern}>
          {row.pattern ?? ''}
        </span>
      );
    case 'revoked':
      return <span>{row.revoked === undefined ? '' : row.revoked ? 'revoked' : 'no'}</span>;
  }
}
