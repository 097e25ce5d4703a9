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
  ids,
  list,
  objectOf,
  UUID4,
  withQuery,
  type Answer,
  type ProbeContext,
} from './context';
import type { CheckId } from './check-catalogue';
import { checkPaging, nextOf } from './checks-paging';
import type { RootInfo } from './checks-server';

/** What later checks (the write checks, the `next` replay) need from these. */
export interface CollectionFacts {
  /** The readable collection checked, as a URL ending in `/`. */
  collectionUrl?: string;
  /** The first `next` received and the query it belongs to, for replaying it later. */
  firstNext?: { url: string; at: number };
  /** The same first page asked again came with another `next`: tokens are sessions per page. */
  freshNext?: boolean;
  /** Collections listed, by id. */
  collections: { id: string; canRead: boolean; canWrite: boolean; url: string }[];
}

function typeOfId(id: string): string {
  return id.split('--')[0] ?? id;
}

/** Checks the envelope/manifest/versions shape rules common to paged answers (§3.7, §3). */
function checkPagedShape(
  ctx: ProbeContext,
  id: 'objects.envelope' | 'manifest.shape',
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
    problems.length ? problems.join('; ') : `keys: ${Object.keys(o).join(', ') || '(none: {})'}`,
    { url: a.url },
  );
}

