/**
 * The analyst's workspace: a top bar (views, activity toggle), the current view (browse, publish,
 * connections), the activity panel when open, and a status line. Keeps the caches in step with
 * the main process's events (connections changed, requests recorded).
 */
import { followWatches } from './queries/feeds';
import { WatchNotices } from './features/workspace/watch-notices';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ActivityPanel } from './features/activity/activity-panel';
import { CheckView } from './features/check/check-view';
import { CompareView } from './features/compare/compare-view';
import { ConnectionsView } from './features/connections/connections-view';
import type { View } from './features/navigation/route';
import { useRoute } from './features/navigation/use-route';
import { PublishView } from './features/publish/publish-view';
import { BrowseWorkspace } from './features/workspace/browse-workspace';
import { followActivity } from './queries/activity';
import { appInfoQuery } from './queries/app';
import { invalidateConnections } from './queries/connections';
import { transport } from './queries/transport';
import { followWaits } from './queries/waits';

const VIEW_LABELS: Record<View, string> = {
  browse: 'Browse',
  publish: 'Publish',
  check: 'Check server',
  compare: 'Compare',
  connections: 'Connections',
};

const STORAGE_WORDS: Record<'keychain' | 'session' | 'unavailable', string> = {
  keychain: 'keychain available',
  session: 'secrets kept for this session only',
  unavailable: 'keychain unavailable',
};

function StatusLine() {
  const info = useQuery(appInfoQuery());
  if (!info.data)
    return <span className="muted">{info.isError ? info.error.message : 'Starting…'}</span>;
  const d = info.data;
  return (
    <span data-testid="app-info">
      {d.name} {d.version}, {d.mode} mode · {STORAGE_WORDS[d.keychain.storage]}
      {d.demoServerUrl ? ` · demo server ${d.demoServerUrl}` : ''}
    </span>
  );
}

/** The whole app. */
export function App() {
  const qc = useQueryClient();
  const [route, setRoute] = useRoute();

  useEffect(() => {
    const offConnections = transport().subscribe('connections.changed', ({ ids }) =>
      invalidateConnections(qc, ids),
    );
    const offActivity = followActivity(qc);
    const offWaits = followWaits();
    const offWatches = followWatches(qc);
    return () => {
      offWatches();
      offConnections();
      offActivity();
      offWaits();
    };
  }, [qc]);

  return (
    <div className={route.activity ? 'app with-activity' : 'app'} data-testid="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <WatchNotices />
      <header className="topbar">
        <h1 className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Taxiway
        </h1>
        <nav aria-label="Views" className="views">
          {(Object.keys(VIEW_LABELS) as View[]).map((v) => (
            <button
              key={v}
              type="button"
              className={route.view === v ? 'view-tab current' : 'view-tab'}
              aria-current={route.view === v ? 'page' : undefined}
              onClick={() => setRoute({ ...route, view: v })}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <button
          type="button"
          className="btn small"
          aria-pressed={route.activity}
          onClick={() => setRoute({ ...route, activity: !route.activity }, { replace: true })}
        >
          Activity
        </button>
      </header>
      <div className="app-body">
        {route.view === 'browse' && <BrowseWorkspace />}
        {route.view === 'publish' && <PublishView />}
        {route.view === 'check' && <CheckView />}
        {route.view === 'compare' && <CompareView />}
        {route.view === 'connections' && <ConnectionsView />}
      </div>
      {route.activity && (
        <ActivityPanel onClose={() => setRoute({ ...route, activity: false }, { replace: true })} />
      )}
      <footer className="statusbar">
        <StatusLine />
      </footer>
    </div>
  );
}
