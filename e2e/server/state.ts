/**
 * The server's data: the collections of the layout with their stores, the status resources of
 * POSTs, and the asynchronous processing that turns a `pending` status into `complete`.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS, ROOTS, type CollectionLayout, type RootLayout } from './layout';
import { CollectionStore, makeVersion, versionOf, type StixObject } from './store';
import { stixProblem, sameJson } from './stix-check';
import { formatMicros, MicroClock, versionKey } from './timestamps';

/** A collection of the layout and its data. */
export interface CollectionEntry {
  layout: CollectionLayout;
  store: CollectionStore;
}

/** One entry of a status list (2.1 status-details). */
export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** A status resource as kept by the server. */
export interface StatusRecord {
  id: string;
  root: string;
  requestTimestamp: string;
  status: 'pending' | 'complete';
  total: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
  /** When processing finished (ms since the epoch), for the retention limit. */
  completedAt?: number;
}

/** How POSTs are turned from pending into complete, and how long statuses are kept. */
export interface StatusPolicy {
  /** Process this many ms after the POST (0 = at once). */
  delayMs: number;
  /** When set, stay pending for this many status polls instead, then process on the next. */
  pendingPolls?: number;
  /** Forget a status this long after it completed, so it 404s (spec: SHOULD keep ≥ 24 h). */
  retentionMs: number;
}

/** Prefix of the MITRE-style collection ids the non-uuid-ids quirk lists (always accepted). */
export const NON_UUID_PREFIX = 'x-taxiway-collection--';

/** The data of one running server. */
export class ServerState {
  readonly clock = new MicroClock();
  readonly collections = new Map<string, CollectionEntry>();
  readonly statuses = new Map<string, StatusRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly deferred = new Map<string, { pollsLeft: number; run: () => void }>();
  /** How statuses behave (set by the server from its options). */
  policy: StatusPolicy = { delayMs: 250, retentionMs: 24 * 3_600_000 };
  /** Called after any change to a writable collection (the data file saver listens). */
  onChange: () => void = () => {};

  constructor(layouts: readonly CollectionLayout[] = Object.values(COLLECTIONS)) {
    for (const layout of layouts)
      this.collections.set(layout.id, { layout, store: new CollectionStore() });
  }

  /** Collections of one root, in the layout's fixed order. */
  collectionsOf(root: RootLayout): CollectionEntry[] {
    return [...this.collections.values()].filter((c) => c.layout.root === root.name);
  }

  /** A collection of `root` by id or alias (§5.2: an alias may stand in for the id). */
  findCollection(root: RootLayout, idOrAlias: string): CollectionEntry | undefined {
    const byId = this.collections.get(idOrAlias);
    if (byId && byId.layout.root === root.name) return byId;
    return this.collectionsOf(root).find(
      (c) => c.layout.alias === idOrAlias || `${NON_UUID_PREFIX}${c.layout.key}` === idOrAlias,
    );
  }

  /** The collection of the layout with this key. */
  byKey(key: string): CollectionEntry | undefined {
    return [...this.collections.values()].find((c) => c.layout.key === key);
  }

  /**
   * Records a POST as pending and processes it by the policy: after `delayMs` (synchronously
   * when 0), or on the poll after `pendingPolls` polls.
   */
  submit(root: RootLayout, entry: CollectionEntry, objects: unknown[]): StatusRecord {
    const { delayMs, pendingPolls } = this.policy;
    const status: StatusRecord = {
      id: randomUUID(),
      root: root.name,
      requestTimestamp: formatMicros(Date.now() * 1000),
      status: 'pending',
      total: objects.length,
      successes: [],
      failures: [],
      pendings: objects.map((o) => detailOf(o)),
    };
    this.statuses.set(status.id, status);
    const run = (): void => {
      this.process(entry, objects, status);
      this.onChange();
    };
    if (pendingPolls !== undefined) this.deferred.set(status.id, { pollsLeft: pendingPolls, run });
    else if (delayMs <= 0) run();
    else {
      const t = setTimeout(() => {
        this.timers.delete(t);
        run();
      }, delayMs);
      t.unref();
      this.timers.add(t);
    }
    return status;
  }

  /** A status as a client polls it: counts the poll, expires old ones (undefined → 404). */
  poll(id: string): StatusRecord | undefined {
    const status = this.statuses.get(id);
    if (!status) return undefined;
    if (
      status.completedAt !== undefined &&
      Date.now() - status.completedAt > this.policy.retentionMs
    ) {
      this.statuses.delete(id);
      return undefined;
    }
    const waiting = this.deferred.get(id);
    if (waiting) {
      if (waiting.pollsLeft <= 0) {
        this.deferred.delete(id);
        waiting.run();
      } else waiting.pollsLeft--;
    }
    return status;
  }

  private process(entry: CollectionEntry, objects: unknown[], status: StatusRecord): void {
    for (const value of objects) {
      const detail = detailOf(value);
      const problem = stixProblem(value);
      if (problem) {
        status.failures.push({ ...detail, message: problem });
        continue;
      }
      const object = value as StixObject;
      const version = versionOf(object);
      const existing = entry.store.versionsOf(object.id) ?? [];
      const same =
        version === undefined
          ? existing.find((v) => sameJson(v.object, object)) // unversioned: identical content is the same version
          : existing.find(
              (v) =>
                v.versionKey === versionKey(version) &&
                v.specVersion === makeVersion(object, 0).specVersion,
            );
      if (same) {
        if (sameJson(same.object, object)) {
          status.successes.push({
            ...detail,
            version: same.version,
            message: 'already in the collection; not stored again',
          });
        } else {
          status.failures.push({
            ...detail,
            message:
              'a different object with this id and version is already stored; give the new version a later "modified"',
          });
        }
        continue;
      }
      const stored = makeVersion(object, this.clock.next());
      entry.store.add(stored);
      status.successes.push({ id: stored.id, version: stored.version });
    }
    status.pendings = [];
    status.status = 'complete';
    status.completedAt = Date.now();
  }

  /** Stops pending processing timers (on close). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.deferred.clear();
  }
}

function detailOf(value: unknown): StatusDetail {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    id: typeof o.id === 'string' ? o.id : '',
    version: versionOf(o) ?? '',
  };
}

/** Every root of the layout, by its path's first segment. */
export const ROOT_BY_SEGMENT = new Map<string, RootLayout>(
  Object.values(ROOTS).map((r) => [r.name, r]),
);
