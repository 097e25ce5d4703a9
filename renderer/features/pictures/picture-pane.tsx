/**
 * The pictures beside the objects table: a switch in the toolbar (Table, ATT&CK matrix, Graph,
 * Activity), kept in the address (`show=`), and the pane that draws the chosen one over the
 * collection's open view.
 */
import { useRoute } from '../navigation/use-route';
import type { Picture } from '../navigation/route';
import { ActivityView } from './activity-view';
import { GraphView } from './graph-view';
import { MatrixView } from './matrix-view';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };

const CHOICES: ReadonlyArray<{ key: Picture | 'table'; label: string }> = [
  { key: 'table', label: 'Table' },
  { key: 'matrix', label: 'ATT&CK matrix' },
  { key: 'graph', label: 'Graph' },
  { key: 'activity', label: 'Activity' },
];

/** The switch between the table and the pictures (a radio group of buttons). */
export function PictureSwitch() {
  const [route, setRoute] = useRoute();
  const current = route.show ?? 'table';
  return (
    <div className="picture-switch" role="group" aria-label="Show">
      {CHOICES.map((c) => (
        <button
          key={c.key}
          type="button"
          className={`btn small${current === c.key ? ' on' : ''}`}
          aria-pressed={current === c.key}
          onClick={() =>
            setRoute(
              (r) => {
                const next = { ...r };
                if (c.key === 'table') delete next.show;
                else next.show = c.key;
                if (c.key === 'graph' && !next.graphOf && r.objectId) next.graphOf = r.objectId;
                return next;
              },
              { replace: true },
            )
          }
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}

/** The chosen picture of the view, or null for the table. */
export function PicturePane({
  viewId,
  collection,
  collectionTitle,
}: {
  viewId: string;
  collection: Ref;
  collectionTitle: string;
}) {
  const [route, setRoute] = useRoute();
  const inspect = (id: string): void =>
    setRoute((r) => ({ ...r, objectId: id }), { replace: true });
  switch (route.show) {
    case 'matrix':
      return (
        <MatrixView
          viewId={viewId}
          collection={collection}
          collectionTitle={collectionTitle}
          onInspect={inspect}
          onShowInTable={(ids) =>
            setRoute((r) => {
              const next = { ...r, filters: { ...r.filters, ids, types: [] } };
              delete next.show;
              return next;
            })
          }
        />
      );
    case 'graph':
      return (
        <GraphView
          key={route.graphOf ?? route.objectId}
          viewId={viewId}
          collection={collection}
          centre={route.graphOf ?? route.objectId}
          onInspect={inspect}
          onCentre={(id) => setRoute((r) => ({ ...r, graphOf: id }), { replace: true })}
        />
      );
    case 'activity':
      return (
        <ActivityView
          viewId={viewId}
          collection={collection}
          onAddedAfter={(after) =>
            setRoute((r) => ({ ...r, filters: { ...r.filters, addedAfter: after } }), {
              replace: true,
            })
          }
        />
      );
    default:
      return null;
  }
}
