/**
 * The browse tree: connections → API roots → collections, each level loaded when opened. Follows
 * the WAI-ARIA tree pattern (arrows move and open/close, Enter selects), and every level shows its
 * own loading and error state with a Retry where it failed.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ProfileSummary } from '../../../shared/profile';
import type { AppError } from '../../../shared/errors';
import { ErrorView } from '../../components/error-view';
import { apiRootQuery, collectionsQuery, discoveryQuery } from '../../queries/browse';
import { connectionsQuery } from '../../queries/connections';
import { watchesQuery } from '../../queries/feeds';
import type { SavedView } from '../../../shared/saved-view';
import { EMPTY_ROUTE } from '../navigation/route';
import { useRoute } from '../navigation/use-route';
import { routeOfSavedView } from '../objects/feed-bar';
import { AddCredentialsButton, needsCredentials } from './access-error';

const moveFocus = (from: HTMLElement, delta: number | 'first' | 'last'): void => {
  const tree = from.closest('[role="tree"]');
  if (!tree) return;
  const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  const i = items.indexOf(from);
  const target =
    delta === 'first' ? items[0] : delta === 'last' ? items[items.length - 1] : items[i + delta];
  target?.focus();
};

/**
 * One node of the tree: a focusable treeitem holding only its row, and (when open) the group of
 * its children right after it, owned through aria-owns. So the item's visible text is its own
 * label, as its accessible name says (WCAG 2.5.3, label in name), not its children's too.
 */
function TreeNode({
  label,
  level,
  expanded,
  selected,
  onToggle,
  onSelect,
  row,
  children,
  testId,
}: {
  label: string;
  level: number;
  expanded?: boolean;
  selected: boolean;
  onToggle?: () => void;
  onSelect: () => void;
  row: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  const groupId = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>): void => {
    if (e.target !== e.currentTarget) return;
    switch (e.key) {
      case 'ArrowDown':
        moveFocus(e.currentTarget, 1);
        break;
      case 'ArrowUp':
        moveFocus(e.currentTarget, -1);
        break;
      case 'Home':
        moveFocus(e.currentTarget, 'first');
        break;
      case 'End':
        moveFocus(e.currentTarget, 'last');
        break;
      case 'ArrowRight':
        if (expanded === false) onToggle?.();
        else if (expanded) moveFocus(e.currentTarget, 1);
        break;
      case 'ArrowLeft':
        if (expanded) onToggle?.();
        else
          e.currentTarget
            .closest('.tree-group-holder')
            ?.previousElementSibling?.closest<HTMLElement>('[role="treeitem"]')
            ?.focus();
        break;
      case 'Enter':
      case ' ':
        onSelect();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };
  const open = expanded === true && children !== undefined;
  return (
    <>
      <li
        role="treeitem"
        aria-owns={open ? groupId : undefined}
        aria-label={label}
        aria-level={level}
        aria-expanded={expanded}
        aria-selected={selected}
        tabIndex={selected ? 0 : -1}
        className="tree-item"
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <div
          className={selected ? 'tree-row selected' : 'tree-row'}
          data-level={level}
          onClick={onSelect}
        >
          {expanded !== undefined ? (
            <span
              className={expanded ? 'twisty open' : 'twisty'}
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                onToggle?.();
              }}
            />
          ) : (
            <span className="twisty none" aria-hidden="true" />
          )}
          {row}
        </div>
      </li>
      {open && (
        <li role="none" className="tree-group-holder">
          <ul role="group" className="tree-group" id={groupId}>
            {children}
          </ul>
        </li>
      )}
    </>
  );
}

/**
 * A level's error inside the tree: in full, except a 401 to a connection that sent no
 * credentials, which is a short "needs credentials" line with the way to add them (the main area
 * says the rest once).
 */
function TreeError({
  connectionId,
  error,
  onRetry,
}: {
  connectionId: string;
  error: AppError;
  onRetry: () => void;
}) {
  const connections = useQuery(connectionsQuery());
  const connection = connections.data?.find((c) => c.id === connectionId);
  if (needsCredentials(error, connection))
    return (
      <div className="tree-needs-credentials" data-testid="tree-needs-credentials">
        <span className="small">Needs credentials</span>
        <AddCredentialsButton connectionId={connectionId} />
      </div>
    );
  return <ErrorView error={error} compact onRetry={onRetry} testId="tree-error" />;
}

/**
 * A warning flag on a tree row, drawn by CSS from `data-text`: the row's accessible name is its
 * label alone (exact names stay stable), and the flag is read as the item's description.
 */
function TreeFlag({ text, title }: { text: string; title: string }) {
  return (
    <span
      className="badge warn tree-flag"
      role="note"
      aria-label={text}
      data-text={text}
      title={title}
    />
  );
}

