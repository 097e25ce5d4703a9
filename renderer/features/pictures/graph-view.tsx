/**
 * An object's neighbourhood as a graph (cytoscape.js, concentric layout by hops from the centre):
 * relationships labelled by their type, sightings, and every `_ref`/`_refs` in and out, over the
 * whole loaded collection. Click a node to pick it (inspect, expand, focus on it, hide its type);
 * double-click expands. Each expansion shows at most `cap` new neighbours; the rest are counted
 * ("N more") and "Show more" raises the cap. Pan and zoom with the mouse; Fit brings it all back.
 * PNG export (SVG would need an extension this build does not carry). Beside it, the same
 * neighbourhood as a list: the text alternative for screen readers and keyboards.
 */
import { useQuery } from '@tanstack/react-query';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphNodeT, NeighbourhoodT } from '../../../shared/contract/analysis';
import { saveBlob } from '../../api/save-file';
import { ErrorView } from '../../components/error-view';
import { formatCount } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { pictureQuery } from '../../queries/analysis';
import { graphStyle, themeColours, typeColour } from './graph-style';
import { ScopeNote } from './scope-note';
import { useScopeKey, useWholeCollection } from './use-scope';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };

/** Neighbours per expansion a person can pick. */
const CAPS = [25, 100, 250, 500, 1000] as const;
/** The default (the service's). */
const DEFAULT_CAP = 100;
/** Longest node label drawn (the list has the whole name). */
const LABEL_MAX = 40;

const clip = (s: string): string => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

/** Edges past this many are drawn without labels (the list beside names every one). */
const LABELLED_EDGES = 150;
/** Links listed before "List all" (a long list costs more than the drawing). */
const LISTED_EDGES = 200;
/** Neighbourhoods up to this many nodes are laid out force-directed (cose), larger in rings. */
const FORCE_NODES = 80;
/** Edges past this many are drawn as straight lines without arrows. */
const CURVED_EDGES = 300;

/**
 * Cytoscape adds a `<style>` element for its container unless an element with this id exists;
 * the CSP refuses inline styles, and our stylesheet already positions the container.
 */
function preventInlineStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

function elementsOf(n: NeighbourhoodT, centre: string, dark: boolean): ElementDefinition[] {
  const labelled = n.edges.length <= LABELLED_EDGES;
  const nodes: ElementDefinition[] = n.nodes.map((x) => ({
    group: 'nodes',
    data: {
      id: x.id,
      label: `${clip(x.externalId ? `${x.externalId} ${x.name}` : x.name)}${x.more > 0 ? ` (+${x.more})` : ''}`,
      colour: typeColour(x.type, dark),
      loaded: x.loaded,
      centre: x.id === centre,
      depth: x.depth,
      more: x.more,
    },
  }));
  const many = n.edges.length > CURVED_EDGES;
  const edges: ElementDefinition[] = n.edges.map((e) => ({
    group: 'edges',
    ...(many ? { classes: 'many' } : {}),
    data: {
      id: `e:${e.id}`,
      source: e.source,
      target: e.target,
      label: labelled ? e.label : '',
      kind: e.kind,
    },
  }));
  return [...nodes, ...edges];
}

