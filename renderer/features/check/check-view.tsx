/**
 * "Check server": the conformance checklist run against a connection's server, the
 * report shown line by line as it is judged (pass, fail or warn; the clause; what was checked;
 * what the server sent), a summary that names the misbehaviours recognised, and the report
 * exported as Markdown or JSON. What a vendor runs before demoing a server to a partner.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CollectionPicker } from '../../components/collection-picker';
import { ErrorView } from '../../components/error-view';
import { formatCount, formatDuration } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { discoveryQuery } from '../../queries/browse';
import { renderReport, runCheck, type CheckLine } from '../../queries/checks';
import { connectionsQuery } from '../../queries/connections';
import { saveText } from '../../api/save-file';
import { useRoute } from '../navigation/use-route';
import { CheckReportView } from './check-report';

/** The check view. */
export function CheckView() {
  const [route, setRoute] = useRoute();
  const conns = useQuery(connectionsQuery());
  const connectionId = route.connectionId ?? conns.data?.[0]?.id;
  const connection = conns.data?.find((c) => c.id === connectionId);
  const [apiRoot, setApiRoot] = useState('');
  const [writeCollection, setWriteCollection] = useState('');
  const disc = useQuery({
    ...discoveryQuery(connectionId ?? ''),
    enabled: connectionId !== undefined,
  });
  const root = apiRoot || disc.data?.value.default || disc.data?.value.apiRoots[0] || '';

  const check = useMutation(runCheck());
  const render = useMutation(renderReport());
  const [lines, setLines] = useState<CheckLine[]>([]);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const chooseConnection = (id: string): void => {
    abort.current?.abort();
    setApiRoot('');
    setWriteCollection('');
    setLines([]);
    check.reset();
    render.reset();
    setRoute(
      (r) => ({
        ...r,
        connectionId: id || undefined,
        apiRoot: undefined,
        collectionId: undefined,
        objectId: undefined,
      }),
      { replace: true },
    );
  };

  const run = (): void => {
    if (!connectionId) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLines([]);
    render.reset();
    check.mutate({
      args: {
        connectionId,
        // A chosen API root (or the one a writable collection lives in) is what gets checked.
        ...(apiRoot || writeCollection ? { url: root } : {}),
        ...(writeCollection ? { writeCollectionId: writeCollection } : {}),
      },
      onLine: (line) => setLines((old) => [...old, line]),
      signal: controller.signal,
    });
  };

  const exportAs = (format: 'markdown' | 'json'): void => {
    if (!check.data) return;
    render.mutate(
      { report: check.data, format },
      { onSuccess: (file) => saveText(file.fileName, file.content, file.mediaType) },
    );
  };

  const running = check.isPending;
  return (
    <div className="tool-view" data-testid="check-view">
      <main className="tool-main" id="main">
        <header className="tool-header">
          <h2>Check server</h2>
          <p className="muted">
            Runs the TAXII 2.1 conformance checklist against a connection&apos;s server: media
            types, negotiation, discovery and API roots, collections, filters, paging and its
            headers, and (only with a writable collection) publishing and deleting. Each line says
            pass, fail or warn, the clause of the specification it checks and what the server sent.
          </p>
        </header>
        <form
          className="check-form"
          aria-label="What to check"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <CollectionPicker
            idPrefix="check"
            labels={{
              connection: 'Connection',
              apiRoot: 'API root',
              collection: 'Writable collection (optional)',
            }}
            pick={{
              ...(connectionId ? { connectionId } : {}),
              ...(apiRoot ? { apiRoot } : {}),
              ...(writeCollection ? { collectionId: writeCollection } : {}),
            }}
            onChange={(p) => {
              if (p.connectionId !== connectionId) chooseConnection(p.connectionId ?? '');
              else if ((p.apiRoot ?? '') !== apiRoot) {
                setApiRoot(p.apiRoot ?? '');
                setWriteCollection('');
              } else setWriteCollection(p.collectionId ?? '');
            }}
            disabled={running}
            noConnectionLabel="No connections"
            defaultRootLabel="The server's default"
            collectionOption={(c) => ({ show: c.can_write })}
            noneCollectionLabel="None: read-only checks"
            collectionHint={
              writeCollection
                ? 'The check publishes a few test objects there, sends one oversized request, then deletes what it added.'
                : 'Without one, nothing on the server is changed.'
            }
            discoveryErrorTitle="Could not list the API roots (the check can still run)"
          />
          <div className="check-actions">
            <button type="submit" className="btn primary" disabled={!connectionId || running}>
              {check.data || check.isError ? 'Run again' : 'Run check'}
            </button>
            {running && (
              <button type="button" className="btn" onClick={() => abort.current?.abort()}>
                Cancel check
              </button>
            )}
          </div>
        </form>
        {connectionId && <WaitNotice connectionIds={[connectionId]} active={running} />}
        {running && (
          <Loading
            label={`Checking ${connection?.name ?? 'the server'}… ${formatCount(lines.length)} ${
              lines.length === 1 ? 'line' : 'lines'
            } so far`}
            testId="check-running"
          />
        )}
        {check.isError && (
          <ErrorView
            error={check.error}
            title={
              check.error.code === 'CANCELLED'
                ? 'The check was cancelled'
                : 'The check could not run'
            }
            onRetry={run}
            testId="check-error"
          />
        )}
        {!running && !check.data && !check.isError && conns.isSuccess && !connectionId && (
          <EmptyState title="No connection to check" testId="check-empty">
            Add a connection first, then check its server here.
          </EmptyState>
        )}
        {(check.data || lines.length > 0) && (
          <CheckReportView
            report={check.data}
            lines={check.data?.lines ?? lines}
            actions={
              check.data && (
                <div className="check-export" role="group" aria-label="Export the report">
                  <button
                    type="button"
                    className="btn"
                    disabled={render.isPending}
                    onClick={() => exportAs('markdown')}
                  >
                    Export Markdown
                  </button>
                  <button
                    type="button"
                    className="btn"
                    disabled={render.isPending}
                    onClick={() => exportAs('json')}
                  >
                    Export JSON
                  </button>
                  <span className="muted small">
                    {formatDuration(check.data.durationMs)}, {formatCount(check.data.requests)}{' '}
                    {check.data.requests === 1 ? 'request' : 'requests'}
                  </span>
                </div>
              )
            }
          />
        )}
        {render.isError && <ErrorView error={render.error} compact title="Export failed" />}
      </main>
    </div>
  );
}
