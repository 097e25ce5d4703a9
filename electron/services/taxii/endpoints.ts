/**
 * The paged endpoints of a collection as one table (digest §5: objects §5.4, manifest §5.3, an
 * object by id §5.6, its versions §5.8): where each is, what its answer is in each TAXII version
 * and how its items are told apart. `fetcherFor` turns a row into the one page fetcher the client's
 * single page and page walk both use.
 */
import { AppError } from '../../../shared/errors';
import { filtersToQuery, type FilterEndpoint } from '../../../shared/taxii/filters';
import type { ItemKind } from '../../../shared/taxii/local-filters';
import { MEDIA_TYPES, type TaxiiVersion } from '../../../shared/taxii/media-types';
import { manifestEntriesToRecords } from '../../../shared/taxii/normalise';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { WalkEndpoint } from '../../../shared/taxii/checkpoint';
import {
  bundleSchema,
  envelopeSchema,
  manifest20Schema,
  manifest21Schema,
  versionsSchema,
  type ManifestRecord,
  type StixObject,
} from '../../../shared/taxii/resources';
import { parseResource } from '../../../shared/taxii/validate';
import { objectVersion } from '../../../shared/stix/common';
import type { z } from 'zod';
import { ACCEPT, dateHeaders, type CallOptions, type Exchange } from './exchange';
import { tolerantPage21, type Body21, type Learned } from './page-21';
import type { PageFetcher } from './paging';
import { rangePage, type RangeState } from './range-page';
import { childUrl, withQuery } from './urls';

/** How a 2.0 server serves an endpoint. */
type Served20<T> =
  /** Pages by item range (`Range: items=a-b`). */
  | { paging: 'range'; resource: string; accept: string; itemsOf: ItemsOf<T> }
  /** One answer holds everything (2.0 has no paging there). */
  | { paging: 'whole'; resource: string; accept: string; itemsOf: ItemsOf<T> }
  /** No such endpoint: the items are read from another one. */
  | {
      paging: 'derived';
      fetcher: (src: PageSource, collection: URL, id: string, opts: CallOptions) => PageFetcher<T>;
    };

type ItemsOf<T> = (data: unknown, at: string) => T[];

/** One row of the table. */
export interface Endpoint<T> {
  name: WalkEndpoint & FilterEndpoint;
  /** The path below the collection URL (`id`: the object's, for the per-object endpoints). */
  path: (id: string) => string[];
  /** 2.1: the resource name, what the items are, and how to read them. */
  v21: { resource: string; kind: ItemKind; itemsOf: (data: unknown, at: string) => Body21<T> };
  v20: Served20<T>;
  /** What tells two items apart (id and version), for dropping duplicates and spotting loops. */
  keyOf: (item: T) => string;
  /**
   * Walks of the whole collection go through the page cache and are named by the collection URL
   * (what the cache is scoped by); walks of one object are named by their own URL.
   */
  cached: boolean;
}

/** What the fetchers need of the client: its exchange and what it remembers per API root. */
export interface PageSource {
  ex: Exchange;
  /** What the API root of `url` refused (limits, filters). */
  learned(url: URL): Learned;
  /** The API root's range form (undefined: not remembered). */
  rangeState(url: URL): RangeState | undefined;
}

/**
 * The reader of a list resource: `key` of what `schema` accepted is a list of T (the schema
 * guarantees it), `more` and `next` its paging fields (absent in 2.0).
 */
function listOf<T>(
  schema: z.ZodType,
  resource: string,
  key: string,
): (data: unknown, at: string) => Body21<T> {
  return (data, at) => {
    const body = parseResource(schema, data, { resource, url: at }) as Record<string, unknown>;
    return {
      items: (body[key] as T[] | undefined) ?? [],
      more: body.more as boolean | undefined,
      next: body.next as string | number | undefined,
    };
  };
}

function itemsOnly<T>(read: (data: unknown, at: string) => Body21<T>): ItemsOf<T> {
  return (data, at) => read(data, at).items;
}

function objectKey(o: StixObject): string {
  return `${o.id}|${objectVersion(o) ?? ''}`;
}

function recordKey(r: ManifestRecord): string {
  return `${r.id}|${r.version ?? ''}`;
}

const envelope = {
  resource: 'envelope',
  kind: 'object',
  itemsOf: listOf<StixObject>(envelopeSchema, 'envelope', 'objects'),
} as const;

const bundleObjects = itemsOnly(listOf<StixObject>(bundleSchema, 'STIX bundle', 'objects'));

const objects: Endpoint<StixObject> = {
  name: 'objects',
  path: () => ['objects'],
  v21: envelope,
  v20: { paging: 'range', resource: 'bundle', accept: MEDIA_TYPES.stix20, itemsOf: bundleObjects },
  keyOf: objectKey,
  cached: true,
};

