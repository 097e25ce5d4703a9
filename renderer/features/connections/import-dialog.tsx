/**
 * Import connection profiles from an exported file (picked or pasted). Clashing names are
 * renamed, skipped or replaced as the person chooses; the outcome lists every profile and every
 * problem by its path in the file.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportClash } from '../../../shared/profile';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { importConnections } from '../../queries/connections';

/** The import dialog. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [onClash, setOnClash] = useState<ImportClash>('rename');
  const run = useMutation(importConnections(qc));
  const close = (): void => {
    run.reset();
    setText('');
    onClose();
  };
  const r = run.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import connections"
      wide
      testId="import-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            {run.isSuccess ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={text.trim() === '' || run.isPending}
            onClick={() => run.mutate({ content: text, onClash })}
          >
            Import
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="import-file">Exported connections file</label>
        <input
          id="import-file"
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="import-text">…or paste its content</label>
        <textarea
          id="import-text"
          className="mono"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="import-clash">When a name is already taken</label>
        <select
          id="import-clash"
          value={onClash}
          onChange={(e) => setOnClash(e.target.value as ImportClash)}
        >
          <option value="rename">Import under a new name</option>
          <option value="skip">Skip that profile</option>
          <option value="replace">Replace the existing one</option>
        </select>
      </div>
      <p className="muted small">
        Exported files carry no secrets: add passwords and tokens after importing.
      </p>
      {run.isError && <ErrorView error={run.error} title="Nothing was imported" />}
      {r && (
        <div className="import-result" role="status" data-testid="import-result">
          <p className={r.imported.length ? 'ok-line' : ''}>
            Imported {r.imported.length} {r.imported.length === 1 ? 'connection' : 'connections'}
            {r.imported.length ? `: ${r.imported.map((p) => p.name).join(', ')}` : ''}.
          </p>
          {r.renamed.length > 0 && (
            <p>Renamed: {r.renamed.map((x) => `${x.from} → ${x.to}`).join(', ')}.</p>
          )}
          {r.replaced.length > 0 && <p>Replaced: {r.replaced.join(', ')}.</p>}
          {r.skipped.length > 0 && (
            <ul className="plain-list">
              {r.skipped.map((s, i) => (
                <li key={i}>
                  Skipped <strong>{s.name}</strong>: {s.reason}
                </li>
              ))}
            </ul>
          )}
          {r.problems.length > 0 && (
            <ul className="problem-list">
              {r.problems.map((p, i) => (
                <li key={i}>
                  <span className="mono">{p.path}</span>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