/** The graph view. */
export function GraphView({
  viewId,
  collection,
  centre,
  onInspect,
  onCentre,
}: {
  viewId: string;
  collection: Ref;
  centre: string | undefined;
  onInspect: (id: string) => void;
  onCentre: (id: string) => void;
}) {
  const [expanded, setExpanded] = useState<string[]>([]);
  const [cap, setCap] = useState<number>(DEFAULT_CAP);
  const [hidden, setHidden] = useState<string[]>([]);
  const [picked, setPicked] = useState<string | undefined>();
  const [whole, setWhole] = useState(false);
  const wholeLoad = useWholeCollection(collection, whole);
  const scopeKey = useScopeKey(collection);
  const ids = useMemo(
    () => (centre ? [centre, ...expanded.filter((id) => id !== centre)].slice(0, 50) : []),
    [centre, expanded],
  );
  const q = useQuery({
    ...pictureQuery(
      'views.neighbourhood',
      { viewId, ids: ids.length ? ids : ['none'], cap, ...(hidden.length ? { hide: hidden } : {}) },
      scopeKey,
    ),
    enabled: ids.length > 0,
  });
  const data = q.data;
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [drawn, setDrawn] = useState<{ nodes: number; edges: number; ms: number } | null>(null);

  // One cytoscape instance per mount; its handlers read the latest callbacks through refs.
  const handlers = useRef({
    pick: setPicked,
    expand: (id: string) => setExpanded((e) => [...e, id]),
  });
  useEffect(() => {
    if (!box.current) return;
    preventInlineStylesheet();
    const instance = cytoscape({
      container: box.current,
      style: graphStyle(),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Pan and zoom move a snapshot rather than redrawing every label.
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      pixelRatio: 1,
    });
    instance.on('tap', 'node', (e) => handlers.current.pick(e.target.id() as string));
    instance.on('dbltap', 'node', (e) => handlers.current.expand(e.target.id() as string));
    instance.on('tap', (e) => {
      if (e.target === instance) handlers.current.pick(undefined);
    });
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = cy.current;
    if (!instance || !data || !centre) return;
    const started = performance.now();
    const { dark } = themeColours();
    instance.batch(() => {
      instance.elements().remove();
      instance.add(elementsOf(data, centre, dark));
    });
    // A small neighbourhood reads best force-directed; a big one in rings by hops (fast).
    const layout = instance.layout(
      data.nodes.length <= FORCE_NODES
        ? { name: 'cose', animate: false, fit: true, padding: 20, nodeRepulsion: () => 8000 }
        : {
            name: 'concentric',
            concentric: (node) => 100 - Number(node.data('depth')),
            levelWidth: () => 1,
            minNodeSpacing: 12,
            animate: false,
            fit: true,
            padding: 20,
          },
    );
    layout.one('layoutstop', () =>
      setDrawn({
        nodes: data.nodes.length,
        edges: data.edges.length,
        ms: Math.round(performance.now() - started),
      }),
    );
    layout.run();
  }, [data, centre]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.nodes().unselect();
    if (picked) instance.getElementById(picked).select();
  }, [picked, data]);

  if (!centre)
    return (
      <EmptyState title="Pick an object to centre the graph on" testId="graph-empty">
        Open an object from the table (or a cell of the matrix), then choose Graph.
      </EmptyState>
    );

  const node = data?.nodes.find((n) => n.id === picked);
  const exportPng = (): void => {
    const instance = cy.current;
    if (!instance) return;
    const blob = instance.png({ output: 'blob', full: true, scale: 2, bg: themeColours().bg });
    saveBlob('taxiway-graph.png', blob);
  };

  return (
    <section
      className="picture graph-view"
      aria-label="Relationship graph"
      data-testid="graph-view"
    >
      {data && (
        <ScopeNote
          scope={data.scope}
          loading={wholeLoad.loading}
          onLoadWhole={() => setWhole(true)}
        />
      )}
      <div className="picture-toolbar" role="toolbar" aria-label="Graph actions">
        <label className="inline-field">
          Neighbours per node{' '}
          <select
            value={cap}
            onChange={(e) => setCap(Number(e.target.value))}
            aria-label="Neighbours per node"
          >
            {CAPS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {data && data.omitted > 0 && (
          <span className="muted" data-testid="graph-omitted">
            {formatCount(data.omitted)} more not shown{' '}
            {cap < CAPS[CAPS.length - 1]! && (
              <button
                type="button"
                className="btn tiny"
                onClick={() => setCap(CAPS.find((c) => c > cap) ?? cap)}
              >
                Show more
              </button>
            )}
          </span>
        )}
        <span className="spacer" />
        {drawn && (
          <span
            className="muted small"
            data-testid="graph-drawn"
            data-nodes={drawn.nodes}
            data-edges={drawn.edges}
            data-ms={drawn.ms}
          >
            {formatCount(drawn.nodes)} nodes
          </span>
        )}
        <button type="button" className="btn" onClick={() => cy.current?.fit(undefined, 20)}>
          Fit
        </button>
        <button type="button" className="btn" onClick={exportPng} disabled={!data}>
          Export PNG
        </button>
      </div>
      {data && Object.keys(data.types).length > 0 && (
        <fieldset className="graph-types">
          <legend className="small muted">Types of neighbours</legend>
          {Object.entries(data.types)
            .sort((a, b) => b[1] - a[1])
            .map(([type, count]) => (
              <label key={type} className="inline-field small">
                <input
                  type="checkbox"
                  checked={!hidden.includes(type)}
                  onChange={(e) =>
                    setHidden((h) =>
                      e.target.checked ? h.filter((t) => t !== type) : [...h, type],
                    )
                  }
                />
                {type} ({count})
              </label>
            ))}
        </fieldset>
      )}
      {q.isError && (
        <ErrorView
          error={q.error}
          title="Could not draw the graph"
          onRetry={() => void q.refetch()}
        />
      )}
      <div className="graph-body">
        <div className="graph-canvas-wrap">
          {q.isPending && <Loading label="Finding the neighbourhood…" testId="graph-loading" />}
          <div ref={box} className="graph-canvas" data-testid="graph-canvas" aria-hidden="true" />
        </div>
        <GraphList
          data={data}
          picked={node}
          onPick={setPicked}
          onInspect={onInspect}
          onExpand={(id) => setExpanded((e) => [...e, id])}
          onFocus={(id) => {
            setExpanded([]);
            onCentre(id);
          }}
          onHideType={(type) => setHidden((h) => [...h, type])}
        />
      </div>
    </section>
  );
}

