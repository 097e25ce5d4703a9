/**
 * TAXII 2.1 endpoints (§4, §5): discovery, API root, status, collections, manifest, objects
 * (GET and POST), object, DELETE and versions. Auth and faults run before these; each handler
 * checks negotiation, permissions and filters, then answers with a Reply.
 */
import { ENDPOINT_PARAMS, parseFilters, QueryError, selectVersions, type Filters } from './filters';
import { ROOTS, type RootLayout } from './layout';
import { matchesFamily, STIX20_VALUE, STIX21, TAXII21 } from './media-types';
import { bindingOf, cutPage, decodeCursor, encodeCursor, indexOf, type Page } from './paging';
import { errorReply, type Reply } from './reply';
import type { Ctx } from './routes';
import { NON_UUID_PREFIX, type CollectionEntry, type StatusRecord } from './state';
import type { StoredVersion, VersionList } from './store';
import { endSession, nextTokenFor, readNextToken } from './quirk-paging';

/** The 2.1 discovery resource, with roots advertised as the layout says (or as a quirk bends it). */
export function discovery21(ctx: Ctx): Reply {
  const roots = Object.values(ROOTS).filter((r) => r.taxiiVersion === '2.1');
  const prefix = ctx.quirks.has('nested-roots') ? '/taxii2' : '';
  const advertise = (r: RootLayout): string => {
    if (ctx.quirks.has('nested-roots')) return `${ctx.origin}${prefix}${r.path}`;
    if (ctx.quirks.has('cross-origin-root') && r.name === 'secure')
      return `${ctx.otherOrigin}${r.path}`;
    if (r.advertise === 'absolute') return `${ctx.origin}${r.path}`;
    if (ctx.quirks.has('relative-roots-no-slash')) return r.path.slice(1);
    return r.path;
  };
  const apiRoots = roots.map(advertise);
  return {
    status: 200,
    contentType: TAXII21,
    resource: true,
    json: {
      title: 'Taxiway demo TAXII server',
      description:
        "The Taxiway project's TAXII 2.1 server for tests and demos. All data here is fictional or public.",
      contact: 'The Taxiway project (a local demo server: no operator to contact)',
      default: apiRoots[0],
      api_roots: apiRoots,
    },
  };
}

/** An API root resource (§4.2). */
export function apiRoot21(ctx: Ctx): Reply {
  const root = ctx.route.root as RootLayout;
  return {
    status: 200,
    contentType: TAXII21,
    resource: true,
    json: {
      title: root.title,
      description: root.description,
      versions: [ctx.quirks.has('versions-bare') ? '2.1' : TAXII21],
      max_content_length: root.maxContentLength,
    },
  };
}

/** A status resource (§4.3); 404 when unknown to this root. */
export function status21(ctx: Ctx): Reply {
  const status = ctx.state.poll(ctx.route.statusId as string);
  if (!status || status.root !== (ctx.route.root as RootLayout).name) {
    return errorReply(
      404,
      'Status not found',
      `No status ${ctx.route.statusId} on this API root; statuses are kept while the server runs.`,
    );
  }
  return { status: 200, contentType: TAXII21, resource: true, json: statusJson21(status) };
}

/** The 2.1 status resource shape: counts plus status-details lists, empty lists omitted. */
export function statusJson21(s: StatusRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.total,
    success_count: s.successes.length,
    failure_count: s.failures.length,
    pending_count: s.pendings.length,
  };
  if (s.successes.length) out.successes = s.successes;
  if (s.failures.length) out.failures = s.failures;
  if (s.pendings.length) out.pendings = s.pendings;
  return out;
}

/** The id a collection is listed under (the non-uuid-ids quirk lists MITRE-style ids). */
export function listedId(ctx: Ctx, c: CollectionEntry): string {
  return ctx.quirks.has('non-uuid-ids') ? `${NON_UUID_PREFIX}${c.layout.key}` : c.layout.id;
}

function collectionJson(ctx: Ctx, c: CollectionEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: listedId(ctx, c),
    title: c.layout.title,
    description: c.layout.description,
  };
  if (c.layout.alias) out.alias = c.layout.alias;
  out.can_read = c.layout.canRead;
  out.can_write = c.layout.canWrite;
  out.media_types = [STIX21, STIX20_VALUE];
  return out;
}

/** The collections resource (§5.1): `{}` when there are none. */
export function collections21(ctx: Ctx): Reply {
  const list = ctx.state
    .collectionsOf(ctx.route.root as RootLayout)
    .map((c) => collectionJson(ctx, c));
  return {
    status: 200,
    contentType: TAXII21,
    resource: true,
    json: list.length ? { collections: list } : {},
  };
}

