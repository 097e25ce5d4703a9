/**
 * A minimal shell so the transports have a real page: it shows what `app.info` and
 * `connections.list` return. The workspace (issue 7) replaces this file.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Transport } from '../shared/api';
import type { Result } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createTransport } from './api';

function errorText(error: unknown): string {
  if (error instanceof AppError) return [error.message, error.wire.hint].filter(Boolean).join(' ');
  return 'Something went wrong.';
}

function Shell({ api }: { api: Transport }) {
  const [info, setInfo] = useState<Result<'app.info'> | null>(null);
  const [connections, setConnections] = useState<Result<'connections.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .call('app.info', {}, { signal: controller.signal })
      .then(setInfo)
      .catch((e: unknown) => setError(errorText(e)));
    const load = () =>
      api
        .call('connections.list', {}, { signal: controller.signal })
        .then(setConnections)
        .catch((e: unknown) => setError(errorText(e)));
    void load();
    const off = api.subscribe('connections.changed', () => void load());
    return () => {
      controller.abort();
      off();
    };
  }, [api]);

  return (
    <main data-testid="shell">
      <h1>Taxiway</h1>
      {error && (
        <p role="alert" data-testid="shell-error">
          {error}
        </p>
      )}
      {info && (
        <p data-testid="app-info">
          Version {info.version}, {info.mode} mode, keychain{' '}
          {info.keychain.available ? 'available' : 'unavailable'}
          {info.demoServerUrl ? `, demo server ${info.demoServerUrl}` : ''}
        </p>
      )}
      <section aria-label="Connections">
        <h2>Connections</h2>
        {connections === null ? (
          <p>Loading…</p>
        ) : connections.length === 0 ? (
          <p>No connections yet.</p>
        ) : (
          <ul data-testid="connection-list">
            {connections.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

const root = createRoot(document.getElementById('root')!);
createTransport().then(
  (api) =>
    root.render(
      <StrictMode>
        <Shell api={api} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <p role="alert" data-testid="shell-error">
        {errorText(error)}
      </p>,
    ),
);
