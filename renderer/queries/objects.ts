/**
 * A collection's content: pages of objects and of manifest records (one infinite query each,
 * keyed by the call name, the collection and the filters, so a filter change starts a new query
 * and react-query aborts the old one's request through its signal), one object's versions, and
 * the mutations that change a collection.
 */
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CollectionRef as CollectionRefSchema,
  ObjectFilters as ObjectFiltersSchema,
  Result,
} from '../../shared/contract';
import { callMutation } from './call';
import { call } from './transport';

/** Where a collection lives. */
export type CollectionRef = z.input<typeof CollectionRefSchema>;
/** The TAXII filters of a view. */
export type ObjectFilters = z.input<typeof ObjectFiltersSchema>;
/** One page of objects. */
export type ObjectsPage = Result<'objects.page'>;
/** One STIX object (or any other JSON content a server returned). */
export type JsonObject = ObjectsPage['items'][number];
/** One manifest record. */
export type ManifestRecord = Result<'manifest.page'>['items'][number];

/** What a paged view asks for: a collection and its filters. */
export interface PagedQuery extends CollectionRef {
  filters?: ObjectFilters;
}

/**
 * Queries whose next first page must bypass the connection's page cache (`refresh: true`), by
 * query key. Set by `refreshCollectionPages` just before it resets the queries; taken by the first
 * page's call, so only that one fetch goes to the server afresh.
 */
const refreshing = new Set<string>();

function takeRefresh(queryKey: readonly unknown[]): boolean {
  return refreshing.delete(JSON.stringify(queryKey));
}

/** The arguments of one page: the cursor of a later page, or `refresh` on a forced first page. */
function pageArgs(
  queryKey: readonly unknown[],
  pageParam: string | undefined,
): { next: string } | { refresh: true } | Record<string, never> {
  if (pageParam) return { next: pageParam };
  return takeRefresh(queryKey) ? { refresh: true } : {};
}

/** Pages of objects, fetched one page per call as the view asks for more. */
export const objectPagesQuery = (q: PagedQuery) =>
  infiniteQueryOptions({
    queryKey: ['objects.page', q] as const,
    queryFn: ({ pageParam, signal, queryKey }) =>
      call('objects.page', { ...q, ...pageArgs(queryKey, pageParam) }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => nextCursor(page),
    staleTime: Infinity,
    // Pages are only ever appended; deep-comparing 100,000 objects on each one buys nothing.
    structuralSharing: false,
  });

/** Pages of manifest records (for each version's date added), fetched alongside the objects. */
export const manifestPagesQuery = (q: PagedQuery) =>
  infiniteQueryOptions({
    queryKey: ['manifest.page', q] as const,
    queryFn: ({ pageParam, signal, queryKey }) =>
      call('manifest.page', { ...q, ...pageArgs(queryKey, pageParam) }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => nextCursor(page),
    staleTime: Infinity,
    structuralSharing: false,
  });

/**
 * The cursor of the following page, or undefined when there is none. Only `more` says whether
 * more exists (digest §16.8); a server that says more without a cursor cannot be followed.
 */
export function nextCursor(page: { more: boolean; next?: string | undefined }): string | undefined {
  return page.more && page.next ? page.next : undefined;
}

/** How many pages a per-object walk follows before it stops (a server that never says "no more"). */
const MAX_OBJECT_PAGES = 50;

/** Every version timestamp of one object (the versions endpoint, all pages). */
export const objectVersionsQuery = (ref: CollectionRef, objectId: string) =>
  queryOptions({
    queryKey: ['object.versions', { ...ref, objectId }] as const,
    queryFn: async ({ signal }) => {
      const versions: string[] = [];
      let next: string | undefined;
      for (let i = 0; i < MAX_OBJECT_PAGES; i++) {
        const page = await call(
          'object.versions',
          { ...ref, objectId, ...(next ? { next } : {}) },
          { signal },
        );
        versions.push(...page.items);
        next = nextCursor(page);
        if (!next) break;
      }
      return versions;
    },
  });

/** Every version of one object's content (`match[version]=all`, all pages). */
export const objectHistoryQuery = (ref: CollectionRef, objectId: string) =>
  queryOptions({
    queryKey: ['object.get', { ...ref, objectId, versions: ['all'] }] as const,
    queryFn: async ({ signal }) => {
      const items: JsonObject[] = [];
      let next: string | undefined;
      for (let i = 0; i < MAX_OBJECT_PAGES; i++) {
        const page = await call(
          'object.get',
          { ...ref, objectId, versions: ['all'], ...(next ? { next } : {}) },
          { signal },
        );
        items.push(...page.items);
        next = nextCursor(page);
        if (!next) break;
      }
      return items;
    },
  });

/** The manifest records of one object (every version), when the loaded pages lack them. */
export const objectManifestQuery = (ref: CollectionRef, objectId: string) =>
  queryOptions({
    queryKey: ['manifest.page', { ...ref, filters: { ids: [objectId], versions: ['all'] } }],
    queryFn: ({ signal, queryKey }) =>
      call(
        'manifest.page',
        {
          ...ref,
          filters: { ids: [objectId], versions: ['all'] },
          ...pageArgs(queryKey, undefined),
        },
        { signal },
      ),
  });

/**
 * Loads a view's pages again from the server, bypassing the connection's page cache (which the
 * first new page replaces): the loaded pages are dropped and the first page is asked for with
 * `refresh: true`.
 */
export async function refreshCollectionPages(qc: QueryClient, q: PagedQuery): Promise<void> {
  const keys = [objectPagesQuery(q).queryKey, manifestPagesQuery(q).queryKey];
  for (const key of keys)
    if (qc.getQueryCache().find({ queryKey: key, exact: true }))
      refreshing.add(JSON.stringify(key));
  await Promise.all(keys.map((queryKey) => qc.resetQueries({ queryKey, exact: true })));
}

/** The oldest cache time among loaded pages, when any came from the page cache (ISO 8601). */
export function cachedSince(
  pages: readonly { fromCache?: string | undefined }[] | undefined,
): string | undefined {
  let oldest: string | undefined;
  for (const p of pages ?? [])
    if (p.fromCache && (!oldest || p.fromCache < oldest)) oldest = p.fromCache;
  return oldest;
}

/** Forgets every cached page and object of a collection (after a change to it). */
export function invalidateCollection(qc: QueryClient, ref: CollectionRef): void {
  const same = (key: readonly unknown[]): boolean => {
    const k = key[1] as Partial<CollectionRef> | undefined;
    return (
      k?.connectionId === ref.connectionId &&
      k.apiRoot === ref.apiRoot &&
      k.collectionId === ref.collectionId
    );
  };
  // Pages of the collection come through the connection's page cache: after a change, the next
  // first page of every such query must come from the server (and replace what is stored).
  for (const name of ['objects.page', 'manifest.page'])
    for (const q of qc.getQueryCache().findAll({ queryKey: [name] }))
      if (same(q.queryKey)) refreshing.add(JSON.stringify(q.queryKey));
  for (const name of ['objects.page', 'manifest.page', 'object.get', 'object.versions'])
    void qc.invalidateQueries({ queryKey: [name], predicate: (q) => same(q.queryKey) });
}

/** Deletes an object (one version, or all of them). */
export const deleteObject = (qc: QueryClient) =>
  callMutation('object.delete', { onSuccess: (_r, args) => invalidateCollection(qc, args) });

/** The curl command of a request, secrets as placeholders. */
export const curlCommand = () => callMutation('request.curl');
