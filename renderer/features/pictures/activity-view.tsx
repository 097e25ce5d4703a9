/**
 * The view's objects over time (uPlot): stacked bars by type, by the hour or the day as the span
 * needs, of the date added (or the modified time). Dragging across the chart picks a span: for
 * dates added it becomes the view's `added_after` filter (the server's filter, TAXII 2.1 §3.4.2),
 * with the span's end kept as a local "until" note. The same numbers are a table for screen
 * readers and keyboards.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ActivityHistogramT } from '../../../shared/contract/analysis';
import { ErrorView } from '../../components/error-view';
import { formatCount } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { pictureQuery } from '../../queries/analysis';
import { stackedSeries } from './activity-series';
import { paletteColour, themeColours } from './graph-style';
import { useScopeKey } from './use-scope';

type Ref = { connectionId: string; apiRoot: string; collectionId: string };
type Field = ActivityHistogramT['field'];

const CHART_HEIGHT = 260;

/** A bucket's start as text (UTC). */
function bucketText(startMs: number, unit: ActivityHistogramT['unit']): string {
  const iso = new Date(startMs).toISOString();
  return unit === 'hour' ? `${iso.slice(0, 13)}:00` : iso.slice(0, 10);
}

/** The activity view. */
export function ActivityView({
  viewId,
  collection,
  onAddedAfter,
}: {
  viewId: string;
  collection: Ref;
  /** Sets the view's `added_after` (a TAXII timestamp) and notes the span's end. */
  onAddedAfter: (after: string, until: string) => void;
}) {
  const [field, setField] = useState<Field>('dateAdded');
  const scopeKey = useScopeKey(collection);
  const q = useQuery(pictureQuery('views.activity', { viewId, field }, scopeKey));
  const h = q.data;
  const series = useMemo(() => (h ? stackedSeries(h) : undefined), [h]);
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onAddedAfter);
  useEffect(() => {
    pick.current = onAddedAfter;
  }, [onAddedAfter]);
  const [span, setSpan] = useState<string | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el || !h || !series || h.buckets.length === 0) return;
    const { dark, fg, muted } = themeColours();
    const bars = uPlot.paths.bars?.({ size: [0.9, 40, 6], align: 0 });
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: CHART_HEIGHT,
        cursor: { drag: { x: true, y: false, setScale: false } },
        select: { show: true, left: 0, top: 0, width: 0, height: 0 },
        legend: { show: true },
        scales: {
          // A bucket of room each side, so the first and last bars are not cut in half.
          x: {
            time: true,
            range: (_u, min, max) => {
              const pad = Math.max(h.unit === 'hour' ? 3600 : 86_400, (max - min) / 50);
              return [min - pad, max + pad];
            },
          },
        },
        axes: [
          { stroke: muted, grid: { show: false }, ticks: { stroke: muted } },
          {
            stroke: muted,
            grid: { stroke: dark ? '#2e3540' : '#e3e6ea' },
            ticks: { stroke: muted },
          },
        ],
        series: [
          { label: 'Time' },
          ...series.order.map((j) => ({
            label: h.types[j] ?? '',
            fill: paletteColour(j, dark),
            stroke: paletteColour(j, dark),
            width: 0,
            ...(bars ? { paths: bars } : {}),
            points: { show: false },
          })),
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 2) return;
              const from = u.posToVal(u.select.left, 'x');
              const to = u.posToVal(u.select.left + u.select.width, 'x');
              const step = h.unit === 'hour' ? 3600 : 86_400;
              // The first bucket touched, whole: `added_after` is strict, so a millisecond before it.
              const start = Math.floor(from / step) * step;
              const end = Math.ceil(to / step) * step;
              const after = new Date(start * 1000 - 1).toISOString();
              const until = new Date(end * 1000).toISOString();
              setSpan(`${after} → ${until}`);
              if (h.field === 'dateAdded') pick.current(after, until);
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            },
          ],
        },
      },
      series.data as uPlot.AlignedData,
      el,
    );
    el.dataset.fg = fg;
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(320, el.clientWidth), height: CHART_HEIGHT }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [h, series]);

  if (q.isPending)
    return <Loading label="Counting the objects over time…" testId="activity-loading" />;
  if (q.isError)
    return (
      <ErrorView
        error={q.error}
        title="Could not count the objects over time"
        onRetry={() => void q.refetch()}
      />
    );
  if (!h || !series) return null;

  return (
    <section
      className="picture activity-view"
      aria-label="Activity over time"
      data-testid="activity-view"
    >
      <div className="picture-toolbar" role="toolbar" aria-label="Activity actions">
        <label className="inline-field">
          Count by{' '}
          <select
            value={field}
            onChange={(e) => setField(e.target.value as Field)}
            aria-label="Count by"
          >
            <option value="dateAdded">Date added</option>
            <option value="modified">Modified</option>
          </select>
        </label>
        <span className="muted" data-testid="activity-summary">
          {formatCount(h.counted)} objects by the {h.unit}
          {h.undated > 0 ? `, ${formatCount(h.undated)} without this date` : ''}
        </span>
        <span className="spacer" />
        <span className="muted small">
          {field === 'dateAdded'
            ? 'Drag across the chart to load only what was added in that span.'
            : 'Drag across the chart to see a span.'}
        </span>
      </div>
      {span && (
        <p className="small muted" data-testid="activity-span">
          Picked {span}
          {field === 'dateAdded'
            ? ' (added after is now set; the end is not a server filter).'
            : '.'}
        </p>
      )}
      {h.buckets.length === 0 ? (
        <EmptyState title="No dates to count" testId="activity-empty">
          {field === 'dateAdded'
            ? 'The dates added have not arrived yet (the manifest is still loading), or the server sent none.'
            : 'These objects carry no modified time.'}
        </EmptyState>
      ) : (
        <div ref={box} className="activity-chart" aria-hidden="true" data-testid="activity-chart" />
      )}
      <details className="activity-table">
        <summary>As a table</summary>
        <table className="plain-table small" data-testid="activity-table">
          <caption className="sr-only">Objects by {h.unit} and type</caption>
          <thead>
            <tr>
              <th scope="col">{h.unit === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</th>
              {h.types.map((t) => (
                <th key={t} scope="col">
                  {t}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {h.buckets.map((b) => (
              <tr key={b.start}>
                <th scope="row">{bucketText(b.start, h.unit)}</th>
                {b.counts.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
                <td data-testid="bucket-total">{b.counts.reduce((a, c) => a + c, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
