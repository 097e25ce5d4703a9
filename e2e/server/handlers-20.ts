/**
 * TAXII 2.0 endpoints (2.0 §3–§5, digest §2.4): vnd.oasis media types, STIX bundles, `Range:
 * items=a-b` (or the spec example's `items a-b`) answered with 206 + Content-Range or 416, the
 * 2.0 manifest-entry and status shapes.
 */
import { randomUUID } from 'node:crypto';
import { ENDPOINT_PARAMS, parseFilters, QueryError, selectVersions, type Filters } from './filters';
import { ROOTS, type RootLayout } from './layout';
import { matchesFamily, STIX20, TAXII20 } from './media-types';
import { parseEnvelope } from './handlers-21';
import { errorReply, type Reply } from './reply';
import type { Ctx } from './routes';
import type { CollectionEntry, StatusRecord } from './state';
import { indexAfter, type StoredVersion } from './store';

const err = (
  status: number,
  title: string,
  description: string,
  headers?: Record<string, string>,
): Reply => errorReply(status, title, description, TAXII20, headers);

/** The 2.0 discovery resource: roots as absolute URLs (2.0 clients do not resolve relative ones). */
export function discovery20(ctx: Ctx): Reply {
  const roots = Object.values(ROOTS)
    .filter((r) => r.taxiiVersion === '2.0')
    .map((r) => `${ctx.origin}${r.path}`);
  return {
    status: 200,
    contentType: TAXII20,
    resource: true,
    json: {
      title: 'Taxiway demo TAXII 2.0 server',
      description: 'The seeded feed over TAXII 2.0.',
      default: roots[0],
      api_roots: roots,
    },
  };
}

/** A 2.0 API root resource: versions ["taxii-2.0"]. */
export function apiRoot20(ctx: Ctx): Reply {
  const root = ctx.route.root as RootLayout;
  return {
    status: 200,
    contentType: TAXII20,
    resource: true,
    json: {
      title: root.title,
      description: root.description,
      versions: ['taxii-2.0'],
      max_content_length: root.maxContentLength,
    },
  };
}

/** The 2.0 status shape: successes and pendings are id strings, failures `{id, message}`. */
export function statusJson20(s: StatusRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.total,
    success_count: s.successes.length,
    failure_count: s.failures.length,
    pending_count: s.pendings.length,
  };
  if (s.successes.length) out.successes = s.successes.map((d) => d.id);
  if (s.failures.length)
    out.failures = s.failures.map((d) =>
      d.message ? { id: d.id, message: d.message } : { id: d.id },
    );
  if (s.pendings.length) out.pendings = s.pendings.map((d) => d.id);
  return out;
}

/** GET a 2.0 status. */
export function status20(ctx: Ctx): Reply {
  const s = ctx.state.poll(ctx.route.statusId as string);
  if (!s || s.root !== (ctx.route.root as RootLayout).name)
    return err(404, 'Status not found', `No status ${ctx.route.statusId}.`);
  return { status: 200, contentType: TAXII20, resource: true, json: statusJson20(s) };
}

function collectionJson(c: CollectionEntry): Record<string, unknown> {
  return {
    id: c.layout.id,
    title: c.layout.title,
    description: c.layout.description,
    can_read: c.layout.canRead,
    can_write: c.layout.canWrite,
    media_types: ['application/vnd.oasis.stix+json; version=2.0'],
  };
}

interface RangeReq {
  start: number;
  end: number;
}

/** Parses `items=a-b` or `items a-b`; undefined for no or unparseable Range (RFC 7233: ignore). */
export function parseItemsRange(header: string | undefined): RangeReq | undefined {
  if (!header) return undefined;
  const m = /^\s*items\s*[= ]\s*(\d+)\s*-\s*(\d+)\s*$/i.exec(header);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start) return undefined;
  return { start, end };
}

interface RangeCut {
  start: number;
  end: number;
  status: 200 | 206;
  emptyRange?: boolean;
}

