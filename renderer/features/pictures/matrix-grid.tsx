/**
 * The ATT&CK matrix as a WAI-ARIA grid: one column per tactic, its techniques down the column
 * (sub-techniques folded: the cell says how many). One cell is in the tab order at a time;
 * arrows move between techniques, Home/End to the row's ends, Ctrl+Home/End to the corners,
 * Enter or Space picks the cell. Colours are classes (heat-0…5): the CSP allows no inline styles.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { AttackMatrixT, MatrixTechniqueT } from '../../../shared/contract/analysis';
import { heatLevel, type Scored } from './navigator-layer';

/** A cell's position: column (tactic) and row (technique within it). */
export interface CellPos {
  col: number;
  row: number;
}

/** The grid; see the file comment. */
export function MatrixGrid({
  matrix,
  scoreOf,
  maxScore,
  active,
  picked,
  onMove,
  onPick,
}: {
  matrix: AttackMatrixT;
  scoreOf: (t: MatrixTechniqueT, tactic: string) => Scored | undefined;
  maxScore: number;
  active: CellPos;
  picked: CellPos | undefined;
  onMove: (pos: CellPos) => void;
  onPick: (pos: CellPos) => void;
}) {
  const grid = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);
  const columns = matrix.tactics;
  const rows = Math.max(0, ...columns.map((c) => c.techniques.length));

  useEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-cell="${active.col}-${active.row}"]`)?.focus();
  }, [active]);

  const lengthOf = (col: number): number => columns[col]?.techniques.length ?? 0;
  const go = (col: number, row: number): void => {
    // Columns differ in length: land on the column's last technique when the row is past it.
    const c = Math.max(0, Math.min(columns.length - 1, col));
    const n = lengthOf(c);
    if (n === 0) return;
    focusWanted.current = true;
    onMove({ col: c, row: Math.max(0, Math.min(n - 1, row)) });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const { col, row } = active;
    // Skip empty columns going sideways.
    const step = (d: number): number => {
      let c = col + d;
      while (c >= 0 && c < columns.length && lengthOf(c) === 0) c += d;
      return c < 0 || c >= columns.length ? col : c;
    };
    switch (e.key) {
      case 'ArrowRight':
        go(step(1), row);
        break;
      case 'ArrowLeft':
        go(step(-1), row);
        break;
      case 'ArrowDown':
        go(col, row + 1);
        break;
      case 'ArrowUp':
        go(col, row - 1);
        break;
      case 'PageDown':
        go(col, row + 10);
        break;
      case 'PageUp':
        go(col, row - 10);
        break;
      case 'Home':
        if (e.ctrlKey) go(0, 0);
        else
          go(
            Math.max(
              0,
              columns.findIndex((_, i) => lengthOf(i) > row),
            ),
            row,
          );
        break;
      case 'End':
        if (e.ctrlKey) go(columns.length - 1, lengthOf(columns.length - 1) - 1);
        else {
          let last = columns.length - 1;
          while (last > 0 && lengthOf(last) <= row) last--;
          go(last, row);
        }
        break;
      case 'Enter':
      case ' ':
        onPick(active);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="attack-scroll">
      <div
        ref={grid}
        role="grid"
        aria-label={`ATT&CK matrix ${matrix.name}`}
        aria-rowcount={rows + 1}
        aria-colcount={columns.length}
        className="attack-grid"
        data-testid="attack-matrix"
        onKeyDown={onKey}
      >
        <div role="row" aria-rowindex={1} className="attack-row attack-head">
          {columns.map((t, c) => (
            <div
              key={t.id ?? t.shortname}
              role="columnheader"
              aria-colindex={c + 1}
              className="attack-tactic"
              data-testid="tactic"
            >
              <span className="attack-tactic-name">{t.name}</span>
              <span className="muted small">
                {t.externalId ? `${t.externalId} · ` : ''}
                {t.techniques.length} techniques
              </span>
            </div>
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} role="row" aria-rowindex={r + 2} className="attack-row">
            {columns.map((t, c) => {
              const cell = t.techniques[r];
              if (!cell)
                return (
                  <div
                    key={c}
                    role="gridcell"
                    aria-colindex={c + 1}
                    className="attack-cell blank"
                  />
                );
              const s = scoreOf(cell, t.shortname);
              const score = s?.score ?? 0;
              const isActive = active.col === c && active.row === r;
              const isPicked = picked?.col === c && picked.row === r;
              return (
                <div
                  key={c}
                  role="gridcell"
                  aria-colindex={c + 1}
                  aria-selected={isPicked}
                  tabIndex={isActive ? 0 : -1}
                  data-cell={`${c}-${r}`}
                  data-testid="technique"
                  data-score={score}
                  className={`attack-cell heat-${heatLevel(score, maxScore)}${isPicked ? ' picked' : ''}`}
                  onClick={() => {
                    onMove({ col: c, row: r });
                    onPick({ col: c, row: r });
                  }}
                >
                  <span className="attack-cell-top">
                    {cell.externalId && <span className="attack-id">{cell.externalId}</span>}
                    {score > 0 && (
                      <span className="attack-score" aria-hidden="true">
                        {score}
                      </span>
                    )}
                  </span>
                  <span className="attack-name">{cell.name}</span>
                  {cell.subtechniques.length > 0 && (
                    <span className="muted small">+{cell.subtechniques.length} sub-techniques</span>
                  )}
                  <span className="sr-only">{score > 0 ? `, score ${score}` : ', not used'}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