/** A level's loading or error line inside the tree. */
function TreeStatus({ children }: { children: ReactNode }) {
  return (
    <li role="none" className="tree-status">
      {children}
    </li>
  );
}

/** The count of new objects a watch found, beside its tree item. */
function WatchCount({
  connectionId,
  apiRoot,
  collectionId,
  savedViewId,
}: {
  connectionId: string;
  apiRoot?: string;
  collectionId?: string;
  savedViewId?: string;
}) {
  const watches = useQuery(watchesQuery());
  const w = watches.data?.find(
    (x) =>
      x.connectionId === connectionId &&
      (savedViewId
        ? x.savedViewId === savedViewId
        : !x.savedViewId && x.apiRoot === apiRoot && x.collectionId === collectionId),
  );
  if (!w || !w.count) return null;
  return (
    <span className="badge watch-count" title={w.message ?? `${w.count} new since last seen`}>
      {w.count > 998 ? '999+' : w.count}
    </span>
  );
}

/** A collection's saved views, under it in the tree: one click opens one. */
function SavedViewNodes({
  connectionId,
  views,
}: {
  connectionId: string;
  views: readonly SavedView[];
}) {
  const [route, setRoute] = useRoute();
  return (
    <>
      {views.map((v) => (
        <TreeNode
          key={v.id}
          label={`Saved view ${v.name}`}
          level={4}
          selected={route.connectionId === connectionId && route.savedView === v.id}
          onSelect={() => setRoute((r) => routeOfSavedView(r, connectionId, v))}
          testId="tree-saved-view"
          row={
            <>
              <span className="tree-label saved-view" title={`Saved view: ${v.name}`}>
                {v.name}
              </span>
              <WatchCount connectionId={connectionId} savedViewId={v.id} />
            </>
          }
        />
      ))}
    </>
  );
}

function CollectionNodes({ connectionId, apiRoot }: { connectionId: string; apiRoot: string }) {
  const [route, setRoute] = useRoute();
  const q = useQuery(collectionsQuery(connectionId, apiRoot));
  const connections = useQuery(connectionsQuery());
  const savedViews = connections.data?.find((c) => c.id === connectionId)?.savedViews ?? [];
  if (q.isPending)
    return (
      <TreeStatus>
        <span className="muted small">Loading collections…</span>
      </TreeStatus>
    );
  if (q.isError)
    return (
      <TreeStatus>
        <TreeError connectionId={connectionId} error={q.error} onRetry={() => void q.refetch()} />
      </TreeStatus>
    );
  if (q.data.value.length === 0)
    return (
      <TreeStatus>
        <span className="muted small">No collections</span>
      </TreeStatus>
    );
  return (
    <>
      {q.data.value.map((c) => {
        const selected =
          route.connectionId === connectionId &&
          route.apiRoot === apiRoot &&
          route.collectionId === c.id &&
          !route.savedView;
        const views = savedViews.filter((v) => v.apiRoot === apiRoot && v.collectionId === c.id);
        return (
          <TreeNode
            key={c.id}
            label={`Collection ${c.title}`}
            level={3}
            selected={selected}
            {...(views.length > 0 ? { expanded: true } : {})}
            onSelect={() =>
              setRoute((r) => ({
                ...r,
                view: 'browse',
                connectionId,
                apiRoot,
                collectionId: c.id,
                objectId: undefined,
                // Leaving a saved view leaves its filters, sort and columns too.
                ...(r.savedView
                  ? {
                      savedView: undefined,
                      onlyNew: undefined,
                      filters: EMPTY_ROUTE.filters,
                      sort: undefined,
                      columns: undefined,
                    }
                  : {}),
              }))
            }
            testId="tree-collection"
            row={
              <>
                <span className="tree-label" title={c.description ?? c.title}>
                  {c.title}
                </span>
                <WatchCount connectionId={connectionId} apiRoot={apiRoot} collectionId={c.id} />
                {/* Drawn by CSS from data-letter: marks, not words, so not part of the name. */}
                <span className="access" aria-hidden="true">
                  <span className={c.can_read ? 'acc on' : 'acc'} data-letter="R" />
                  <span className={c.can_write ? 'acc on' : 'acc'} data-letter="W" />
                </span>
              </>
            }
          >
            {views.length > 0 ? <SavedViewNodes connectionId={connectionId} views={views} /> : null}
          </TreeNode>
        );
      })}
    </>
  );
}

