/**
 * The contract's cases for collection views (`views.*`, shared/contract/views.ts), run by
 * ./cases.ts on every transport, in order with the other cases: the connection's page size,
 * windows of rows, sort, find, counts, one object, cancel mid-walk and resume, two views of one
 * collection, and the errors of a closed view.
 */
import assert from 'node:assert/strict';
import type { EventOf, Result } from '../../shared/contract';
import type { Wire, WireError } from '../../shared/errors';
import { COLLECTIONS } from '../server/index';
import { indicator, post21 } from '../server/test-http';
import type { ContractCase, ContractEnv, ContractState } from './cases';
import type { ContractTarget } from './target';

type Handle = Result<'views.open'>;
type State = Handle['state'];

/** The page size the views' connection asks for (not the server's cap, not the app's old 1000). */
const PAGE_SIZE = 40;

const views: { connectionId?: string; apiRoot?: string; seedView?: string } = {};

async function call<T>(
  t: ContractTarget,
  state: ContractState,
  name: string,
  args: unknown,
): Promise<T> {
  state.called.add(name);
  const wire: Wire<unknown> = await t.call(name, args);
  if (!wire.ok) assert.fail(`${name} failed: ${wire.error.code}: ${wire.error.message}`);
  return wire.value as T;
}

/** Every object of a collection, read with plain HTTP from the server (the expected data). */
async function serverObjects(
  env: ContractEnv,
  collectionId: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let next: string | undefined;
  do {
    const url = `${env.taxii.origin}/api1/collections/${collectionId}/objects/?limit=100${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const res = await fetch(url, { headers: { accept: 'application/taxii+json;version=2.1' } });
    const body = (await res.json()) as {
      objects?: Record<string, unknown>[];
      more?: boolean;
      next?: string;
    };
    out.push(...(body.objects ?? []));
    next = body.more ? body.next : undefined;
  } while (next);
  return out;
}

/** Asks `views.state` until `done` holds (each answer is the service's own state). */
async function until(
  t: ContractTarget,
  state: ContractState,
  viewId: string,
  done: (s: State) => boolean,
): Promise<State> {
  const end = Date.now() + 20_000;
  for (;;) {
    const h = await call<Handle>(t, state, 'views.state', { viewId });
    if (done(h.state)) return h.state;
    if (Date.now() > end) assert.fail(`view never reached the state: ${JSON.stringify(h.state)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const loaded = (s: State): boolean =>
  s.phase === 'complete' && s.manifestComplete && s.datesPending === 0;

function ref(collectionId: string) {
  return { connectionId: views.connectionId, apiRoot: views.apiRoot, collectionId };
}

/** The view cases, in order. */
export const viewCases: ContractCase[] = [
  {
    name: 'views.open walks the first page at the connection page size and reports progress',
    async run(t, env, state) {
      const saved = await call<Result<'connections.save'>>(t, state, 'connections.save', {
        settings: {
          name: 'Contract suite views',
          server: { kind: 'discovery', url: `${env.relay.origin}/taxii2/` },
          pageSize: PAGE_SIZE,
        },
      });
      views.connectionId = saved.id;
      views.apiRoot = state.apiRoot;
      const events: EventOf<'view.progressed'>[] = [];
      const stop = await t.subscribe?.((name, payload) => {
        if (name === 'view.progressed') events.push(payload as EventOf<'view.progressed'>);
      });
      const before = env.taxii.requests.length;
      const h = await call<Handle>(t, state, 'views.open', ref(COLLECTIONS.seed.id));
      assert.equal(h.state.objects, PAGE_SIZE);
      assert.equal(h.state.pageSize, PAGE_SIZE);
      const asked = env.taxii.requests.slice(before).filter((r) => r.endpoint === 'objects');
      assert.match(asked[0]?.path ?? '', new RegExp(`limit=${PAGE_SIZE}\\b`));
      await call<Handle>(t, state, 'views.load-all', { viewId: h.viewId });
      const s = await until(t, state, h.viewId, loaded);
      const expected = await serverObjects(env, COLLECTIONS.seed.id);
      assert.equal(s.objects, expected.length);
      assert.equal(s.freshness.kind, 'live');
      if (stop) {
        // Progress is throttled (≤ 10 a second): the last report may follow the polled state.
        const walked = (): boolean =>
          events.some((e) => e.viewId === h.viewId && e.state.objects > PAGE_SIZE);
        for (const end = Date.now() + 2_000; !walked() && Date.now() < end;)
          await new Promise((r) => setTimeout(r, 25));
        stop();
        assert.ok(walked());
      }
      views.seedView = h.viewId;
    },
  },
  {
    name: 'views.window hands out windows of the current ordering; sort, find and counts are the service’s',
    async run(t, env, state) {
      const viewId = views.seedView as string;
      const expected = await serverObjects(env, COLLECTIONS.seed.id);
      const first = await call<Result<'views.window'>>(t, state, 'views.window', {
        viewId,
        offset: 0,
        count: 500,
      });
      assert.deepEqual(
        first.rows.map((r) => r.id),
        expected.map((o) => o.id),
      );
      assert.ok(first.rows.every((r) => typeof r.dateAdded === 'string'));
      const byId = [...expected.map((o) => String(o.id))].sort();
      const sorted = await call<Result<'views.window'>>(t, state, 'views.window', {
        viewId,
        offset: 10,
        count: 5,
        sort: { column: 'id', direction: 'asc' },
      });
      assert.deepEqual(
        sorted.rows.map((r) => r.id),
        byId.slice(10, 15),
      );
      const withDescription = expected.find(
        (o) => typeof o.description === 'string' && (o.description as string).length > 40,
      ) as Record<string, unknown>;
      const phrase = (withDescription.description as string).slice(5, 30);
      const found = await call<Result<'views.window'>>(t, state, 'views.window', {
        viewId,
        offset: 0,
        count: 100,
        find: phrase.toUpperCase(),
      });
      assert.ok(found.rows.some((r) => r.id === withDescription.id));
      const counts = await call<Result<'views.counts'>>(t, state, 'views.counts', { viewId });
      const byType: Record<string, number> = {};
      for (const o of expected) byType[o.type as string] = (byType[o.type as string] ?? 0) + 1;
      assert.deepEqual(counts.byType, byType);
      const row = first.rows[3]!;
      const one = await call<Result<'views.object'>>(t, state, 'views.object', {
        viewId,
        id: row.id,
        ...(row.version ? { version: row.version } : {}),
      });
      assert.deepEqual(one.object, expected[3]);
    },
  },
  {
    name: 'export.objects as CSV walks a view to its end and writes its rows as the chosen columns, in its order',
    async run(t, env, state) {
      const seed = COLLECTIONS.seed.id;
      const h = await call<Handle>(t, state, 'views.open', { ...ref(seed), refresh: true });
      assert.equal(h.state.phase, 'partial');
      const result = await call<Result<'export.objects'>>(t, state, 'export.objects', {
        ...ref(seed),
        format: 'csv',
        view: {
          viewId: h.viewId,
          types: ['indicator'],
          sort: { column: 'name', direction: 'desc' },
          columns: ['name', 'createdBy', 'markings', 'id'],
        },
      });
      assert.ok(result.kind === 'saved' || result.kind === 'download');
      const text = await t.readExport(result);
      const lines = text.split('\r\n');
      assert.equal(lines.pop(), '', 'every record ends in CRLF');
      assert.equal(lines[0], 'Name,Created by,Markings,ID');
      const all = await serverObjects(env, seed);
      const expected = all.filter((o) => o.type === 'indicator');
      assert.equal(result.count, expected.length);
      assert.equal(lines.length - 1, expected.length);
      const ids = new Set(lines.slice(1).map((l) => l.split(',').at(-1)));
      assert.deepEqual(ids, new Set(expected.map((o) => o.id)));
      const marked = expected.find((o) => o.created_by_ref && o.object_marking_refs) as Record<
        string,
        unknown
      >;
      const creator = all.find((o) => o.id === marked.created_by_ref) as { name: string };
      const line = lines.find((l) => l.endsWith(`,${String(marked.id)}`)) as string;
      assert.ok(line.includes(`,${creator.name},TLP:`), line);
      const after = await call<Handle>(t, state, 'views.state', { viewId: h.viewId });
      assert.ok(loaded(after.state), 'the export walked the view to its end');
      await call<Result<'views.close'>>(t, state, 'views.close', { viewId: h.viewId });
    },
  },
  {
    name: 'saved-views.* keep named filters in the profile; feeds.news and feeds.mark-seen count what was added since the last visit',
    async run(t, env, state) {
      const pub = COLLECTIONS.publish.id;
      const at = { connectionId: views.connectionId, apiRoot: views.apiRoot };
      const saved = await call<Result<'saved-views.save'>>(t, state, 'saved-views.save', {
        connectionId: views.connectionId,
        view: {
          name: 'Contract indicators',
          apiRoot: views.apiRoot,
          collectionId: pub,
          filters: { types: ['indicator'] },
          columns: ['type', 'name', 'attack'],
        },
      });
      assert.match(saved.id, /^[A-Za-z0-9_-]+$/);
      const renamed = await call<Result<'saved-views.rename'>>(t, state, 'saved-views.rename', {
        connectionId: views.connectionId,
        id: saved.id,
        name: 'Renamed indicators',
      });
      assert.equal(renamed.name, 'Renamed indicators');
      const profile = await call<Result<'connections.get'>>(t, state, 'connections.get', {
        id: views.connectionId,
      });
      assert.deepEqual(profile.savedViews, [renamed]);

      const feed = {
        ...at,
        collectionId: pub,
        savedViewId: saved.id,
        filters: { types: ['indicator'] },
      };
      const server = (await serverObjects(env, pub)).filter((o) => o.type === 'indicator');
      const never = await call<Result<'feeds.news'>>(t, state, 'feeds.news', feed);
      assert.equal(never.seen, undefined);
      assert.equal(never.count, server.length);
      const marked = await call<Result<'feeds.mark-seen'>>(t, state, 'feeds.mark-seen', feed);
      assert.ok(marked.seen?.dateAdded.match(/\.\d{6}Z$/), 'the server’s microseconds, verbatim');
      assert.equal(marked.count, 0);
      const added = [9101, 9102, 9103].map((n) => indicator(n));
      const posted = await post21(`${env.taxii.collectionUrl('api1', 'publish')}objects/`, added);
      assert.equal(posted.status, 202);
      // The server adds a POST's objects after its status delay: ask until they are in.
      let news = await call<Result<'feeds.news'>>(t, state, 'feeds.news', feed);
      for (const end = Date.now() + 5_000; news.count < 3 && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 25));
        news = await call<Result<'feeds.news'>>(t, state, 'feeds.news', feed);
      }
      assert.equal(news.count, 3);
      assert.equal(news.seen?.dateAdded, marked.seen?.dateAdded);
      assert.ok(news.newest && news.newest > (marked.seen?.dateAdded ?? ''));
      // The collection's own watermark is another feed: never marked, so everything is new.
      const whole = await call<Result<'feeds.news'>>(t, state, 'feeds.news', {
        ...at,
        collectionId: pub,
      });
      assert.equal(whole.seen, undefined);
      assert.ok(whole.count >= server.length + 3);

      // Watching the saved view: listed with its interval, checked at once, then off again.
      const watched = await call<Result<'watches.set'>>(t, state, 'watches.set', {
        ...at,
        collectionId: pub,
        savedViewId: saved.id,
        on: true,
      });
      const mine = watched.find((w) => w.savedViewId === saved.id);
      assert.equal(mine?.intervalMs, 15 * 60_000);
      let listed = await call<Result<'watches.list'>>(t, state, 'watches.list', {});
      for (const end = Date.now() + 5_000; Date.now() < end;) {
        if (listed.find((w) => w.savedViewId === saved.id)?.state === 'ok') break;
        await new Promise((r) => setTimeout(r, 25));
        listed = await call<Result<'watches.list'>>(t, state, 'watches.list', {});
      }
      const checked = listed.find((w) => w.savedViewId === saved.id);
      assert.equal(checked?.state, 'ok');
      assert.equal(checked?.count, 3);
      const off = await call<Result<'watches.set'>>(t, state, 'watches.set', {
        ...at,
        collectionId: pub,
        savedViewId: saved.id,
        on: false,
      });
      assert.equal(
        off.find((w) => w.savedViewId === saved.id),
        undefined,
      );
      const removed = await call<Result<'saved-views.remove'>>(t, state, 'saved-views.remove', {
        connectionId: views.connectionId,
        id: saved.id,
      });
      assert.equal(removed.removed, true);
      const after = await call<Result<'connections.get'>>(t, state, 'connections.get', {
        id: views.connectionId,
      });
      assert.deepEqual(after.savedViews, []);
    },
  },
  {
    name: 'views.open asked for a window answers the first rows with the handle (no second call)',
    async run(t, env, state) {
      const plain = await call<Handle>(t, state, 'views.open', ref(COLLECTIONS.seed.id));
      assert.equal(plain.window, undefined, 'no rows unless asked');
      const h = await call<Handle>(t, state, 'views.open', {
        ...ref(COLLECTIONS.seed.id),
        window: { count: 25 },
      });
      const w = h.window;
      assert.ok(w, 'the first window came with the handle');
      // Made at the same instant as the handle: its revision and the rows it counts.
      assert.equal(w.revision, h.revision);
      assert.equal(w.offset, 0);
      assert.equal(w.total, h.state.objects);
      assert.equal(w.rows.length, Math.min(25, h.state.objects));
      const expected = await serverObjects(env, COLLECTIONS.seed.id);
      assert.deepEqual(
        w.rows.map((r) => r.id),
        expected.slice(0, w.rows.length).map((o) => o.id),
      );
      const asked = await call<Result<'views.window'>>(t, state, 'views.window', {
        viewId: h.viewId,
        offset: 0,
        count: 25,
      });
      assert.deepEqual(
        asked.rows.map((r) => r.key),
        w.rows.map((r) => r.key),
      );
      for (const viewId of [plain.viewId, h.viewId])
        await call<Result<'views.close'>>(t, state, 'views.close', { viewId });
    },
  },
  {
    name: 'views.cancel stops a walk mid-way (rows stay), views.load-more goes on, and two views of one collection walk independently',
    async run(t, env, state) {
      const mitre = COLLECTIONS.mitre.id;
      const a = await call<Handle>(t, state, 'views.open', ref(mitre));
      const b = await call<Handle>(t, state, 'views.open', ref(mitre));
      await call<Handle>(t, state, 'views.load-all', { viewId: a.viewId });
      const cancelled = await call<Handle>(t, state, 'views.cancel', { viewId: a.viewId });
      assert.equal(cancelled.state.phase, 'cancelled');
      const expected = (await serverObjects(env, mitre)).length;
      assert.ok(cancelled.state.objects < expected);
      const more = await call<Handle>(t, state, 'views.load-more', { viewId: b.viewId });
      assert.ok(more.state.objects <= 2 * PAGE_SIZE);
      await call<Handle>(t, state, 'views.load-all', { viewId: a.viewId });
      const sa = await until(t, state, a.viewId, loaded);
      assert.equal(sa.objects, expected);
      const sb = await call<Handle>(t, state, 'views.state', { viewId: b.viewId });
      assert.ok(sb.state.objects < expected, 'the other view did not walk with the first');
      const refreshed = await call<Handle>(t, state, 'views.refresh', { viewId: b.viewId });
      assert.equal(refreshed.state.objects, PAGE_SIZE);
      for (const viewId of [a.viewId, b.viewId, views.seedView]) {
        const closed = await call<Result<'views.close'>>(t, state, 'views.close', { viewId });
        assert.equal(closed.closed, true);
      }
      state.called.add('views.window');
      const gone: Wire<unknown> = await t.call('views.window', {
        viewId: a.viewId,
        offset: 0,
        count: 1,
      });
      assert.equal(gone.ok, false);
      const error = (gone as { ok: false; error: WireError }).error;
      assert.equal(error.code, 'INVALID_INPUT');
      assert.equal(error.where, 'viewId');
      await call(t, state, 'connections.remove', { id: views.connectionId });
    },
  },
];