function findCollection(ctx: Ctx): CollectionEntry | Reply {
  const c = ctx.state.findCollection(
    ctx.route.root as RootLayout,
    ctx.route.collectionId as string,
  );
  if (!c) {
    return errorReply(
      404,
      'Collection not found',
      `No collection ${ctx.route.collectionId} on this API root.`,
    );
  }
  return c;
}

/** One collection (§5.2). */
export function collection21(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  return { status: 200, contentType: TAXII21, resource: true, json: collectionJson(ctx, c) };
}

function readDenied(c: CollectionEntry): Reply | undefined {
  if (c.layout.canRead) return undefined;
  return errorReply(
    403,
    'Read access denied',
    `Collection ${c.layout.id} is not readable (can_read is false).`,
  );
}

function parse(ctx: Ctx, allowed: Parameters<typeof parseFilters>[1]): Filters | Reply {
  try {
    if (ctx.quirks.has('reject-spec-version') && ctx.query.has('match[spec_version]')) {
      throw new QueryError(
        'match[spec_version] is not supported by this server',
        'match[spec_version]',
      );
    }
    const filters = parseFilters(ctx.query, allowed);
    const max = ctx.quirkOptions.maxLimit ?? 50;
    if (ctx.quirks.has('limit-rejected') && filters.limit !== undefined && filters.limit > max) {
      throw new QueryError(
        `limit ${filters.limit} is above this server's maximum of ${max}`,
        'limit',
      );
    }
    return filters;
  } catch (e) {
    if (e instanceof QueryError) return errorReply(400, 'Bad query parameter', e.message);
    throw e;
  }
}

/**
 * Pages through a date-ordered view: resolves `next` (bound to scope and filters) and
 * `added_after`, caps `limit`, and returns the page and the next token.
 */
function paginate(
  ctx: Ctx,
  scope: string,
  filters: Filters,
  view: VersionList,
): { page: Page; next?: string | number } | Reply {
  let limit = Math.min(filters.limit ?? ctx.pageSize, ctx.pageSize);
  if (ctx.quirks.has('ignore-limit')) limit = ctx.pageSize;
  if (ctx.oversized !== undefined) limit += ctx.oversized || limit;
  const binding = bindingOf(scope, filters);
  let start = indexOf(view, { micros: filters.addedAfter?.micros ?? -1 });
  if (filters.next !== undefined) {
    try {
      const custom = readNextToken(ctx, filters.next, binding, view);
      start = Math.max(start, custom ?? indexOf(view, decodeCursor(filters.next, binding)));
    } catch (e) {
      if (e instanceof QueryError) return errorReply(400, "'next' not valid", e.message);
      throw e;
    }
  }
  const page = cutPage(view, start, limit);
  if (!page.more || page.end === undefined) {
    endSession(ctx, filters.next);
    return { page };
  }
  const next = nextTokenFor(ctx, page, binding, view, (pos) => encodeCursor(pos, binding));
  return { page, next: ctx.quirks.has('more-without-next') ? undefined : next };
}

function dateHeaders(items: readonly StoredVersion[]): Record<string, string> {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return {};
  return { 'X-TAXII-Date-Added-First': first.dateAdded, 'X-TAXII-Date-Added-Last': last.dateAdded };
}

function envelope(
  items: readonly StoredVersion[],
  more: boolean,
  next: string | number | undefined,
): string {
  if (items.length === 0)
    return more
      ? `{"more":true${next !== undefined ? `,"next":${JSON.stringify(next)}` : ''}}`
      : '{}';
  const head = `{"more":${more}${more && next !== undefined ? `,"next":${JSON.stringify(next)}` : ''},"objects":[`;
  return `${head}${items.map((v) => v.json).join(',')}]}`;
}

function collectionView(c: CollectionEntry, filters: Filters): VersionList {
  return c.store.select(filters);
}

/** GET objects (§5.4) and GET manifest (§5.3). */
export function objectsOrManifest21(ctx: Ctx, kind: 'objects' | 'manifest'): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  const denied = readDenied(c);
  if (denied) return denied;
  const filters = parse(ctx, ENDPOINT_PARAMS[kind]);
  if ('status' in filters) return filters;
  const view = collectionView(c, filters);
  const result = paginate(ctx, `${c.layout.id}/${kind}`, filters, view);
  if ('status' in result) return result;
  const { page, next } = result;
  const headers = dateHeaders(page.items);
  if (kind === 'objects')
    return {
      status: 200,
      contentType: TAXII21,
      headers,
      raw: envelope(page.items, page.more, next),
    };
  const json: Record<string, unknown> = {};
  if (page.items.length || page.more) json.more = page.more;
  if (page.more && next !== undefined) json.next = next;
  if (page.items.length) {
    json.objects = page.items.map((v) => ({
      id: v.id,
      date_added: v.dateAdded,
      version: v.version,
      media_type: v.specVersion === '2.0' ? STIX20_VALUE : STIX21,
    }));
  }
  return { status: 200, contentType: TAXII21, headers, json };
}