/** The neighbourhood as a list: the picked node's actions, then every link as a sentence. */
function GraphList({
  data,
  picked,
  onPick,
  onInspect,
  onExpand,
  onFocus,
  onHideType,
}: {
  data: NeighbourhoodT | undefined;
  picked: GraphNodeT | undefined;
  onPick: (id: string) => void;
  onInspect: (id: string) => void;
  onExpand: (id: string) => void;
  onFocus: (id: string) => void;
  onHideType: (type: string) => void;
}) {
  const byId = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n])), [data]);
  const [all, setAll] = useState(false);
  if (!data) return null;
  const shown = all ? data.edges : data.edges.slice(0, LISTED_EDGES);
  const nameOf = (id: string): string => byId.get(id)?.name ?? id;
  return (
    <aside className="graph-list" aria-label="Neighbourhood as a list" data-testid="graph-list">
      {picked && (
        <section className="graph-picked" data-testid="graph-picked">
          <h3>
            <span className="type-tag small">{picked.type}</span> {picked.name}
          </h3>
          <p className="chips">
            <button type="button" className="btn small" onClick={() => onInspect(picked.id)}>
              Inspect
            </button>
            <button
              type="button"
              className="btn small"
              disabled={picked.more === 0}
              onClick={() => onExpand(picked.id)}
            >
              Expand{picked.more > 0 ? ` (+${picked.more})` : ''}
            </button>
            <button type="button" className="btn small" onClick={() => onFocus(picked.id)}>
              Focus
            </button>
            <button type="button" className="btn small" onClick={() => onHideType(picked.type)}>
              Hide {picked.type}
            </button>
          </p>
        </section>
      )}
      <h3>
        {formatCount(data.nodes.length)} objects, {formatCount(data.edges.length)} links
      </h3>
      <ul className="plain-list" data-testid="graph-edges">
        {shown.map((e) => (
          <li key={e.id}>
            <button type="button" className="link" onClick={() => onPick(e.source)}>
              {nameOf(e.source)}
            </button>{' '}
            <span className="rel-type">{e.label}</span>{' '}
            <button type="button" className="link" onClick={() => onPick(e.target)}>
              {nameOf(e.target)}
            </button>
          </li>
        ))}
      </ul>
      {shown.length < data.edges.length && (
        <button type="button" className="btn small" onClick={() => setAll(true)}>
          List all {formatCount(data.edges.length)} links
        </button>
      )}
    </aside>
  );
}