const manifest: Endpoint<ManifestRecord> = {
  name: 'manifest',
  path: () => ['manifest'],
  v21: {
    resource: 'manifest resource',
    kind: 'manifest-record',
    itemsOf: listOf<ManifestRecord>(manifest21Schema, 'manifest resource', 'objects'),
  },
  v20: {
    paging: 'range',
    resource: 'manifest resource',
    accept: ACCEPT['2.0'],
    itemsOf: (data, at) =>
      manifestEntriesToRecords(
        parseResource(manifest20Schema, data, { resource: 'manifest resource', url: at }).objects ??
          [],
      ),
  },
  keyOf: recordKey,
  cached: true,
};

const object: Endpoint<StixObject> = {
  name: 'object',
  path: (id) => ['objects', id],
  v21: envelope,
  v20: {
    paging: 'whole',
    resource: 'STIX bundle',
    accept: MEDIA_TYPES.stix20,
    itemsOf: bundleObjects,
  },
  keyOf: objectKey,
  cached: false,
};

const versions: Endpoint<string> = {
  name: 'versions',
  path: (id) => ['objects', id, 'versions'],
  v21: {
    resource: 'versions resource',
    kind: 'version',
    itemsOf: listOf<string>(versionsSchema, 'versions resource', 'versions'),
  },
  // TAXII 2.0 has no versions endpoint: its manifest entry lists them (digest §14 item 13).
  v20: { paging: 'derived', fetcher: versionsFromManifest },
  keyOf: (v) => v,
  cached: false,
};

/** The paged endpoints of a collection. */
export const ENDPOINTS = { objects, manifest, object, versions } as const;

/** The URL of `ep` for the collection at `collection` (and object `id`). */
export function endpointUrl<T>(ep: Endpoint<T>, collection: URL, id = ''): URL {
  return childUrl(collection, ...ep.path(id));
}

/** True when `ep` pages on `version` (so walks ask for an explicit `limit`). */
export function pagesOn<T>(ep: Endpoint<T>, version: TaxiiVersion): boolean {
  return version === '2.1' || ep.v20.paging === 'range';
}

/**
 * The page fetcher of `ep` for one collection (and object `id`) on `version`; its pages also
 * carry `extra` notes (how the collection URL was resolved, say).
 */
export function fetcherFor<T>(
  src: PageSource,
  ep: Endpoint<T>,
  collection: URL,
  id: string,
  version: TaxiiVersion,
  opts: CallOptions,
  extra: QuirkNote[],
): PageFetcher<T> {
  const target = endpointUrl(ep, collection, id);
  if (version === '2.1') {
    const req = { url: target, ...ep.v21 };
    return withNotes(extra, (filters, signal) =>
      tolerantPage21(src.ex, src.learned(target), req, filters, { ...opts, signal }),
    );
  }
  const served = ep.v20;
  switch (served.paging) {
    case 'range':
      return withNotes(extra, (filters, signal) =>
        rangePage(
          src.ex,
          src.rangeState(target),
          {
            url: target,
            query: filtersToQuery(filters, false),
            filters,
            resource: served.resource,
            accept: served.accept,
            itemsOf: served.itemsOf,
          },
          { ...opts, signal },
        ),
      );
    case 'whole':
      return withNotes(extra, async (filters, signal) => {
        const notes: QuirkNote[] = [];
        const { res, data } = await src.ex.get(
          withQuery(target, filtersToQuery(filters, false)),
          { resource: served.resource, version: '2.0', accept: served.accept },
          { ...opts, signal },
          notes,
        );
        const items = served.itemsOf(data, res.url);
        return { items, more: false, ...dateHeaders(res, notes, res.url), notes, url: res.url };
      });
    case 'derived':
      return withNotes(extra, served.fetcher(src, collection, id, opts));
  }
}

/** 2.0: an object's versions, from its manifest entry (all versions asked for). */
function versionsFromManifest(
  src: PageSource,
  collection: URL,
  id: string,
  opts: CallOptions,
): PageFetcher<string> {
  const records = fetcherFor(src, manifest, collection, '', '2.0', opts, []);
  return async (_filters, signal) => {
    const page = await records({ id: [id], version: ['all'] }, signal);
    const mine = page.items.filter((r) => r.id === id);
    if (mine.length === 0) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: `The collection has no object ${id}.`,
        hint: 'Check the id; TAXII 2.0 servers list versions in the manifest, and this one lists none for it.',
        where: page.url,
        status: 404,
      });
    }
    const { keep: _keep, next: _next, range: _range, ...rest } = page;
    return {
      ...rest,
      items: mine.flatMap((r) => (r.version ? [r.version] : [])),
      more: false,
    };
  };
}

/** A fetcher whose pages carry `extra` notes too. */
function withNotes<T>(extra: QuirkNote[], fetcher: PageFetcher<T>): PageFetcher<T> {
  if (extra.length === 0) return fetcher;
  return async (filters, signal) => {
    const page = await fetcher(filters, signal);
    for (const n of extra) addNote(page.notes, n);
    return page;
  };
}