/** GET an object (§5.6): every selected version of one id, paged. 404 when the id is unknown. */
export function object21(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  const denied = readDenied(c);
  if (denied) return denied;
  const filters = parse(ctx, ENDPOINT_PARAMS.object);
  if ('status' in filters) return filters;
  const versions = c.store.versionsOf(ctx.route.objectId as string);
  if (!versions)
    return errorReply(
      404,
      'Object not found',
      `No object ${ctx.route.objectId} in collection ${c.layout.id}.`,
    );
  const view = selectVersions(versions, filters);
  const result = paginate(ctx, `${c.layout.id}/object/${ctx.route.objectId}`, filters, view);
  if ('status' in result) return result;
  return {
    status: 200,
    contentType: TAXII21,
    headers: dateHeaders(result.page.items),
    raw: envelope(result.page.items, result.page.more, result.next),
  };
}

/** GET versions (§5.8): the versions of one object, ascending by date_added, paged. */
export function versions21(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  const denied = readDenied(c);
  if (denied) return denied;
  const filters = parse(ctx, ENDPOINT_PARAMS.versions);
  if ('status' in filters) return filters;
  const versions = c.store.versionsOf(ctx.route.objectId as string);
  if (!versions)
    return errorReply(
      404,
      'Object not found',
      `No object ${ctx.route.objectId} in collection ${c.layout.id}.`,
    );
  const view = selectVersions(versions, { ...filters, version: { all: true } });
  const result = paginate(ctx, `${c.layout.id}/versions/${ctx.route.objectId}`, filters, view);
  if ('status' in result) return result;
  const { page, next } = result;
  const json: Record<string, unknown> = {};
  if (page.items.length || page.more) json.more = page.more;
  if (page.more && next !== undefined) json.next = next;
  if (page.items.length) json.versions = page.items.map((v) => v.version);
  return { status: 200, contentType: TAXII21, headers: dateHeaders(page.items), json };
}

/** DELETE an object (§5.7) with the permission table of §2.3 and match[version] (default last). */
export function delete21(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  const { canRead, canWrite } = c.layout;
  if (!canRead && !canWrite)
    return errorReply(
      404,
      'Collection not found',
      `No collection ${ctx.route.collectionId} you may delete from.`,
    );
  if (!canRead || !canWrite) {
    return errorReply(
      403,
      'Delete denied',
      'Deleting needs both read and write access to the collection.',
    );
  }
  const filters = parse(ctx, ENDPOINT_PARAMS.delete);
  if ('status' in filters) return filters;
  const versions = c.store.versionsOf(ctx.route.objectId as string);
  if (!versions)
    return errorReply(
      404,
      'Object not found',
      `No object ${ctx.route.objectId} in collection ${c.layout.id}.`,
    );
  const doomed = selectVersions(versions, filters);
  if (doomed.length === 0) {
    return errorReply(
      404,
      'No matching version',
      `Object ${ctx.route.objectId} has no version matching the filters.`,
    );
  }
  c.store.remove(doomed);
  ctx.state.onChange();
  return { status: 200, contentType: TAXII21 };
}

/** POST objects (§5.5): checks size and shape, answers 202 with a pending status. */
export function addObjects21(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  if (!c.layout.canWrite) {
    return errorReply(
      403,
      'Write access denied',
      `Collection ${c.layout.id} is not writable (can_write is false).`,
    );
  }
  if (!matchesFamily(ctx.headers['content-type'], ['taxii21'])) {
    return errorReply(
      415,
      'Unsupported Media Type',
      `POST bodies must be a TAXII envelope sent as ${TAXII21}; got Content-Type ${JSON.stringify(ctx.headers['content-type'] ?? '')}.`,
    );
  }
  const parsed = parseEnvelope(ctx.body as Buffer);
  if (typeof parsed === 'string') return errorReply(422, 'Unprocessable envelope', parsed);
  const status = ctx.state.submit(ctx.route.root as RootLayout, c, parsed);
  return {
    status: ctx.quirks.has('post-200') ? 200 : 202,
    contentType: TAXII21,
    resource: true,
    json: statusJson21(status),
  };
}

/** The objects of a POSTed envelope, or why it cannot be processed. */
export function parseEnvelope(body: Buffer): unknown[] | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return `The body is not valid JSON: ${(e as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'The body must be a TAXII envelope: a JSON object with an "objects" list.';
  }
  const objects = (value as Record<string, unknown>).objects;
  if (!Array.isArray(objects)) return 'The envelope has no "objects" list.';
  if (objects.length === 0)
    return 'The envelope\'s "objects" list is empty (empty lists are not allowed in TAXII).';
  return objects;
}