/** Cuts a Range page of `total` items: 200 (all), 206 (a part) or 416. */
function rangeOf(ctx: Ctx, total: number): RangeCut | Reply {
  const range = parseItemsRange(ctx.headers.range as string | undefined);
  const cap = ctx.pageSize + (ctx.oversized !== undefined ? ctx.oversized || ctx.pageSize : 0);
  if (!range) {
    if (total <= cap) return { start: 0, end: total - 1, status: 200 };
    return { start: 0, end: cap - 1, status: 206 }; // 2.0 §3.4: a server MAY answer 206 unasked
  }
  if (range.start >= total) {
    // An empty result asked for from item 0 is not an error: 200 with the empty set. Content-Range
    // `items */0` has no meaning on a 200 (RFC 7233 §4.2) but tells range-driven clients the total
    // is 0; without it the reference client (taxii2client v20 as_pages) assumes "unknown total" and loops.
    if (total === 0 && range.start === 0)
      return { start: 0, end: -1, status: 200, emptyRange: true };
    return err(
      416,
      'Requested Range Not Satisfiable',
      `Range starts at item ${range.start} but there are ${total}.`,
      {
        'Content-Range': `items */${total}`,
      },
    );
  }
  const end = Math.min(range.end, total - 1, range.start + cap - 1);
  return { start: range.start, end, status: 206 };
}

function withRange(r: RangeCut, total: number): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Ranges': 'items' };
  if (r.status === 206) h['Content-Range'] = `items ${r.start}-${r.end}/${total}`;
  if (r.emptyRange) h['Content-Range'] = 'items */0';
  return h;
}

function dateHeaders(items: readonly { dateAdded: string }[]): Record<string, string> {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return {};
  return { 'X-TAXII-Date-Added-First': first.dateAdded, 'X-TAXII-Date-Added-Last': last.dateAdded };
}

/** The 2.0 collections list (Range-pageable, though small). */
export function collections20(ctx: Ctx): Reply {
  const list = ctx.state.collectionsOf(ctx.route.root as RootLayout).map(collectionJson);
  const r = rangeOf(ctx, list.length);
  if ('contentType' in r) return r;
  const part = list.slice(r.start, r.end + 1);
  return {
    status: r.status,
    contentType: TAXII20,
    resource: true,
    headers: withRange(r, list.length),
    json: part.length ? { collections: part } : {},
  };
}

function findCollection(ctx: Ctx): CollectionEntry | Reply {
  const c = ctx.state.findCollection(
    ctx.route.root as RootLayout,
    ctx.route.collectionId as string,
  );
  return (
    c ??
    err(404, 'Collection not found', `No collection ${ctx.route.collectionId} on this API root.`)
  );
}

/** One 2.0 collection. */
export function collection20(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  return { status: 200, contentType: TAXII20, resource: true, json: collectionJson(c) };
}

function readable(
  ctx: Ctx,
  params: Parameters<typeof parseFilters>[1],
): { c: CollectionEntry; filters: Filters } | Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  if (!c.layout.canRead)
    return err(403, 'Read access denied', `Collection ${c.layout.id} is not readable.`);
  try {
    // 2.0 has no match[spec_version]: every representation is served, newest version by default.
    const filters = parseFilters(ctx.query, params);
    return { c, filters: { ...filters, specVersions: ['2.0', '2.1'] } };
  } catch (e) {
    if (e instanceof QueryError) return err(400, 'Bad query parameter', e.message);
    throw e;
  }
}

function bundle(items: readonly StoredVersion[]): string {
  const head = `{"type":"bundle","id":"bundle--${randomUUID()}","spec_version":"2.0"`;
  return items.length ? `${head},"objects":[${items.map((v) => v.json).join(',')}]}` : `${head}}`;
}

function view(c: CollectionEntry, filters: Filters): StoredVersion[] {
  const all = c.store.select(filters);
  // The list is in date_added order: what is after `added_after` is one tail of it.
  return all.slice(filters.addedAfter ? indexAfter(all, filters.addedAfter.micros) : 0);
}

