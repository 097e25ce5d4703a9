/**
 * Checks on one API root's collections (§5): the collections resource and its fields, a readable
 * collection's objects and manifest, paging with `next` and `more` (§3.5), the X-TAXII-Date-Added
 * headers (§3.2), sorting (§3.3), filters and their combinations (§3.4), `match[version]` values,
 * the object and versions endpoints (§5.6, §5.8), and what a denied or unknown collection answers.
 */
import { randomUUID } from 'node:crypto';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import { filtersToQuery, type TaxiiFilters } from '../../../shared/taxii/filters';
import { specVersionOf } from '../../../shared/taxii/local-filters';
import {
  compareTimestamps,
  isStrictTaxiiTimestamp,
  isTimestamp,
} from '../../../shared/taxii/timestamps';
import {
  camelKeys,
  checkMediaType,
  describe,
  objectOf,
  UUID4,
  type Answer,
  type ProbeContext,
} from './context';
import type { RootInfo } from './checks-server';

/** What later checks (the write checks, the `next` replay) need from these. */
export interface CollectionFacts {
  /** The readable collection checked, as a URL ending in `/`. */
  collectionUrl?: string;
  /** The first `next` received and the query it belongs to, for replaying it later. */
  firstNext?: { url: string; at: number };
  /** Collections listed, by id. */
  collections: { id: string; canRead: boolean; canWrite: boolean; url: string }[];
}

const ID_CLAUSE = 'TAXII 2.1 §5.2.1, §2';

function withQuery(base: string, query: string): string {
  return query ? `${base}?${query}` : base;
}

