/**
 * A publish plan, made before anything is sent: each object against the target collection is
 * `new` (its id is not there), a `new-version` (the id is, this version is not), `unchanged` (the
 * same id and version with the same content: skipped), a `conflict` (the same id and version
 * with other content: a STIX version never changes, STIX 2.1 §3.6, so it is reported, not sent),
 * or `invalid` (a STIX 2.1 object that breaks a MUST: never sent). The plan also says how many requests
 * the API root's `max_content_length` needs for what will be sent.
 *
 * The target is read by manifest (TAXII 2.1 §5.3, `match[id]` in batches, every version) and, for
 * the id and versions already there, by object, to compare content. Past LOOKUP_LIMIT objects
 * the whole manifest is walked once instead of per batch.
 */
import { randomUUID } from 'node:crypto';
import { stix21Errors } from '../../../shared/stix/bundle';
import type { StixProblem } from '../../../shared/stix/validate';
import type { StixObject } from '../../../shared/taxii/resources';
import type { TaxiiClient } from './client';
import { splitUpload } from './split';
import { apiRootOf, normaliseUrl } from './urls';
import { objectVersion } from '../../../shared/stix/common';

/** What the plan does with one object. */
export type PlanAction = 'new' | 'new-version' | 'unchanged' | 'conflict' | 'invalid';

/** One object of the plan, in input order. */
export interface PlanEntry {
  index: number;
  id: string;
  type: string;
  version?: string;
  name?: string;
  action: PlanAction;
  /** The MUST problems of an invalid object. */
  problems?: StixProblem[];
}

/** The plan of a publish. */
export interface PublishPlan {
  collectionUrl: string;
  entries: PlanEntry[];
  counts: Record<PlanAction, number>;
  /** Requests needed to send what is to be sent (new and new versions). */
  requests: number;
  maxContentLength?: number;
  /** The objects to send, in input order. */
  toSend: StixObject[];
}

/** Ids per manifest or objects request when looking the objects up. */
const IDS_PER_REQUEST = 40;
/** Past this many objects, the target's whole manifest is read once instead. */
const LOOKUP_LIMIT = 2000;

/** The plan for sending `objects` to `collectionUrl`; see the file comment. */
export async function planPublish(
  client: TaxiiClient,
  collectionUrl: string,
  objects: readonly StixObject[],
  call: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<PublishPlan> {
  const url = normaliseUrl(collectionUrl, 'collection URL').href;
  const entries: PlanEntry[] = objects.map((o, index) => {
    const version = objectVersion(o);
    const name = typeof o.name === 'string' ? o.name : undefined;
    const errors = stix21Errors(o, `$[${index}]`);
    return {
      index,
      id: String(o.id),
      type: String(o.type),
      ...(version !== undefined ? { version } : {}),
      ...(name !== undefined ? { name } : {}),
      action: errors.length > 0 ? 'invalid' : 'new',
      ...(errors.length > 0 ? { problems: errors } : {}),
    };
  });
  const valid = entries.filter((e) => e.action !== 'invalid');
  const there = await versionsThere(
    client,
    url,
    valid.map((e) => e.id),
    call,
  );
  const same: PlanEntry[] = [];
  for (const e of valid) {
    const versions = there.get(e.id);
    if (!versions) continue;
    if (e.version === undefined || !versions.has(e.version)) e.action = 'new-version';
    else same.push(e);
  }
  const stored = await storedContent(client, url, same, call);
  for (const e of same) {
    const theirs = stored.get(`${e.id}|${e.version}`);
    e.action =
      theirs !== undefined && theirs === canonical(objects[e.index]) ? 'unchanged' : 'conflict';
  }
  const toSend = entries
    .filter((e) => e.action === 'new' || e.action === 'new-version')
    .map((e) => objects[e.index]!);
  const version = await client.versionFor(url, call);
  const maxContentLength = await client.maxContentLength(apiRootOf(url), call);
  const requests =
    toSend.length === 0
      ? 0
      : splitUpload(
          toSend,
          version === '2.1'
            ? { kind: 'envelope' }
            : { kind: 'bundle', newId: () => `bundle--${randomUUID()}` },
          maxContentLength,
        ).length;
  const counts: Record<PlanAction, number> = {
    new: 0,
    'new-version': 0,
    unchanged: 0,
    conflict: 0,
    invalid: 0,
  };
  for (const e of entries) counts[e.action]++;
  return {
    collectionUrl: url,
    entries,
    counts,
    requests,
    ...(maxContentLength ? { maxContentLength } : {}),
    toSend,
  };
}

/** The versions the collection holds of each of `ids` (absent: the id is not there). */
async function versionsThere(
  client: TaxiiClient,
  url: string,
  ids: readonly string[],
  call: { signal?: AbortSignal },
): Promise<Map<string, Set<string>>> {
  const wanted = new Set(ids);
  const there = new Map<string, Set<string>>();
  const add = (id: string, version: string | undefined): void => {
    if (!wanted.has(id)) return;
    let set = there.get(id);
    if (!set) there.set(id, (set = new Set()));
    set.add(version ?? '');
  };
  const walkOpts = { ...(call.signal ? { signal: call.signal } : {}), cache: 'off' as const };
  if (wanted.size > LOOKUP_LIMIT) {
    for await (const page of client.manifestPages(url, { version: ['all'] }, walkOpts))
      for (const r of page.items) add(r.id, r.version);
    return there;
  }
  const list = [...wanted];
  for (let i = 0; i < list.length; i += IDS_PER_REQUEST) {
    const batch = list.slice(i, i + IDS_PER_REQUEST);
    for await (const page of client.manifestPages(url, { id: batch, version: ['all'] }, walkOpts))
      for (const r of page.items) add(r.id, r.version);
  }
  return there;
}

/** Canonical JSON (keys sorted at every level) of each stored `id|version` of `entries`. */
async function storedContent(
  client: TaxiiClient,
  url: string,
  entries: readonly PlanEntry[],
  call: { signal?: AbortSignal },
): Promise<Map<string, string>> {
  const wanted = new Set(entries.map((e) => `${e.id}|${e.version}`));
  const found = new Map<string, string>();
  const walkOpts = { ...(call.signal ? { signal: call.signal } : {}), cache: 'off' as const };
  for (let i = 0; i < entries.length; i += IDS_PER_REQUEST) {
    const batch = entries.slice(i, i + IDS_PER_REQUEST);
    const filters = {
      id: [...new Set(batch.map((e) => e.id))],
      version: [...new Set(batch.map((e) => e.version!))],
    };
    for await (const page of client.objectPages(url, filters, walkOpts)) {
      for (const o of page.items) {
        const key = `${o.id}|${objectVersion(o) ?? ''}`;
        if (wanted.has(key)) found.set(key, canonical(o));
      }
    }
  }
  return found;
}

/** JSON with object keys sorted, so that two equal objects give the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}