function RootNode({ connectionId, apiRoot }: { connectionId: string; apiRoot: string }) {
  const [route, setRoute] = useRoute();
  const [open, setOpen] = useState(
    route.connectionId === connectionId && route.apiRoot === apiRoot,
  );
  const info = useQuery(apiRootQuery(connectionId, apiRoot));
  const title = info.data?.value.title ?? shortUrl(apiRoot);
  const selected =
    route.connectionId === connectionId && route.apiRoot === apiRoot && !route.collectionId;
  return (
    <TreeNode
      label={`API root ${title}`}
      level={2}
      expanded={open}
      selected={selected}
      onToggle={() => setOpen((o) => !o)}
      onSelect={() => {
        setOpen(true);
        setRoute((r) => ({
          ...r,
          view: 'browse',
          connectionId,
          apiRoot,
          collectionId: undefined,
          objectId: undefined,
        }));
      }}
      testId="tree-root"
      row={
        <>
          <span className="tree-label" title={apiRoot}>
            {title}
          </span>
          {info.isError && (
            <TreeFlag
              text={info.error.code === 'UNAUTHORIZED' ? 'locked' : 'error'}
              title={info.error.message}
            />
          )}
        </>
      }
    >
      <CollectionNodes connectionId={connectionId} apiRoot={apiRoot} />
    </TreeNode>
  );
}

function RootNodes({ connectionId }: { connectionId: string }) {
  const q = useQuery(discoveryQuery(connectionId));
  if (q.isPending)
    return (
      <TreeStatus>
        <span className="muted small">Asking the server for its API roots…</span>
      </TreeStatus>
    );
  if (q.isError)
    return (
      <TreeStatus>
        <TreeError connectionId={connectionId} error={q.error} onRetry={() => void q.refetch()} />
      </TreeStatus>
    );
  if (q.data.value.apiRoots.length === 0)
    return (
      <TreeStatus>
        <span className="muted small">The server lists no API roots</span>
      </TreeStatus>
    );
  return (
    <>
      {q.data.value.apiRoots.map((root) => (
        <RootNode key={root} connectionId={connectionId} apiRoot={root} />
      ))}
    </>
  );
}

function ConnectionNode({ connection }: { connection: ProfileSummary }) {
  const [route, setRoute] = useRoute();
  const [open, setOpen] = useState(route.connectionId === connection.id);
  const selected = route.connectionId === connection.id && !route.apiRoot;
  // Opening a connection from elsewhere (the address, the connections view) expands it here.
  const [seenRoute, setSeenRoute] = useState(route.connectionId);
  if (seenRoute !== route.connectionId) {
    setSeenRoute(route.connectionId);
    if (route.connectionId === connection.id) setOpen(true);
  }
  return (
    <TreeNode
      label={`Connection ${connection.name}`}
      level={1}
      expanded={open}
      selected={selected}
      onToggle={() => setOpen((o) => !o)}
      onSelect={() => {
        setOpen(true);
        setRoute((r) => ({
          ...r,
          view: 'browse',
          connectionId: connection.id,
          apiRoot: undefined,
          collectionId: undefined,
          objectId: undefined,
        }));
      }}
      testId="tree-connection"
      row={
        <>
          <span className="tree-label strong" title={connection.location}>
            {connection.name}
          </span>
          {connection.secrets.missing.length > 0 && (
            <TreeFlag
              text="secret missing"
              title={`Missing: ${connection.secrets.missing.join(', ')}`}
            />
          )}
        </>
      }
    >
      <RootNodes connectionId={connection.id} />
    </TreeNode>
  );
}

/** The tree of every connection. */
export function ConnectionTree() {
  const q = useQuery(connectionsQuery());
  const [route, setRoute] = useRoute();
  const treeRef = useRef<HTMLUListElement>(null);
  // Keep one item tabbable even when nothing is selected.
  useEffect(() => {
    const tree = treeRef.current;
    if (!tree) return;
    if (!tree.querySelector('[role="treeitem"][tabindex="0"]'))
      tree.querySelector<HTMLElement>('[role="treeitem"]')?.setAttribute('tabindex', '0');
  });
  if (q.isPending) return <p className="muted small pad">Loading connections…</p>;
  if (q.isError)
    return (
      <ErrorView error={q.error} compact onRetry={() => void q.refetch()} testId="tree-error" />
    );
  if (q.data.length === 0)
    return (
      <div className="pad">
        <p className="muted">No connections yet.</p>
        <button
          type="button"
          className="btn primary"
          onClick={() => setRoute({ ...route, view: 'connections' })}
        >
          Add a connection
        </button>
      </div>
    );
  return (
    <ul
      role="tree"
      aria-label="Connections"
      className="tree"
      ref={treeRef}
      data-testid="connection-list"
    >
      {q.data.map((c) => (
        <ConnectionNode key={c.id} connection={c} />
      ))}
    </ul>
  );
}

/** The path of a URL, or the URL itself when it cannot be parsed. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === '/' ? u.host : u.pathname;
  } catch {
    return url;
  }
}