/** GET 2.0 objects: a bundle, Range-paged. */
export function objects20(ctx: Ctx): Reply {
  const r0 = readable(ctx, ENDPOINT_PARAMS.objects20);
  if ('status' in r0) return r0;
  const items = view(r0.c, r0.filters);
  const r = rangeOf(ctx, items.length);
  if ('contentType' in r) return r;
  const part = items.slice(r.start, r.end + 1);
  return {
    status: r.status,
    contentType: STIX20,
    headers: { ...withRange(r, items.length), ...dateHeaders(part) },
    raw: bundle(part),
  };
}

/** GET 2.0 manifest: one entry per object with its selected versions (newest first). */
export function manifest20(ctx: Ctx): Reply {
  const r0 = readable(ctx, ENDPOINT_PARAMS.manifest20);
  if ('status' in r0) return r0;
  const items = view(r0.c, r0.filters);
  const byId = new Map<string, StoredVersion[]>();
  for (const v of items) {
    const list = byId.get(v.id);
    if (list) list.push(v);
    else byId.set(v.id, [v]);
  }
  const entries = [...byId.values()];
  const r = rangeOf(ctx, entries.length);
  if ('contentType' in r) return r;
  const part = entries.slice(r.start, r.end + 1).map((versions) => {
    const newest = versions[versions.length - 1] as StoredVersion;
    return {
      id: newest.id,
      date_added: newest.dateAdded,
      versions: [...versions]
        .sort((a, b) => (a.versionKey < b.versionKey ? 1 : -1))
        .map((v) => v.version),
      media_types: ['application/vnd.oasis.stix+json; version=2.0'],
    };
  });
  return {
    status: r.status,
    contentType: TAXII20,
    headers: {
      ...withRange(r, entries.length),
      ...dateHeaders(part.map((p) => ({ dateAdded: p.date_added }))),
    },
    json: part.length ? { objects: part } : {},
  };
}

/** GET one 2.0 object: a bundle of the selected versions. */
export function object20(ctx: Ctx): Reply {
  const r0 = readable(ctx, ENDPOINT_PARAMS.object20);
  if ('status' in r0) return r0;
  const versions = r0.c.store.versionsOf(ctx.route.objectId as string);
  if (!versions) return err(404, 'Object not found', `No object ${ctx.route.objectId}.`);
  const items = selectVersions(versions, r0.filters);
  return { status: 200, contentType: STIX20, headers: dateHeaders(items), raw: bundle(items) };
}

/** POST a 2.0 bundle: Content-Type must be the STIX 2.0 type; answers 202 + 2.0 status. */
export function addObjects20(ctx: Ctx): Reply {
  const c = findCollection(ctx);
  if ('status' in c) return c;
  if (!c.layout.canWrite)
    return err(403, 'Write access denied', `Collection ${c.layout.id} is not writable.`);
  if (!matchesFamily(ctx.headers['content-type'], ['stix20'])) {
    return err(
      415,
      'Unsupported Media Type',
      `POST bodies must be a STIX bundle sent as ${STIX20}.`,
    );
  }
  const parsed = parseEnvelope(ctx.body as Buffer);
  if (typeof parsed === 'string')
    return err(422, 'Unprocessable bundle', parsed.replace('TAXII envelope', 'STIX bundle'));
  // TAXII 2.0 §5.4: the body is a STIX bundle, not an envelope with an "objects" list.
  const head = JSON.parse((ctx.body as Buffer).toString('utf8')) as {
    type?: unknown;
    id?: unknown;
  };
  if (
    head.type !== 'bundle' ||
    typeof head.id !== 'string' ||
    !/^bundle--[0-9a-f-]{36}$/.test(head.id)
  )
    return err(
      422,
      'Unprocessable bundle',
      'The body must be a STIX bundle: "type": "bundle" and a bundle-- id.',
    );
  const status = ctx.state.submit(ctx.route.root as RootLayout, c, parsed);
  return { status: 202, contentType: TAXII20, resource: true, json: statusJson20(status) };
}
