/**
 * Choosing a collection step by step: a connection, one of its API roots (from discovery), and
 * one of that root's collections. Compare, Publish and Check use it with their own labels and
 * their own rule for which collections may be chosen; a change of connection clears the later
 * steps, a change of API root clears the collection.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Collection } from '../../shared/taxii/resources';
import { collectionsQuery, discoveryQuery } from '../queries/browse';
import { connectionsQuery } from '../queries/connections';
import { ErrorView } from './error-view';

/** A collection chosen step by step; a later step is only set when the earlier ones are. */
export interface CollectionPick {
  connectionId?: string;
  apiRoot?: string;
  collectionId?: string;
}

/** The collection URL of a complete pick (API root URLs end in `/`). */
export function collectionUrl(p: Required<CollectionPick>): string {
  return `${p.apiRoot}collections/${encodeURIComponent(p.collectionId)}/`;
}

/** True when every step of the pick is made. */
export function isComplete(p: CollectionPick): p is Required<CollectionPick> {
  return p.connectionId !== undefined && p.apiRoot !== undefined && p.collectionId !== undefined;
}

/** How one collection appears in the list: left out, offered, or shown but not choosable. */
export interface CollectionOption {
  show: boolean;
  disabled?: boolean;
  /** Said after the title ("(read only)"). */
  note?: string;
}

/** The three selects; ids are `${idPrefix}-conn`, `-root` and `-col`. */
export function CollectionPicker({
  idPrefix,
  labels,
  pick,
  onChange,
  disabled = false,
  defaultRootLabel,
  noConnectionLabel,
  collectionOption = () => ({ show: true }),
  emptyCollectionLabel,
  noneCollectionLabel = 'Choose…',
  rootHint,
  collectionHint,
  discoveryErrorTitle,
}: {
  idPrefix: string;
  labels: { connection: string; apiRoot: string; collection: string };
  pick: CollectionPick;
  onChange: (p: CollectionPick) => void;
  disabled?: boolean;
  /**
   * Offer "no API root chosen" under this label, meaning the server's default (or first) root;
   * the collections shown are then that root's. Without it the person must choose a root.
   */
  defaultRootLabel?: string;
  /** Shown instead of "Choose…" for the connection; when set, an empty choice is offered only while none is chosen. */
  noConnectionLabel?: string;
  collectionOption?: (c: Collection) => CollectionOption;
  /** The empty choice's label when the root has collections but none may be chosen. */
  emptyCollectionLabel?: string;
  /** The empty choice's label otherwise. */
  noneCollectionLabel?: string;
  rootHint?: (connectionId: string, apiRoot: string) => ReactNode;
  collectionHint?: ReactNode;
  discoveryErrorTitle?: string;
}) {
  const conns = useQuery(connectionsQuery());
  const disc = useQuery({
    ...discoveryQuery(pick.connectionId ?? ''),
    enabled: pick.connectionId !== undefined,
  });
  const root =
    pick.apiRoot ??
    (defaultRootLabel !== undefined
      ? (disc.data?.value.default ?? disc.data?.value.apiRoots[0])
      : undefined);
  const cols = useQuery({
    ...collectionsQuery(pick.connectionId ?? '', root ?? ''),
    enabled: pick.connectionId !== undefined && root !== undefined,
  });
  const options = (cols.data?.value ?? [])
    .map((c) => ({ c, o: collectionOption(c) }))
    .filter(({ o }) => o.show);
  const choosable = options.filter(({ o }) => !o.disabled);
  const hintId = `${idPrefix}-col-hint`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-conn`}>{labels.connection}</label>
        <select
          id={`${idPrefix}-conn`}
          value={pick.connectionId ?? ''}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value ? { connectionId: e.target.value } : {})}
        >
          {noConnectionLabel === undefined ? (
            <option value="">Choose…</option>
          ) : (
            !pick.connectionId && <option value="">{noConnectionLabel}</option>
          )}
          {conns.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-root`}>{labels.apiRoot}</label>
        <select
          id={`${idPrefix}-root`}
          value={pick.apiRoot ?? ''}
          disabled={disabled || !disc.isSuccess}
          onChange={(e) =>
            onChange({
              ...(pick.connectionId ? { connectionId: pick.connectionId } : {}),
              ...(e.target.value ? { apiRoot: e.target.value } : {}),
            })
          }
        >
          <option value="">
            {defaultRootLabel ?? (disc.isPending && pick.connectionId ? 'Loading…' : 'Choose…')}
          </option>
          {disc.data?.value.apiRoots.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {pick.connectionId && pick.apiRoot && rootHint?.(pick.connectionId, pick.apiRoot)}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-col`}>{labels.collection}</label>
        <select
          id={`${idPrefix}-col`}
          value={pick.collectionId ?? ''}
          disabled={disabled || !cols.isSuccess}
          aria-describedby={collectionHint ? hintId : undefined}
          onChange={(e) => {
            const { collectionId: _old, ...rest } = pick;
            onChange(e.target.value ? { ...rest, collectionId: e.target.value } : rest);
          }}
        >
          <option value="">
            {cols.isSuccess && choosable.length === 0 && emptyCollectionLabel
              ? emptyCollectionLabel
              : noneCollectionLabel}
          </option>
          {options.map(({ c, o }) => (
            <option key={c.id} value={c.id} disabled={o.disabled}>
              {c.title}
              {o.note ? ` ${o.note}` : ''}
            </option>
          ))}
        </select>
        {collectionHint && (
          <p className="field-hint" id={hintId}>
            {collectionHint}
          </p>
        )}
      </div>
      {disc.isError && (
        <ErrorView
          error={disc.error}
          compact
          {...(discoveryErrorTitle ? { title: discoveryErrorTitle } : {})}
          onRetry={() => void disc.refetch()}
        />
      )}
      {cols.isError && <ErrorView error={cols.error} compact onRetry={() => void cols.refetch()} />}
    </>
  );
}
