/**
 * One object's content straight from the server (its versions, every version's content, its
 * manifest records), and the mutations that change a collection. A collection's rows come from
 * its view in the main process (./views.ts), not from here.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CollectionRef as CollectionRefSchema,
  ObjectFilters as ObjectFiltersSchema,
  Result,
} from '../../shared/contract';
import { callMutation } from './call';
import { call } from './transport';
import { openViewsOf, runViewAction } from './views';

/** Where a collection lives. */
export type CollectionRef = z.input<typeof CollectionRefSchema>;
/** The TAXII filters of a view. */
export type ObjectFilters = z.input<typeof ObjectFiltersSchema>;
/** One page of objects. */
export type ObjectsPage = Result<'objects.page'>;
/** One STIX object (or any other JSON content a server returned). */
export type JsonObject = ObjectsPage['items'][number];

/**
 * The cursor of the following page, or undefined when there is none. Only `more` says whether
 * more exists (TAXII 2.1 §3.5); a server that says more without a cursor cannot be followed.
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

/** The manifest records of one object (every version). */
export const objectManifestQuery = (ref: CollectionRef, objectId: string) =>
  queryOptions({
    queryKey: ['manifest.page', { ...ref, filters: { ids: [objectId], versions: ['all'] } }],
    queryFn: ({ signal }) =>
      call(
        'manifest.page',
        { ...ref, filters: { ids: [objectId], versions: ['all'] } },
        { signal },
      ),
  });

/**
 * After a change to a collection (a delete, an upload): every open view of it loads again from
 * the server (the service dropped its cached pages), and what was read of its objects is stale.
 */
export function invalidateCollection(qc: QueryClient, ref: CollectionRef): void {
  const same = (k: Partial<CollectionRef> | undefined): boolean =>
    k?.connectionId === ref.connectionId &&
    k.apiRoot === ref.apiRoot &&
    k.collectionId === ref.collectionId;
  for (const viewId of openViewsOf(qc, ref)) {
    runViewAction(qc, 'views.refresh', viewId).catch(() => {
      // The view is gone (closed meanwhile): the next open reads afresh anyway.
    });
    void qc.invalidateQueries({
      queryKey: ['views.object'],
      predicate: (q) => (q.queryKey[1] as { viewId?: string } | undefined)?.viewId === viewId,
    });
  }
  for (const name of ['manifest.page', 'object.get', 'object.versions'])
    void qc.invalidateQueries({
      queryKey: [name],
      predicate: (q) => same(q.queryKey[1] as Partial<CollectionRef> | undefined),
    });
}

/** Deletes an object (one version, or all of them). */
export const deleteObject = (qc: QueryClient) =>
  callMutation('object.delete', { onSuccess: (_r, args) => invalidateCollection(qc, args) });

/** The curl command of a request, secrets as placeholders. */
export const curlCommand = () => callMutation('request.curl');