function list(a: Answer, key: string): unknown[] {
  const o = objectOf(a);
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

function ids(items: unknown[]): string[] {
  return items.map((o) => String((o as { id?: unknown }).id));
}

function typeOfId(id: string): string {
  return id.split('--')[0] ?? id;
}

/** Checks the envelope/manifest/versions shape rules common to paged answers (§3.7, §3). */
function checkPagedShape(
  ctx: ProbeContext,
  id: string,
  what: string,
  a: Answer,
  key: string,
): void {
  const o = objectOf(a) ?? {};
  const problems: string[] = [];
  if (Array.isArray(o[key]) && (o[key] as unknown[]).length === 0)
    problems.push(`"${key}": [] (an empty list must be left out)`);
  if (o[key] !== undefined && !Array.isArray(o[key])) problems.push(`"${key}" is not a list`);
  if (o.more !== undefined && typeof o.more !== 'boolean') problems.push('"more" is not a boolean');
  if ('type' in o || 'spec_version' in o)
    problems.push('it looks like a STIX bundle, not an envelope');
  ctx.judge(
    id,
    problems.length === 0,
    'MUST',
    'TAXII 2.1 §3.7, §3',
    `${what} has the ${key === 'objects' && what.includes('envelope') ? 'envelope' : 'resource'}'s shape`,
    problems.length ? problems.join('; ') : `keys: ${Object.keys(o).join(', ') || '(none: {})'}`,
    { url: a.url },
  );
}

/** Checks X-TAXII-Date-Added-First/-Last on a 2xx with items (§3.2). */
function checkDateHeaders(
  ctx: ProbeContext,
  id: string,
  a: Answer,
  dates?: { first?: string; last?: string },
): void {
  if (a.status === undefined || a.status >= 300) return;
  const h = a.res?.headers ?? {};
  const first = h['x-taxii-date-added-first'];
  const last = h['x-taxii-date-added-last'];
  const problems: string[] = [];
  if (!isTimestamp(first))
    problems.push(`First is ${first === undefined ? 'missing' : JSON.stringify(first)}`);
  if (!isTimestamp(last))
    problems.push(`Last is ${last === undefined ? 'missing' : JSON.stringify(last)}`);
  if (dates?.first && isTimestamp(first) && compareTimestamps(first, dates.first) !== 0)
    problems.push(`First ${first} is not the first item's date_added ${dates.first}`);
  if (dates?.last && isTimestamp(last) && compareTimestamps(last, dates.last) !== 0)
    problems.push(`Last ${last} is not the last item's date_added ${dates.last}`);
  ctx.judge(
    id,
    problems.length === 0,
    'MUST',
    'TAXII 2.1 §3.2',
    'X-TAXII-Date-Added-First and -Last are timestamps (the first and last item’s date_added)',
    problems.length ? problems.join('; ') : `First ${first}, Last ${last}`,
    { url: a.url },
  );
}

/** Runs the collection checks on `root`; `preferred` is a collection id the person named. */
export async function checkCollections(
  ctx: ProbeContext,
  root: RootInfo,
  preferred: string | undefined,
): Promise<CollectionFacts> {
  const facts: CollectionFacts = { collections: [] };
  const colsUrl = `${root.url}collections/`;
  const c = await ctx.fetch(colsUrl);
  if (c.status !== 200 || !objectOf(c)) {
    ctx.add(
      'collections.get',
      'fail',
      'MUST',
      'TAXII 2.1 §5.1',
      `GET ${ctx.safe(colsUrl)} answers 200`,
      describe(c),
      {
        url: c.url,
      },
    );
    ctx.skipped.push('The collection checks: the collections resource could not be read.');
    return facts;
  }
  ctx.add(
    'collections.get',
    'pass',
    'MUST',
    'TAXII 2.1 §5.1',
    `GET ${ctx.safe(colsUrl)} answers 200`,
    describe(c),
    {
      url: c.url,
    },
  );
  checkMediaType(ctx, 'collections.media-type', 'the collections resource', c);
  const rawList = list(c, 'collections');
  const camel = [...new Set(rawList.flatMap((x) => camelKeys(x as Record<string, unknown>)))];
  ctx.judge(
    'collections.keys',
    camel.length === 0,
    'MUST',
    'TAXII 2.1 §2, §5.2.1',
    'collection properties use the spec’s snake_case names',
    camel.length ? `camelCase keys: ${camel.join(', ')}` : 'snake_case',
    { finding: 'camel-case', url: c.url },
  );
  const body = snakeCaseTaxiiKeys(objectOf(c), 'collections resource', []) as Record<
    string,
    unknown
  >;
  const cols = Array.isArray(body.collections)
    ? (body.collections as Record<string, unknown>[])
    : [];
  const fieldProblems: string[] = [];
  if (Array.isArray(body.collections) && cols.length === 0)
    fieldProblems.push('"collections": [] (an empty list must be left out)');
  for (const col of cols) {
    const name = JSON.stringify(col.id);
    if (typeof col.id !== 'string' || col.id === '')
      fieldProblems.push(`a collection without an id`);
    if (typeof col.title !== 'string') fieldProblems.push(`${name}: title is not a string`);
    if (typeof col.can_read !== 'boolean') fieldProblems.push(`${name}: can_read is not a boolean`);
    if (typeof col.can_write !== 'boolean')
      fieldProblems.push(`${name}: can_write is not a boolean`);
    if (
      col.media_types !== undefined &&
      !(
        Array.isArray(col.media_types) &&
        col.media_types.length > 0 &&
        col.media_types.every((m) => typeof m === 'string')
      )
    )
      fieldProblems.push(`${name}: media_types is not a non-empty list of strings`);
  }
  ctx.judge(
    'collections.fields',
    fieldProblems.length === 0,
    'MUST',
    'TAXII 2.1 §5.2.1',
    'every collection has id, title, can_read and can_write of the right types (media_types a non-empty list when present)',
    fieldProblems.length
      ? fieldProblems.slice(0, 5).join('; ')
      : `${cols.length} collection(s), fields as specified`,
    { url: c.url },
  );
  const nonUuid = cols
    .map((x) => x.id)
    .filter((id): id is string => typeof id === 'string' && !UUID4.test(id));
  ctx.judge(
    'collections.ids',
    nonUuid.length === 0,
    'MUST',
    ID_CLAUSE,
    'collection ids are identifiers (RFC 4122 version 4 UUIDs)',
    nonUuid.length ? `not UUIDs: ${nonUuid.slice(0, 3).join(', ')}` : 'all UUIDs',
    { finding: 'non-uuid-ids', url: c.url },
  );
  for (const col of cols) {
    if (typeof col.id !== 'string') continue;
    facts.collections.push({
      id: col.id,
      canRead: col.can_read === true,
      canWrite: col.can_write === true,
      url: `${colsUrl}${encodeURIComponent(col.id)}/`,
    });
  }

  // Unknown collection: 404 with the TAXII media type (§5.2, §3.1).
  const unknown = await ctx.fetch(`${colsUrl}${randomUUID()}/`);
  ctx.judge(
    'errors.not-found',
    unknown.status === 404,
    'MUST',
    'TAXII 2.1 §5.2',
    'an unknown collection id gets 404',
    describe(unknown),
    { url: unknown.url },
  );
  if (unknown.status !== undefined && unknown.status >= 400)
    checkMediaType(ctx, 'errors.media-type', 'a 404 answer', unknown);

  // A collection this client may not read: 403 or 404 (§2.3).
  const denied = facts.collections.find((x) => !x.canRead);
  if (denied) {
    const a = await ctx.fetch(`${denied.url}objects/?limit=1`);
    ctx.add(
      'permissions.read-denied',
      a.status === 403 || a.status === 404 ? 'pass' : 'fail',
      'MUST',
      'TAXII 2.1 §2.3, §5.4',
      'GET objects of a collection with can_read false answers 403 or 404',
      `${describe(a)}${a.status === 404 ? ' (404 hides the collection: allowed)' : ''}`,
      { ...(a.status === 404 ? { finding: 'hide-forbidden' } : {}), url: a.url },
    );
  }

  const chosen =
    (preferred !== undefined
      ? facts.collections.find((x) => x.id === preferred)
      : facts.collections.find((x) => x.canRead)) ??
    (preferred !== undefined
      ? {
          id: preferred,
          canRead: true,
          canWrite: false,
          url: `${colsUrl}${encodeURIComponent(preferred)}/`,
        }
      : undefined);
  if (!chosen) {
    ctx.skipped.push('Objects, manifest, paging and filters: no readable collection is listed.');
    return facts;
  }
  facts.collectionUrl = chosen.url;
  const one = await ctx.fetch(chosen.url);
  const listed = cols.find((x) => x.id === chosen.id);
  const got = snakeCaseTaxiiKeys(objectOf(one), 'collection resource', []) as
    Record<string, unknown> | undefined;
  ctx.judge(
    'collection.get',
    one.status === 200 &&
      got?.id === chosen.id &&
      (listed === undefined || JSON.stringify(got) === JSON.stringify(listed)),
    'MUST',
    'TAXII 2.1 §5.2',
    `GET the collection ${chosen.id} answers 200 with the collection as listed`,
    describe(one),
    { url: one.url },
  );
  await checkObjects(ctx, chosen.url, facts);
  return facts;
}

async function checkObjects(ctx: ProbeContext, col: string, facts: CollectionFacts): Promise<void> {
  const objects = `${col}objects/`;
  const manifest = `${col}manifest/`;

  // GET objects (§5.4).
  const first = await ctx.fetch(withQuery(objects, 'limit=5'));
  if (first.status !== 200 || !objectOf(first)) {
    ctx.add(
      'objects.get',
      'fail',
      'MUST',
      'TAXII 2.1 §5.4',
      'GET objects answers 200 with an envelope',
      describe(first),
      {
        url: first.url,
      },
    );
    ctx.skipped.push('Paging and filters: the objects of the collection could not be read.');
    return;
  }
  ctx.add(
    'objects.get',
    'pass',
    'MUST',
    'TAXII 2.1 §5.4',
    'GET objects answers 200 with an envelope',
    describe(first),
    {
      url: first.url,
    },
  );
  checkMediaType(ctx, 'objects.media-type', 'the envelope', first);
  checkPagedShape(ctx, 'objects.envelope', 'the envelope', first, 'objects');
  const firstItems = list(first, 'objects');
  if (firstItems.length > 0) checkDateHeaders(ctx, 'objects.date-headers', first);

  // limit (§3.4): never more than asked; a large limit is capped, not refused; 0 is malformed.
  const one = await ctx.fetch(withQuery(objects, 'limit=1'));
  const oneCount = list(one, 'objects').length;
  ctx.judge(
    'filters.limit',
    one.status === 200 && oneCount <= 1,
    'MUST',
    'TAXII 2.1 §3.4',
    'limit=1 returns at most one object',
    `${describe(one)}, ${oneCount} object(s)`,
    { finding: 'ignore-limit', url: one.url },
  );
  const big = await ctx.fetch(withQuery(objects, 'limit=1000'));
  ctx.judge(
    'filters.limit-large',
    big.status === 200,
    'SHOULD',
    'TAXII 2.1 §3.4',
    'a large limit (1000) is capped to the server’s own page size, not refused',
    describe(big),
    { finding: 'limit-rejected', url: big.url },
  );
  const zero = await ctx.fetch(withQuery(objects, 'limit=0'));
  ctx.judge(
    'filters.malformed',
    zero.status === 400,
    'MUST',
    'TAXII 2.1 §3.4',
    'a malformed query parameter (limit=0) gets 400',
    describe(zero),
    { url: zero.url },
  );

  // The manifest (§5.3): records, order (§3.3), headers (§3.2), precision (§2).
  const m = await ctx.fetch(withQuery(manifest, 'limit=100&match[version]=all'));
  const records = list(m, 'objects').map(
    (r) => snakeCaseTaxiiKeys(r, 'manifest resource', []) as Record<string, unknown>,
  );
  if (m.status !== 200) {
    ctx.add(
      'manifest.get',
      'fail',
      'MUST',
      'TAXII 2.1 §5.3',
      'GET manifest answers 200',
      describe(m),
      { url: m.url },
    );
  } else {
    ctx.add(
      'manifest.get',
      'pass',
      'MUST',
      'TAXII 2.1 §5.3',
      'GET manifest answers 200',
      describe(m),
      { url: m.url },
    );
    checkMediaType(ctx, 'manifest.media-type', 'the manifest', m);
    checkPagedShape(ctx, 'manifest.shape', 'the manifest', m, 'objects');
    const rawRecords = list(m, 'objects');
    const camel = [...new Set(rawRecords.flatMap((x) => camelKeys(x as Record<string, unknown>)))];
    const bad = records.filter(
      (r) =>
        typeof r.id !== 'string' || !isTimestamp(r.date_added) || typeof r.version !== 'string',
    );
    ctx.judge(
      'manifest.records',
      bad.length === 0 && camel.length === 0,
      'MUST',
      'TAXII 2.1 §5.3.1',
      'every manifest record has id, date_added (a timestamp) and version',
      camel.length
        ? `camelCase keys: ${camel.join(', ')}`
        : bad.length
          ? `${bad.length} record(s) lacking them, e.g. ${JSON.stringify(bad[0]).slice(0, 160)}`
          : `${records.length} record(s)`,
      camel.length ? { finding: 'camel-case', url: m.url } : { url: m.url },
    );
    const dates = records.map((r) => String(r.date_added));
    const unsorted = dates.findIndex(
      (d, i) => i > 0 && compareTimestamps(d, dates[i - 1] as string) < 0,
    );
    ctx.judge(
      'manifest.order',
      unsorted < 0,
      'MUST',
      'TAXII 2.1 §3.3',
      'records come in ascending date_added',
      unsorted < 0
        ? `${dates.length} in order`
        : `${dates[unsorted]} comes after ${dates[unsorted - 1]}`,
      { url: m.url },
    );
    if (records.length > 0) {
      checkDateHeaders(ctx, 'manifest.date-headers', m, { first: dates[0], last: dates.at(-1) });
      const loose = dates.filter((d) => !isStrictTaxiiTimestamp(d));
      ctx.judge(
        'timestamps.precision',
        loose.length === 0,
        'SHOULD',
        'TAXII 2.1 §2 (timestamp)',
        'date_added has microsecond precision (six fractional digits)',
        loose.length ? `e.g. ${loose[0]}` : `e.g. ${dates[0]}`,
        { url: m.url },
      );
    }
  }

  await checkPaging(ctx, objects, facts);
  await checkFilters(ctx, objects, manifest, records, m);
}

async function checkPaging(
  ctx: ProbeContext,
  objects: string,
  facts: CollectionFacts,
): Promise<void> {
  const base = 'limit=2';
  const p1 = await ctx.fetch(withQuery(objects, base));
  const o1 = objectOf(p1) ?? {};
  const items1 = list(p1, 'objects');
  if (p1.status !== 200 || o1.more !== true) {
    ctx.skipped.push(
      'Paging with next and more: the collection has too few objects for pages of two (or the server said no more).',
    );
    return;
  }
  const next = o1.next;
  if (next === undefined) {
    ctx.add(
      'paging.next',
      'warn',
      'MAY',
      'TAXII 2.1 §3.5',
      'a page that says more: true also gives next',
      'more: true without next (clients must continue with added_after)',
      { finding: 'more-without-next', url: p1.url },
    );
    // Continuation by X-TAXII-Date-Added-Last (§3.5): strictly after, nothing repeated.
    const last = p1.res?.headers['x-taxii-date-added-last'];
    if (isTimestamp(last)) {
      const p2 = await ctx.fetch(
        withQuery(objects, `${base}&added_after=${encodeURIComponent(last)}`),
      );
      const again = ids(list(p2, 'objects')).filter((id) => ids(items1).includes(id));
      const firstOf2 = p2.res?.headers['x-taxii-date-added-first'];
      ctx.judge(
        'paging.added-after',
        p2.status === 200 &&
          again.length === 0 &&
          (!isTimestamp(firstOf2) || compareTimestamps(firstOf2, last) > 0),
        'MUST',
        'TAXII 2.1 §3.4, §3.5',
        'continuing with added_after = X-TAXII-Date-Added-Last gives the following items',
        `${describe(p2)}; ${again.length} repeated`,
        { url: p2.url },
      );
    }
    return;
  }
  const numeric = typeof next === 'number';
  ctx.judge(
    'paging.next-type',
    typeof next === 'string' && next !== '',
    'MUST',
    'TAXII 2.1 §3.7',
    'next is a non-empty string',
    `next ${JSON.stringify(next)} (${typeof next})`,
    { ...(numeric ? { finding: 'numeric-next' } : {}), url: p1.url },
  );
  if (typeof next === 'string') {
    ctx.judge(
      'paging.next-opaque',
      !/^\d{1,6}$/.test(next),
      'SHOULD',
      'TAXII 2.1 §3.5, Appendix B',
      'next is an opaque token bound to the query, not a bare page number or offset',
      `next ${JSON.stringify(next)}`,
      { finding: 'page-number-next', url: p1.url },
    );
  }
  facts.firstNext = {
    url: withQuery(objects, `${base}&next=${encodeURIComponent(String(next))}`),
    at: Date.now(),
  };
  // Follow next a few pages with the same filters: new items each time, no loop.
  const seen = new Set(ids(items1));
  let prevIds = ids(items1);
  let prevNext = String(next);
  let problem: string | undefined;
  let loop = false;
  let session = false;
  let pages = 1;
  for (; pages < 5; pages++) {
    const a = await ctx.fetch(withQuery(objects, `${base}&next=${encodeURIComponent(prevNext)}`));
    if (a.status !== 200) {
      problem = `following next ${JSON.stringify(prevNext)}: ${describe(a)}`;
      break;
    }
    const o = objectOf(a) ?? {};
    const pageIds = ids(list(a, 'objects'));
    if (pageIds.length > 0 && pageIds.join() === prevIds.join()) {
      problem = `next ${JSON.stringify(prevNext)} gave the same page again`;
      loop = true;
      break;
    }
    const repeated = pageIds.filter((id) => seen.has(id));
    if (repeated.length > 0) {
      problem = `page ${pages + 1} repeats ${repeated.length} object(s) of earlier pages`;
      loop = true;
      break;
    }
    for (const id of pageIds) seen.add(id);
    if (o.more !== true) break;
    if (o.next === undefined) break;
    // The same token again is legal while the pages move on: a server-side session (medallion).
    // A real loop shows as the same page or repeated objects on the next round.
    if (String(o.next) === prevNext) session = true;
    prevIds = pageIds;
    prevNext = String(o.next);
  }
  const checked = 'following next with the same filters gives the following pages, each new';
  if (problem === undefined && session) {
    // Following a session moved it on (or ended it): the lifetime check needs an unused one.
    const fresh = await ctx.fetch(withQuery(objects, base));
    const token = objectOf(fresh)?.next;
    if (typeof token === 'string' && token !== '') {
      facts.firstNext = {
        url: withQuery(objects, `${base}&next=${encodeURIComponent(token)}`),
        at: Date.now(),
      };
    } else delete facts.firstNext;
    // A pass worth naming: clients that take a repeated token for a loop stop too early here.
    ctx.add(
      'paging.follow',
      'pass',
      'MUST',
      'TAXII 2.1 §3.5',
      checked,
      `${pages} page(s) of new objects, all under one next token (a server-side session that moves on with each use, like medallion’s)`,
      { finding: 'session-next', url: ctx.safe(objects) },
    );
    return;
  }
  ctx.judge(
    'paging.follow',
    problem === undefined,
    'MUST',
    'TAXII 2.1 §3.5',
    checked,
    problem ?? `${pages} page(s) of new objects`,
    { ...(loop ? { finding: 'repeating-page' } : {}), url: ctx.safe(objects) },
  );
}

/** The `next` of a page that says more, as a string. */
function nextOf(a: Answer | undefined): string | undefined {
  const o = a ? objectOf(a) : undefined;
  return o?.more === true && o.next !== undefined ? String(o.next) : undefined;
}

async function checkFilters(
  ctx: ProbeContext,
  objects: string,
  manifest: string,
  records: Record<string, unknown>[],
  firstManifest: Answer | undefined,
): Promise<void> {
  if (records.length === 0) {
    ctx.skipped.push('Filters: the collection has no objects to filter.');
    return;
  }
  const get = (url: string, f: TaxiiFilters): Promise<Answer> =>
    ctx.fetch(withQuery(url, filtersToQuery({ limit: 100, ...f })));

  // match[type] and match[id] (§3.4.1).
  const sample = records[0] as Record<string, unknown>;
  const type = typeOfId(String(sample.id));
  const byType = await get(objects, { type: [type] });
  const tItems = list(byType, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.type',
    byType.status === 200 && tItems.length > 0 && tItems.every((o) => o.type === type),
    'MUST',
    'TAXII 2.1 §3.4.1',
    `match[type]=${type} returns only (and some) objects of that type`,
    `${describe(byType)}, types ${[...new Set(tItems.map((o) => String(o.type)))].join(', ') || '(none)'}`,
    { url: byType.url },
  );
  const id = String(sample.id);
  const byId = await get(objects, { id: [id] });
  const iItems = list(byId, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.id',
    byId.status === 200 && iItems.length > 0 && iItems.every((o) => o.id === id),
    'MUST',
    'TAXII 2.1 §3.4.1',
    `match[id]=${id} returns only that object`,
    `${describe(byId)}, ${iItems.length} object(s): ${[...new Set(ids(iItems))].join(', ').slice(0, 200)}`,
    { url: byId.url },
  );

  // added_after (§3.4): strictly after.
  const dated = records.filter((r) => isTimestamp(r.date_added));
  if (dated.length >= 2) {
    const pivot = String((dated[0] as Record<string, unknown>).date_added);
    const after = await get(manifest, { addedAfter: pivot });
    const aDates = (list(after, 'objects') as Record<string, unknown>[]).map((r) =>
      String(r.date_added ?? r.dateAdded),
    );
    ctx.judge(
      'filters.added-after',
      after.status === 200 &&
        aDates.length > 0 &&
        aDates.every((d) => compareTimestamps(d, pivot) > 0),
      'MUST',
      'TAXII 2.1 §3.4',
      `added_after=${pivot} returns only records added strictly later`,
      `${describe(after)}, earliest ${aDates[0] ?? '(none)'}`,
      { url: after.url },
    );
  }

  // match[spec_version] (§3.4.1).
  const spec = await get(objects, { specVersion: ['2.1'] });
  const sItems = list(spec, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.spec-version',
    spec.status === 200 && sItems.every((o) => specVersionOf(o) === '2.1'),
    'MUST',
    'TAXII 2.1 §3.4.1',
    'match[spec_version]=2.1 is accepted and returns only STIX 2.1 objects',
    `${describe(spec)}${spec.status === 200 ? `, spec versions ${[...new Set(sItems.map(specVersionOf))].join(', ') || '(none)'}` : ''}`,
    spec.status === 400 ? { finding: 'reject-spec-version', url: spec.url } : { url: spec.url },
  );

  // Fields ANDed, values ORed (§3.4.1).
  const types = [...new Set(records.map((r) => typeOfId(String(r.id))))].slice(0, 2);
  const combo = await get(objects, { type: types, version: ['all'] });
  const cItems = list(combo, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.combined',
    combo.status === 200 &&
      cItems.length > 0 &&
      cItems.every((o) => types.includes(String(o.type))),
    'MUST',
    'TAXII 2.1 §3.4.1',
    `match[type]=${types.join(',')} with match[version]=all: values ORed, fields ANDed`,
    `${describe(combo)}, types ${[...new Set(cItems.map((o) => String(o.type)))].join(', ') || '(none)'}`,
    { url: combo.url },
  );

  // match[version]: first, last, all, an exact value, and the default (last) (§3.4.1).
  const byObject = new Map<string, string[]>();
  for (const r of records) {
    const vs = byObject.get(String(r.id)) ?? [];
    if (typeof r.version === 'string') vs.push(r.version);
    byObject.set(String(r.id), vs);
  }
  // An object with several versions tests match[version] best: look a few manifest pages further.
  let more = [...byObject.values()].every((v) => v.length < 2) ? nextOf(firstManifest) : undefined;
  for (let i = 0; more !== undefined && i < 4; i++) {
    const a = await ctx.fetch(
      withQuery(manifest, `limit=100&match[version]=all&next=${encodeURIComponent(more)}`),
    );
    for (const r of list(a, 'objects') as Record<string, unknown>[]) {
      const vs = byObject.get(String(r.id)) ?? [];
      if (typeof r.version === 'string') vs.push(r.version);
      byObject.set(String(r.id), vs);
    }
    more = [...byObject.values()].some((v) => v.length >= 2) ? undefined : nextOf(a);
  }
  const [vid, versions] = [...byObject.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [
    '',
    [],
  ];
  if (vid && versions.length > 0) {
    const sorted = [...versions].sort(compareTimestamps);
    const objectUrl = `${objects}${encodeURIComponent(vid)}/`;
    const got = async (f: TaxiiFilters): Promise<{ a: Answer; v: string[] }> => {
      const a = await ctx.fetch(withQuery(objectUrl, filtersToQuery(f)));
      return {
        a,
        v: (list(a, 'objects') as Record<string, unknown>[]).map((o) =>
          String(o.modified ?? o.created ?? ''),
        ),
      };
    };
    const all = await got({ version: ['all'] });
    const firstV = await got({ version: ['first'] });
    const lastV = await got({ version: ['last'] });
    const plain = await got({});
    const exact = await got({ version: [sorted[0] as string] });
    const same = (x: string[], y: string[]): boolean =>
      x.length === y.length &&
      [...x].sort(compareTimestamps).every((v, i) => compareTimestamps(v, y[i] as string) === 0);
    const problems: string[] = [];
    if (!same(all.v, sorted))
      problems.push(`all gave ${all.v.length} of ${sorted.length} versions`);
    if (!same(firstV.v, [sorted[0] as string]))
      problems.push(`first gave ${JSON.stringify(firstV.v)}`);
    if (!same(lastV.v, [sorted.at(-1) as string]))
      problems.push(`last gave ${JSON.stringify(lastV.v)}`);
    if (!same(plain.v, [sorted.at(-1) as string]))
      problems.push(`no match[version] gave ${JSON.stringify(plain.v)} (default is last)`);
    if (!same(exact.v, [sorted[0] as string]))
      problems.push(`${sorted[0]} gave ${JSON.stringify(exact.v)}`);
    ctx.judge(
      'filters.version',
      problems.length === 0,
      'MUST',
      'TAXII 2.1 §3.4.1, §5.6',
      `match[version] first, last, all, an exact value, and the default (last) on ${vid} (${sorted.length} version(s))`,
      problems.length ? problems.join('; ') : 'as specified',
      { url: ctx.safe(objectUrl) },
    );
    ctx.judge(
      'object.get',
      all.a.status === 200 && ids(list(all.a, 'objects')).every((x) => x === vid),
      'MUST',
      'TAXII 2.1 §5.6',
      'GET an object by id returns an envelope of that object only',
      describe(all.a),
      { url: all.a.url },
    );
    checkMediaType(ctx, 'object.media-type', 'an object’s envelope', all.a);
    if (all.v.length > 0) checkDateHeaders(ctx, 'object.date-headers', all.a);

    // The versions endpoint (§5.8).
    const vUrl = `${objectUrl}versions/`;
    const va = await ctx.fetch(vUrl);
    const listed = list(va, 'versions').map(String);
    ctx.judge(
      'versions.get',
      va.status === 200 && same(listed, sorted),
      'MUST',
      'TAXII 2.1 §5.8',
      'GET …/versions/ lists every version of the object',
      `${describe(va)}, ${listed.length} of ${sorted.length} version(s)`,
      { url: va.url },
    );
    if (va.status === 200) {
      checkMediaType(ctx, 'versions.media-type', 'the versions resource', va);
      if (listed.length > 0) checkDateHeaders(ctx, 'versions.date-headers', va);
    }
  }
  const missing = await ctx.fetch(`${objects}${encodeURIComponent(`indicator--${randomUUID()}`)}/`);
  ctx.judge(
    'object.not-found',
    missing.status === 404,
    'MUST',
    'TAXII 2.1 §5.6',
    'an unknown object id gets 404',
    describe(missing),
    { url: missing.url },
  );
}
