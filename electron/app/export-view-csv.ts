/**
 * `export.objects` as CSV: the open view's rows, in the order and narrowing the person sees, as
 * the chosen columns (RFC 4180, formula-safe: shared/export/csv.ts). The view is walked to its
 * end first (objects and dates added), so the file holds the whole filtered collection; rows are
 * read window by window, never all at once.
 */
import { COLUMN_SPECS } from '../../shared/contract/columns';
import type { ParsedArgs, Progress, Result } from '../../shared/contract';
import type { ViewRowT } from '../../shared/contract/views';
import { AppError } from '../../shared/errors';
import { csvLines, type CsvColumn } from '../../shared/export/csv';
import type { CollectionViews, ViewHandle as ViewHandleT } from '../services/collection-view';
import type { EventHub } from './event-hub';
import { safeFileName, type ExportSink } from './export-sink';

type ExportArgs = ParsedArgs<'export.objects'>;

/** Rows asked of the view per window (the contract's largest window). */
const WINDOW = 500;

/** True once a view's walk has ended, one way or another, with its dates added in. */
function settled(h: ViewHandleT): boolean {
  const s = h.state;
  if (s.phase === 'failed' || s.phase === 'cancelled') return true;
  return s.phase === 'complete' && (s.manifestComplete || s.error !== undefined);
}

/** Walks the view to its end and resolves with its final handle; rejects on abort. */
async function walkedToEnd(
  views: CollectionViews,
  hub: EventHub,
  viewId: string,
  signal: AbortSignal,
): Promise<ViewHandleT> {
  const now = views.handle(viewId);
  if (settled(now)) return now;
  return new Promise<ViewHandleT>((resolve, reject) => {
    const done = (): void => {
      stop();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(signal.reason ?? new AppError({ code: 'CANCELLED', message: 'Export cancelled.' }));
    };
    const stop = hub.subscribe((name, payload) => {
      if (name !== 'view.progressed') return;
      const h = payload as ViewHandleT;
      if (h.viewId !== viewId || !settled(h)) return;
      done();
      resolve(h);
    });
    signal.addEventListener('abort', onAbort, { once: true });
    // Asked after subscribing, so the final report cannot slip between the two.
    const h = views.more(viewId, 'all');
    if (settled(h)) {
      done();
      resolve(h);
    }
  });
}

/** The default CSV file name. */
function csvFileName(args: ExportArgs, now = new Date()): string {
  const base =
    args.fileName ??
    `taxiway-${args.collectionId.slice(0, 36)}-${now.toISOString().slice(0, 10)}.csv`;
  const safe = safeFileName(base, 'taxiway-export.csv');
  return safe.endsWith('.csv') ? safe : `${safe.replace(/\.(json|ndjson)$/, '')}.csv`;
}

/** Runs a CSV export of a view into `sink`; a view that failed or was cancelled still exports what it holds. */
export async function exportViewCsv(
  args: ExportArgs,
  views: CollectionViews,
  hub: EventHub,
  sink: ExportSink,
  signal: AbortSignal,
  onProgress: (p: Progress<'export.objects'>) => void,
): Promise<Result<'export.objects'>> {
  const v = args.view;
  if (!v) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'A CSV export names the view whose rows it writes.',
      where: 'view',
    });
  }
  views.handle(v.viewId); // an unknown view fails here, before a save dialog opens
  const target = await sink.open(csvFileName(args));
  if (target === null) return { kind: 'cancelled' };
  const columns: CsvColumn<ViewRowT>[] = v.columns.map((c) => ({
    header: COLUMN_SPECS[c].title,
    value: COLUMN_SPECS[c].value,
  }));
  const only = args.ids ? new Set(args.ids) : undefined;
  let count = 0;
  let windows = 0;
  try {
    await walkedToEnd(views, hub, v.viewId, signal);
    const query = {
      count: WINDOW,
      ...(v.sort ? { sort: v.sort } : {}),
      ...(v.find !== undefined ? { find: v.find } : {}),
      ...(v.types ? { types: v.types } : {}),
    };
    let header = true;
    for (let offset = 0; ; offset += WINDOW) {
      if (signal.aborted) throw signal.reason;
      const w = views.window(v.viewId, { ...query, offset });
      const rows = only ? w.rows.filter((r) => only.has(r.id)) : w.rows;
      let text = '';
      let first = true;
      for (const line of csvLines(rows, columns)) {
        // csvLines starts every run with the header; only the file's first run keeps it.
        if (first && !header) {
          first = false;
          continue;
        }
        first = false;
        text += line;
      }
      header = false;
      count += rows.length;
      if (text !== '') await target.write(text);
      onProgress({ written: count, pages: ++windows });
      if (offset + WINDOW >= w.total) break;
    }
    return await target.finish(count);
  } catch (error) {
    await target.abort();
    throw error;
  }
}
