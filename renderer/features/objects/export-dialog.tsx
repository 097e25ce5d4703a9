/**
 * Export the filtered objects or a selection as a STIX bundle or NDJSON. The main process pages
 * through the collection and writes as it goes; progress counts objects written, and Cancel
 * stops it (nothing half-written is left behind).
 */
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { Args, Progress } from '../../../shared/contract';
import { COLUMN_SPECS } from '../../../shared/contract/columns';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { formatBytes, formatCount } from '../../components/format';
import { exportObjects } from '../../queries/exports';
import type { CollectionRef, ObjectFilters } from '../../queries/objects';

/** The export dialog. */
export function ExportDialog({
  open,
  onClose,
  collection,
  filters,
  selectedIds,
  collectionTitle,
  view,
}: {
  /** The open view's rows as the table shows them (CSV writes these). */
  view: NonNullable<Args<'export.objects'>['view']> | undefined;
  open: boolean;
  onClose: () => void;
  collection: CollectionRef;
  filters: ObjectFilters | undefined;
  selectedIds: readonly string[];
  collectionTitle: string;
}) {
  const [format, setFormat] = useState<'bundle' | 'ndjson' | 'csv'>('bundle');
  const [scope, setScope] = useState<'filtered' | 'selection'>(
    selectedIds.length > 0 ? 'selection' : 'filtered',
  );
  const [progress, setProgress] = useState<Progress<'export.objects'> | null>(null);
  const abort = useRef<AbortController | null>(null);
  const run = useMutation(exportObjects());

  const start = (): void => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress(null);
    const safeTitle =
      collectionTitle.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'objects';
    const csv = format === 'csv' && view;
    run.mutate({
      args: {
        ...collection,
        format,
        ...(scope === 'selection' ? { ids: [...selectedIds] } : filters ? { filters } : {}),
        ...(csv ? { view } : {}),
        fileName: `${safeTitle}.${format === 'bundle' ? 'json' : format}`,
      },
      onProgress: setProgress,
      signal: controller.signal,
    });
  };

  const close = (): void => {
    abort.current?.abort();
    run.reset();
    setProgress(null);
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Export objects"
      testId="export-dialog"
      footer={
        run.isPending ? (
          <button type="button" className="btn" onClick={() => abort.current?.abort()}>
            Cancel export
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={close}>
              {run.isSuccess ? 'Close' : 'Cancel'}
            </button>
            <button type="button" className="btn primary" onClick={start}>
              Export
            </button>
          </>
        )
      }
    >
      <fieldset className="radio-group">
        <legend>What</legend>
        <label>
          <input
            type="radio"
            name="export-scope"
            checked={scope === 'filtered'}
            onChange={() => setScope('filtered')}
          />
          Every object matching the current filters
        </label>
        <label>
          <input
            type="radio"
            name="export-scope"
            checked={scope === 'selection'}
            disabled={selectedIds.length === 0}
            onChange={() => setScope('selection')}
          />
          The selected objects ({formatCount(selectedIds.length)})
        </label>
      </fieldset>
      <fieldset className="radio-group">
        <legend>Format</legend>
        <label>
          <input
            type="radio"
            name="export-format"
            checked={format === 'bundle'}
            onChange={() => setFormat('bundle')}
          />
          STIX bundle (.json)
        </label>
        <label>
          <input
            type="radio"
            name="export-format"
            checked={format === 'ndjson'}
            onChange={() => setFormat('ndjson')}
          />
          NDJSON, one object per line (.ndjson)
        </label>
        <label>
          <input
            type="radio"
            name="export-format"
            checked={format === 'csv'}
            disabled={!view}
            onChange={() => setFormat('csv')}
          />
          CSV of the table&rsquo;s columns, in its order (.csv)
        </label>
      </fieldset>
      {format === 'csv' && view && (
        <p className="muted small" data-testid="csv-columns">
          Columns: {view.columns.map((c) => COLUMN_SPECS[c].title).join(', ')}. Loads the rest of
          the collection first.
        </p>
      )}
      {run.isPending && (
        <p role="status" className="progress-line" data-testid="export-progress">
          <span className="spinner" aria-hidden="true" />
          Exporting… {formatCount(progress?.written ?? 0)} objects written
          {progress ? ` (${progress.pages} pages)` : ''}
        </p>
      )}
      {run.isError && (
        <ErrorView error={run.error} title="The export did not finish" onRetry={start} />
      )}
      {run.isSuccess && run.data.kind !== 'cancelled' && (
        <p role="status" className="ok-line" data-testid="export-done">
          Exported {formatCount(run.data.count)} objects ({formatBytes(run.data.bytes)}) to{' '}
          <span className="mono">
            {run.data.kind === 'saved' ? run.data.path : run.data.fileName}
          </span>
          .
        </p>
      )}
      {run.isSuccess && run.data.kind === 'cancelled' && (
        <p role="status" className="muted">
          No file was saved.
        </p>
      )}
    </Dialog>
  );
}
