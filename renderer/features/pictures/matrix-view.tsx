/**
 * The ATT&CK matrix of a collection: drawn in the main process from the loaded collection,
 * coloured by how many of the view's objects use each technique, by one chosen object's usage,
 * or by an imported ATT&CK Navigator layer; the colouring exports as a Navigator layer. Picking
 * a cell shows the technique, who uses it, and its sub-techniques, with ways to inspect them or
 * to show them in the table. Says plainly when the collection holds no ATT&CK-style data.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ChangeEvent } from 'react';
import type { MatrixTechniqueT } from '../../../shared/contract/analysis';
import { saveText } from '../../api/save-file';
import { ErrorView } from '../../components/error-view';
import { formatCount } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { pictureQuery } from '../../queries/analysis';
import { MatrixGrid, type CellPos } from './matrix-grid';
import {
  heatLevel,
  layerScore,
  readLayer,
  toLayer,
  type LayerColouring,
  type Scored,
} from './navigator-layer';
import { ScopeNote } from './scope-note';
import { useScopeKey, useWholeCollection } from './use-scope';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };

/** The matrix view. */
export function MatrixView({
  viewId,
  collection,
  collectionTitle,
  onInspect,
  onShowInTable,
}: {
  viewId: string;
  collection: Ref;
  collectionTitle: string;
  onInspect: (id: string) => void;
  onShowInTable: (ids: string[]) => void;
}) {
  const [focus, setFocus] = useState<string>('');
  const [layer, setLayer] = useState<LayerColouring | null>(null);
  const [layerError, setLayerError] = useState<string | null>(null);
  const [active, setActive] = useState<CellPos>({ col: 0, row: 0 });
  const [picked, setPicked] = useState<CellPos | undefined>();
  const [whole, setWhole] = useState(false);
  const wholeLoad = useWholeCollection(collection, whole);
  const scopeKey = useScopeKey(collection);
  const q = useQuery(
    pictureQuery('views.attack-matrix', { viewId, ...(focus ? { focus } : {}) }, scopeKey),
  );
  const matrix = q.data;

  const scoreOf = useMemo(() => {
    return (t: MatrixTechniqueT, tactic: string): Scored | undefined => {
      if (layer) return layerScore(layer, t.externalId, tactic);
      if (!matrix || t.score <= 0) return undefined;
      const names = t.usedBy.map((i) => matrix.users[i]?.name ?? '?');
      return { score: t.score, comment: `Used by: ${names.join(', ')}` };
    };
  }, [layer, matrix]);

  if (q.isPending) return <Loading label="Drawing the ATT&CK matrix…" testId="matrix-loading" />;
  if (q.isError)
    return (
      <ErrorView
        error={q.error}
        title="Could not draw the ATT&CK matrix"
        onRetry={() => void q.refetch()}
      />
    );
  if (!matrix) return null;

  const maxScore = layer ? layer.maxScore : matrix.maxScore;
  const cellAt = (p: CellPos | undefined) =>
    p ? matrix.tactics[p.col]?.techniques[p.row] : undefined;
  const chosen = cellAt(picked);
  const chosenTactic = picked ? matrix.tactics[picked.col] : undefined;

  const exportLayer = (): void => {
    const by = layer
      ? `the layer “${layer.name}”`
      : matrix.focus
        ? `what ${matrix.focus.name} uses`
        : `how many objects of the view use each technique`;
    const out = toLayer(matrix, {
      name: `${collectionTitle}: ${matrix.focus?.name ?? matrix.name}`.slice(0, 200),
      description: `Exported by Taxiway from ${collectionTitle}, coloured by ${by}.`,
      scoreOf: (id, tactic) => {
        const t = matrix.tactics
          .find((c) => c.shortname === tactic)
          ?.techniques.flatMap((x) => [x, ...x.subtechniques])
          .find((x) => x.id === id);
        return t ? scoreOf({ ...t, subtechniques: [] }, tactic) : undefined;
      },
    });
    const safe = (matrix.focus?.name ?? collectionTitle).replace(/[^A-Za-z0-9._-]+/g, '-');
    saveText(`${safe.slice(0, 60) || 'attack'}-layer.json`, JSON.stringify(out, null, 2));
  };

  const importLayer = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      setLayerError('This file is too large for a Navigator layer (over 20 MB).');
      return;
    }
    const read = readLayer(await file.text(), matrix);
    if (!read.ok) {
      setLayerError(read.reason);
      return;
    }
    setLayerError(null);
    setLayer(read.layer);
  };

  return (
    <section className="picture matrix-view" aria-label="ATT&CK matrix" data-testid="matrix-view">
      <ScopeNote
        scope={matrix.scope}
        loading={wholeLoad.loading}
        onLoadWhole={() => setWhole(true)}
      />
      {!matrix.available ? (
        <EmptyState title="No ATT&CK data in this collection" testId="matrix-unavailable">
          <p>{matrix.reason}</p>
          <p>
            The matrix needs attack-pattern objects with kill-chain phases (and, when present,
            x-mitre-tactic and x-mitre-matrix objects), as MITRE ATT&amp;CK publishes them.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="picture-toolbar" role="toolbar" aria-label="Matrix actions">
            <span className="strong" data-testid="matrix-title">
              {matrix.name}
              {matrix.domain
                ? ` (${matrix.domain}${matrix.attackVersion ? ` ${matrix.attackVersion}` : ''})`
                : ''}
            </span>
            <span className="muted" data-testid="matrix-counts">
              {matrix.tactics.length} tactics · {formatCount(matrix.techniqueCount)} techniques
            </span>
            <span className="spacer" />
            <label className="inline-field">
              Colour by{' '}
              <select
                value={layer ? '' : focus}
                disabled={layer !== null}
                onChange={(e) => setFocus(e.target.value)}
                aria-label="Colour by"
              >
                <option value="">Objects in this view that use it</option>
                {matrix.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.type}: {u.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn" onClick={exportLayer}>
              Export Navigator layer
            </button>
            <label className="btn file-btn">
              Import layer…
              <input
                type="file"
                accept=".json,application/json"
                className="sr-only"
                aria-label="Import an ATT&CK Navigator layer"
                onChange={(e) => void importLayer(e)}
              />
            </label>
          </div>
          {layer && (
            <p className="notice small" data-testid="layer-note">
              Coloured by the layer <span className="strong">{layer.name}</span>
              {layer.domain && layer.domain !== matrix.domain ? ` (for ${layer.domain})` : ''}
              {layer.unmatched > 0
                ? `; ${layer.unmatched} of its techniques are not in this matrix`
                : ''}
              .{' '}
              <button type="button" className="btn tiny" onClick={() => setLayer(null)}>
                Clear layer
              </button>
            </p>
          )}
          {layerError && (
            <p className="notice warn small" role="alert" data-testid="layer-error">
              {layerError}
            </p>
          )}
          <Legend maxScore={maxScore} />
          <MatrixGrid
            matrix={matrix}
            scoreOf={scoreOf}
            maxScore={maxScore}
            active={active}
            picked={picked}
            onMove={setActive}
            onPick={setPicked}
          />
          {chosen && chosenTactic && (
            <TechniqueDetails
              technique={chosen}
              tactic={chosenTactic.name}
              users={chosen.usedBy.map((i) => matrix.users[i]).filter((u) => u !== undefined)}
              score={scoreOf(chosen, chosenTactic.shortname)}
              onInspect={onInspect}
              onShowInTable={onShowInTable}
              onColourBy={(id) => {
                setLayer(null);
                setFocus(id);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function Legend({ maxScore }: { maxScore: number }) {
  const levels = [0, 1, 2, 3, 4, 5].filter((l) => l === 0 || maxScore >= 1);
  return (
    <p className="attack-legend small" aria-label="Colour legend">
      {levels.map((l) => {
        const from = l === 0 ? 0 : Math.floor(((l - 1) * maxScore) / 5) + 1;
        const to = l === 0 ? 0 : Math.floor((l * maxScore) / 5);
        if (l > 0 && to < from) return null;
        return (
          <span key={l} className="legend-item">
            <span className={`legend-swatch heat-${l === 0 ? 0 : heatLevel(to, maxScore)}`} />
            {l === 0 ? 'not used' : from === to ? `${from}` : `${from}–${to}`}
          </span>
        );
      })}
    </p>
  );
}

function TechniqueDetails({
  technique: t,
  tactic,
  users,
  score,
  onInspect,
  onShowInTable,
  onColourBy,
}: {
  technique: MatrixTechniqueT;
  tactic: string;
  users: { id: string; type: string; name: string }[];
  score: Scored | undefined;
  onInspect: (id: string) => void;
  onShowInTable: (ids: string[]) => void;
  onColourBy: (id: string) => void;
}) {
  return (
    <section className="attack-details" aria-label="Technique" data-testid="technique-details">
      <h3>
        {t.externalId && <span className="attack-id">{t.externalId}</span>} {t.name}{' '}
        <span className="muted small">in {tactic}</span>
      </h3>
      <p>
        <button type="button" className="btn small" onClick={() => onInspect(t.id)}>
          Inspect the technique
        </button>{' '}
        {users.length > 0 && (
          <button
            type="button"
            className="btn small"
            onClick={() => onShowInTable([t.id, ...users.map((u) => u.id)].slice(0, 50))}
          >
            Show it and its users in the table
          </button>
        )}
      </p>
      {score?.comment && !users.length && <p className="muted prewrap">{score.comment}</p>}
      <h4>Used by ({users.length})</h4>
      {users.length === 0 ? (
        <p className="muted">Nothing loaded uses this technique.</p>
      ) : (
        <ul className="plain-list" data-testid="technique-users">
          {users.map((u) => (
            <li key={u.id}>
              <button type="button" className="link ref" onClick={() => onInspect(u.id)}>
                <span className="type-tag small">{u.type}</span> {u.name}
              </button>{' '}
              <button type="button" className="btn tiny subtle" onClick={() => onColourBy(u.id)}>
                Colour by
              </button>
            </li>
          ))}
        </ul>
      )}
      {t.subtechniques.length > 0 && (
        <>
          <h4>Sub-techniques ({t.subtechniques.length})</h4>
          <ul className="plain-list">
            {t.subtechniques.map((s) => (
              <li key={s.id}>
                <button type="button" className="link ref" onClick={() => onInspect(s.id)}>
                  {s.externalId && <span className="attack-id">{s.externalId}</span>} {s.name}
                </button>{' '}
                <span className="muted small">{s.score > 0 ? `score ${s.score}` : 'not used'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
