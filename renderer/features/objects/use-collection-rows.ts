/**
 * A collection's loaded content as table rows: pages of objects as they arrive, each version's
 * date added joined from manifest pages fetched alongside (the objects endpoint does not carry
 * it; the manifest does, per id and version). Rows are built once per page, not per render, so
 * appending the 100th page of a 100,000-row load costs one page of work.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import {
  manifestPagesQuery,
  objectPagesQuery,
  type ManifestRecord,
  type ObjectsPage,
  type PagedQuery,
} from '../../queries/objects';
import { isStixLike } from './object-label';
import { toRows, type Row } from './rows';

interface Built {
  pages: readonly ObjectsPage[];
  chunks: Row[][];
  rows: Row[];
  names: Map<string, string>;
  byId: Map<string, Row[]>;
}

const empty = (): Built => ({ pages: [], chunks: [], rows: [], names: new Map(), byId: new Map() });

/**
 * Built rows by the first page of a query's data: appending a page reuses what was built for the
 * earlier ones (a query keeps its earlier page objects when it fetches the next).
 */
const built = new WeakMap<ObjectsPage, Built>();

function rowsOf(pages: readonly ObjectsPage[]): Built {
  const first = pages[0];
  if (!first) return empty();
  const next = extend(built.get(first) ?? empty(), pages);
  built.set(first, next);
  return next;
}

/** Extends `prev` with the pages it has not seen; starts over when earlier pages changed. */
function extend(prev: Built, pages: readonly ObjectsPage[]): Built {
  const same = prev.pages.length <= pages.length && prev.pages.every((p, i) => p === pages[i]);
  const base = same ? prev : empty();
  if (same && prev.pages.length === pages.length) return prev;
  const chunks = [...base.chunks];
  const { names, byId } = base;
  let offset = base.rows.length;
  for (const page of pages.slice(base.pages.length)) {
    for (const o of page.items)
      if (isStixLike(o) && typeof o.name === 'string') names.set(o.id, o.name);
    const rows = toRows(page.items, offset, (id) => names.get(id));
    for (const r of rows) {
      if (!r.id) continue;
      const list = byId.get(r.id);
      if (list) list.push(r);
      else byId.set(r.id, [r]);
    }
    offset += rows.length;
    chunks.push(rows);
  }
  return { pages, chunks, rows: chunks.flat(), names, byId };
}

/** Date added by `id|version`, with a by-id fallback for 2.0 manifests (one entry per object). */
function manifestIndex(pages: readonly { items: ManifestRecord[] }[]): {
  byKey: Map<string, string>;
  byId: Map<string, string>;
  count: number;
} {
  const byKey = new Map<string, string>();
  const byId = new Map<string, string>();
  let count = 0;
  for (const page of pages) {
    for (const r of page.items) {
      count++;
      if (!r.date_added) continue;
      if (r.version) byKey.set(`${r.id}|${r.version}`, r.date_added);
      byId.set(r.id, r.date_added);
    }
  }
  return { byKey, byId, count };
}

/** The rows of a collection view and the queries behind them. */
export function useCollectionRows(q: PagedQuery, opts: { manifest: boolean; paused: boolean }) {
  const objects = useInfiniteQuery(objectPagesQuery(q));
  const manifest = useInfiniteQuery({ ...manifestPagesQuery(q), enabled: opts.manifest });

  const pages = objects.data?.pages;
  const data = useMemo(() => rowsOf(pages ?? []), [pages]);

  const mPages = manifest.data?.pages;
  const index = useMemo(() => manifestIndex(mPages ?? []), [mPages]);

  // Keep the manifest level with the objects: one manifest page at a time while it lags behind.
  const {
    hasNextPage: mMore,
    isFetching: mBusy,
    fetchNextPage: mNext,
    isError: mFailed,
  } = manifest;
  useEffect(() => {
    if (
      opts.manifest &&
      !opts.paused &&
      mMore &&
      !mBusy &&
      !mFailed &&
      index.count < data.rows.length
    )
      void mNext({ cancelRefetch: false });
  }, [opts.manifest, opts.paused, mMore, mBusy, mFailed, mNext, index.count, data.rows.length]);

  const addedOf = useMemo(
    () =>
      (row: Row): string =>
        row.added || index.byKey.get(row.key) || (row.id ? index.byId.get(row.id) : '') || '',
    [index],
  );

  return { objects, manifest, rows: data.rows, byId: data.byId, names: data.names, addedOf };
}
