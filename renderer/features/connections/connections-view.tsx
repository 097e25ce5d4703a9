/**
 * Managing connections: the list, a form for a new or the chosen connection (with its step-by-step
 * test), removal after a confirmation that names it, and import/export of profiles.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/states';
import { connectionsQuery, exportConnections, removeConnection } from '../../queries/connections';
import { useRoute } from '../navigation/use-route';
import { ConnectionForm } from './connection-form';
import { saveText } from '../../api/save-file';
import { ImportDialog } from './import-dialog';
import { KeychainNotice } from './keychain-notice';

/** The connections view. */
export function ConnectionsView() {
  const qc = useQueryClient();
  const [route, setRoute] = useRoute();
  const list = useQuery(connectionsQuery());
  const [creating, setCreating] = useState(false);
  // The form stays mounted when a new connection is saved (it becomes that connection).
  const [formKey, setFormKey] = useState(0);
  const [removing, setRemoving] = useState(false);
  const [importing, setImporting] = useState(false);
  const remove = useMutation(removeConnection(qc));
  const exporter = useMutation(exportConnections());

  const selected = creating ? undefined : list.data?.find((c) => c.id === route.connectionId);
  const showForm = creating || selected !== undefined;

  const exportProfiles = (ids?: string[]): void =>
    exporter.mutate(ids ? { ids } : {}, {
      onSuccess: (r) => saveText(r.fileName, r.content),
    });

  return (
    <div className="connections-view">
      <nav className="sidebar" aria-label="Saved connections">
        <div className="sidebar-header">
          <h2>Connections</h2>
        </div>
        <div className="sidebar-actions">
          <button
            type="button"
            className="btn primary small"
            onClick={() => {
              setCreating(true);
              setFormKey((k) => k + 1);
              setRoute((r) => ({
                ...r,
                connectionId: undefined,
                apiRoot: undefined,
                collectionId: undefined,
                objectId: undefined,
              }));
            }}
          >
            New connection
          </button>
          <button type="button" className="btn small" onClick={() => setImporting(true)}>
            Import…
          </button>
          <button
            type="button"
            className="btn small"
            disabled={!list.data?.length}
            onClick={() => exportProfiles()}
          >
            Export all
          </button>
        </div>
        {list.isPending && <Loading label="Loading connections…" />}
        {list.isError && (
          <ErrorView error={list.error} compact onRetry={() => void list.refetch()} />
        )}
        {list.data && (
          <ul className="connection-list" aria-label="Connections">
            {list.data.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={c.id === selected?.id ? 'conn-item selected' : 'conn-item'}
                  aria-current={c.id === selected?.id ? 'true' : undefined}
                  onClick={() => {
                    setCreating(false);
                    setFormKey((k) => k + 1);
                    setRoute((r) => ({
                      ...r,
                      connectionId: c.id,
                      apiRoot: undefined,
                      collectionId: undefined,
                      objectId: undefined,
                    }));
                  }}
                >
                  <span className="strong">{c.name}</span>
                  <span className="muted small mono break">{c.location}</span>
                  <span className="small">
                    <span className="badge">
                      {c.auth.kind === 'none' ? 'no auth' : c.auth.kind}
                    </span>
                    {c.secrets.missing.length > 0 && (
                      <span className="badge warn">secret missing</span>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {exporter.isError && <ErrorView error={exporter.error} compact title="Export failed" />}
      </nav>
      <main className="main connections-main" id="main">
        <KeychainNotice />
        {!showForm && (
          <div className="empty-state">
            <p className="empty-title">Choose a connection to edit, or add a new one</p>
            <p className="muted">
              Connections remember a TAXII server and how to reach it. Passwords, tokens and keys go
              to the system keychain and are never shown again.
            </p>
          </div>
        )}
        {showForm && (
          <>
            <header className="details-header with-actions">
              <h2>{selected ? selected.name : 'New connection'}</h2>
              {selected && (
                <div className="row-actions">
                  <button
                    type="button"
                    className="btn small"
                    onClick={() =>
                      setRoute((r) => ({ ...r, view: 'browse', connectionId: selected.id }))
                    }
                  >
                    Browse
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => exportProfiles([selected.id])}
                  >
                    Export
                  </button>
                  <button
                    type="button"
                    className="btn small danger-outline"
                    onClick={() => setRemoving(true)}
                  >
                    Remove…
                  </button>
                </div>
              )}
            </header>
            <ConnectionForm
              key={formKey}
              profile={selected}
              onSaved={(saved) => {
                setCreating(false);
                setRoute((r) => ({ ...r, connectionId: saved.id }), { replace: true });
              }}
            />
          </>
        )}
      </main>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      {selected && (
        <Dialog
          open={removing}
          onClose={() => {
            setRemoving(false);
            remove.reset();
          }}
          title={`Remove “${selected.name}”?`}
          testId="remove-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setRemoving(false)}>
                Keep it
              </button>
              <button
                type="button"
                className="btn danger"
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { id: selected.id },
                    {
                      onSuccess: () => {
                        setRemoving(false);
                        setRoute((r) => ({ ...r, connectionId: undefined }), { replace: true });
                      },
                    },
                  )
                }
              >
                Remove connection
              </button>
            </>
          }
        >
          <p>
            This removes the connection <strong>{selected.name}</strong> ({selected.location}) and
            its secrets from the keychain. Nothing on the server changes.
          </p>
          {remove.isError && (
            <ErrorView error={remove.error} title="The connection was not removed" />
          )}
        </Dialog>
      )}
    </div>
  );
}