/** Checks X-TAXII-Date-Added-First/-Last on a 2xx with items (§3.2). */
function checkDateHeaders(
  ctx: ProbeContext,
  id: Extract<CheckId, `${string}.date-headers`>,
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
  // A header that is there but no timestamp (a JavaScript date string, "undefined") is a known
  // quirk; a missing one is only a broken MUST.
  const malformed = [first, last].some((v) => v !== undefined && !isTimestamp(v));
  ctx.judge(
    id,
    problems.length === 0,
    problems.length ? problems.join('; ') : `First ${first}, Last ${last}`,
    { ...(malformed ? { finding: 'bad-date-headers' } : {}), url: a.url },
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
    ctx.line('collections.get', 'fail', describe(c), {
      url: c.url,
      about: ctx.safe(colsUrl),
    });
    ctx.skipped.push('The collection checks: the collections resource could not be read.');
    return facts;
  }
  ctx.line('collections.get', 'pass', describe(c), {
    url: c.url,
    about: ctx.safe(colsUrl),
  });
  checkMediaType(ctx, 'collections.media-type', c);
  const rawList = list(c, 'collections');
  const camel = [...new Set(rawList.flatMap((x) => camelKeys(x as Record<string, unknown>)))];
  ctx.judge(
    'collections.keys',
    camel.length === 0,
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
  ctx.judge('errors.not-found', unknown.status === 404, describe(unknown), { url: unknown.url });
  if (unknown.status !== undefined && unknown.status >= 400)
    checkMediaType(ctx, 'errors.media-type', unknown);

  // A collection this client may not read: 403 or 404 (§2.3).
  const denied = facts.collections.find((x) => !x.canRead);
  if (denied) {
    const a = await ctx.fetch(`${denied.url}objects/?limit=1`);
    ctx.line(
      'permissions.read-denied',
      a.status === 403 || a.status === 404 ? 'pass' : 'fail',
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
    describe(one),
    { url: one.url, about: chosen.id },
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
    ctx.line('objects.get', 'fail', describe(first), {
      url: first.url,
    });
    ctx.skipped.push('Paging and filters: the objects of the collection could not be read.');
    return;
  }
  ctx.line('objects.get', 'pass', describe(first), {
    url: first.url,
  });
  checkMediaType(ctx, 'objects.media-type', first);
  checkPagedShape(ctx, 'objects.envelope', first, 'objects');
  const firstItems = list(first, 'objects');
  if (firstItems.length > 0) checkDateHeaders(ctx, 'objects.date-headers', first);

  // limit (§3.4): never more than asked; a large limit is capped, not refused; 0 is malformed.
  const one = await ctx.fetch(withQuery(objects, 'limit=1'));
  const oneCount = list(one, 'objects').length;
  ctx.judge(
    'filters.limit',
    one.status === 200 && oneCount <= 1,
    `${describe(one)}, ${oneCount} object(s)`,
    { finding: 'ignore-limit', url: one.url },
  );
  const big = await ctx.fetch(withQuery(objects, 'limit=1000'));
  ctx.judge('filters.limit-large', big.status === 200, describe(big), {
    finding: 'limit-rejected',
    url: big.url,
  });
  const zero = await ctx.fetch(withQuery(objects, 'limit=0'));
  ctx.judge('filters.malformed', zero.status === 400, describe(zero), { url: zero.url });

  // The manifest (§5.3): records, order (§3.3), headers (§3.2), precision (§2).
  const m = await ctx.fetch(withQuery(manifest, 'limit=100&match[version]=all'));
  const records = list(m, 'objects').map(
    (r) => snakeCaseTaxiiKeys(r, 'manifest resource', []) as Record<string, unknown>,
  );
  if (m.status !== 200) {
    ctx.line('manifest.get', 'fail', describe(m), { url: m.url });
  } else {
    ctx.line('manifest.get', 'pass', describe(m), { url: m.url });
    checkMediaType(ctx, 'manifest.media-type', m);
    checkPagedShape(ctx, 'manifest.shape', m, 'objects');
    const rawRecords = list(m, 'objects');
    const camel = [...new Set(rawRecords.flatMap((x) => camelKeys(x as Record<string, unknown>)))];
    const bad = records.filter(
      (r) =>
        typeof r.id !== 'string' || !isTimestamp(r.date_added) || typeof r.version !== 'string',
    );
    ctx.judge(
      'manifest.records',
      bad.length === 0 && camel.length === 0,
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
        loose.length ? `e.g. ${loose[0]}` : `e.g. ${dates[0]}`,
        { url: m.url },
      );
    }
  }

  await checkPaging(ctx, objects, facts);
  await checkFilters(ctx, objects, manifest, records, m);
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
    `${describe(byType)}, types ${[...new Set(tItems.map((o) => String(o.type)))].join(', ') || '(none)'}`,
    { url: byType.url, about: type },
  );
  const id = String(sample.id);
  const byId = await get(objects, { id: [id] });
  const iItems = list(byId, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.id',
    byId.status === 200 && iItems.length > 0 && iItems.every((o) => o.id === id),
    `${describe(byId)}, ${iItems.length} object(s): ${[...new Set(ids(iItems))].join(', ').slice(0, 200)}`,
    { url: byId.url, about: id },
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
      `${describe(after)}, earliest ${aDates[0] ?? '(none)'}`,
      { url: after.url, about: pivot },
    );
  }

  // match[spec_version] (§3.4.1).
  const spec = await get(objects, { specVersion: ['2.1'] });
  const sItems = list(spec, 'objects') as Record<string, unknown>[];
  ctx.judge(
    'filters.spec-version',
    spec.status === 200 && sItems.every((o) => specVersionOf(o) === '2.1'),
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
    `${describe(combo)}, types ${[...new Set(cItems.map((o) => String(o.type)))].join(', ') || '(none)'}`,
    { url: combo.url, about: types.join(',') },
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
      problems.length ? problems.join('; ') : 'as specified',
      { url: ctx.safe(objectUrl), about: `${vid} (${sorted.length} version(s))` },
    );
    ctx.judge(
      'object.get',
      all.a.status === 200 && ids(list(all.a, 'objects')).every((x) => x === vid),
      describe(all.a),
      { url: all.a.url },
    );
    checkMediaType(ctx, 'object.media-type', all.a);
    if (all.v.length > 0) checkDateHeaders(ctx, 'object.date-headers', all.a);

    // The versions endpoint (§5.8).
    const vUrl = `${objectUrl}versions/`;
    const va = await ctx.fetch(vUrl);
    const listed = list(va, 'versions').map(String);
    ctx.judge(
      'versions.get',
      va.status === 200 && same(listed, sorted),
      `${describe(va)}, ${listed.length} of ${sorted.length} version(s)`,
      { url: va.url },
    );
    if (va.status === 200) {
      checkMediaType(ctx, 'versions.media-type', va);
      if (listed.length > 0) checkDateHeaders(ctx, 'versions.date-headers', va);
    }
  }
  const missing = await ctx.fetch(`${objects}${encodeURIComponent(`indicator--${randomUUID()}`)}/`);
  ctx.judge('object.not-found', missing.status === 404, describe(missing), { url: missing.url });
}
