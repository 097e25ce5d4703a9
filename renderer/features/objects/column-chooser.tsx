/**
 * The objects table's column chooser: a drop-down list of every column with a tick for those
 * shown; the order is the table's fixed display order, so a choice reads the same everywhere
 * (the address, a saved view, the CSV export).
 */
import { useRef } from 'react';
import {
  COLUMN_SPECS,
  DEFAULT_COLUMNS,
  OBJECT_COLUMNS,
  type ObjectColumn,
} from '../../../shared/contract/columns';

/** `columns` with `column` turned on or off, in display order; never empty. */
export function toggleColumn(
  columns: readonly ObjectColumn[],
  column: ObjectColumn,
  on: boolean,
): ObjectColumn[] {
  const set = new Set(columns);
  if (on) set.add(column);
  else set.delete(column);
  const next = OBJECT_COLUMNS.filter((c) => set.has(c));
  return next.length > 0 ? next : [...columns];
}

/** The chooser. */
export function ColumnChooser({
  columns,
  onChange,
}: {
  columns: readonly ObjectColumn[];
  onChange: (columns: ObjectColumn[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const isDefault =
    columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => c === DEFAULT_COLUMNS[i]);
  return (
    <details
      className="dropdown column-chooser"
      ref={ref}
      data-testid="column-chooser"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !ref.current?.open) return;
        e.preventDefault();
        ref.current.open = false;
        ref.current.querySelector('summary')?.focus();
      }}
    >
      <summary className="btn">Columns</summary>
      <div className="dropdown-panel" role="group" aria-label="Columns shown">
        <ul className="check-list">
          {OBJECT_COLUMNS.map((c) => (
            <li key={c}>
              <label>
                <input
                  type="checkbox"
                  checked={columns.includes(c)}
                  disabled={columns.length === 1 && columns[0] === c}
                  onChange={(e) => onChange(toggleColumn(columns, c, e.target.checked))}
                />
                {COLUMN_SPECS[c].title}
              </label>
            </li>
          ))}
        </ul>
        <div className="dropdown-actions">
          <button
            type="button"
            className="btn small subtle"
            disabled={isDefault}
            onClick={() => onChange([...DEFAULT_COLUMNS])}
          >
            Default columns
          </button>
        </div>
      </div>
    </details>
  );
}
