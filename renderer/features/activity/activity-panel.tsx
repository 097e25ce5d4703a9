/**
 * Every HTTP request Taxiway made to a TAXII server, newest first: method, URL, status, time and
 * size, and on demand the headers (secret ones arrive already redacted) and a curl command.
 */
import { useQuery } from '@tanstack/react-query';
import { Fragment, useMemo, useState } from 'react';
import { ErrorView } from '../../components/error-view';
import { formatBytes, formatDuration } from '../../components/format';
import { EmptyState, Loading } from '../../components/states';
import { activityQuery, type ActivityEntry } from '../../queries/activity';
import { CurlDialog } from '../objects/curl-dialog';

function Headers({
  title,
  headers,
}: {
  title: string;
  headers: Record<string, string> | undefined;
}) {
  if (!headers || Object.keys(headers).length === 0) return null;
  return (
    <div className="headers">
      <h4>{title}</h4>
      <dl className="facts small">
        {Object.entries(headers).map(([k, v]) => (
          <div key={k} className="error-fact-row">
            <dt className="mono">{k}</dt>
            <dd className="mono break">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

const statusClass = (e: ActivityEntry): string =>
  e.error || e.status === undefined
    ? 'st-err'
    : e.status >= 400
      ? 'st-err'
      : e.status >= 300
        ? 'st-warn'
        : 'st-ok';

/** The activity panel. */
export function ActivityPanel({ onClose }: { onClose: () => void }) {
  const q = useQuery(activityQuery());
  const [open, setOpen] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [curlFor, setCurlFor] = useState<string | null>(null);
  const curlRequest = useMemo(() => (curlFor ? { exchangeId: curlFor } : null), [curlFor]);
  const entries = (q.data ?? [])
    .filter(
      (e) => filter === '' || e.url.includes(filter) || e.method.includes(filter.toUpperCase()),
    )
    .slice()
    .reverse();
  return (
    <section className="activity-panel" aria-label="Activity" data-testid="activity">
      <header className="activity-header">
        <h2>Activity</h2>
        <span className="muted small">{q.data ? `${q.data.length} requests` : ''}</span>
        <input
          type="search"
          aria-label="Filter requests"
          placeholder="Filter by URL or method"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="spacer" />
        <button type="button" className="btn small" onClick={() => void q.refetch()}>
          Refresh
        </button>
        <button
          type="button"
          className="btn icon"
          aria-label="Close the activity panel"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="activity-body">
        {q.isPending && <Loading label="Loading activity…" />}
        {q.isError && <ErrorView error={q.error} compact onRetry={() => void q.refetch()} />}
        {q.isSuccess && entries.length === 0 && (
          <EmptyState title={filter ? 'No request matches the filter' : 'No requests yet'}>
            Requests to TAXII servers appear here as they happen.
          </EmptyState>
        )}
        {entries.length > 0 && (
          <table className="activity-table" data-testid="activity-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col">URL</th>
                <th scope="col">Duration</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <Fragment key={e.id}>
                  <tr className={open === e.id ? 'open' : undefined} data-testid="activity-row">
                    <td className="mono small">{e.startedAt.slice(11, 23)}</td>
                    <td className="mono">{e.method}</td>
                    <td className={`mono ${statusClass(e)}`}>{e.status ?? 'error'}</td>
                    <td className="url-cell">
                      <button
                        type="button"
                        className="link mono"
                        aria-expanded={open === e.id}
                        onClick={() => setOpen(open === e.id ? null : e.id)}
                      >
                        {e.url}
                      </button>
                    </td>
                    <td className="mono small">{formatDuration(e.durationMs)}</td>
                    <td className="mono small">{formatBytes(e.bytes)}</td>
                  </tr>
                  {open === e.id && (
                    <tr className="detail-row">
                      <td colSpan={6}>
                        {e.error && <p className="field-error">{e.error}</p>}
                        <div className="headers-grid">
                          <Headers title="Request headers" headers={e.requestHeaders} />
                          <Headers title="Response headers" headers={e.responseHeaders} />
                        </div>
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => setCurlFor(e.id)}
                        >
                          Copy as curl
                        </button>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <CurlDialog request={curlRequest} onClose={() => setCurlFor(null)} />
    </section>
  );
}
