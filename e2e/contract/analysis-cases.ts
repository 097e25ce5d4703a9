/**
 * The contract's cases for the pictures of collection views (shared/contract/analysis.ts), run by
 * ./cases.ts on every transport: the ATT&CK matrix of MITRE ATT&CK for ICS (columns and cells
 * counted from the server's own objects), a neighbourhood, the activity histogram adding up to
 * the view, and referrers and names found across a filtered view's sibling views.
 */
import assert from 'node:assert/strict';
import type { Result } from '../../shared/contract';
import type { Wire } from '../../shared/errors';
import { COLLECTIONS } from '../server/index';
import type { ContractCase, ContractEnv, ContractState } from './cases';
import type { ContractTarget } from './target';

type Handle = Result<'views.open'>;
type Json = Record<string, unknown>;

const here: { connectionId?: string; all?: string; filtered?: string } = {};

async function call<T>(t: ContractTarget, state: ContractState, name: string, args: unknown) {
  state.called.add(name);
  const wire: Wire<unknown> = await t.call(name, args);
  if (!wire.ok) assert.fail(`${name} failed: ${wire.error.code}: ${wire.error.message}`);
  return wire.value as T;
}

async function loaded(t: ContractTarget, state: ContractState, viewId: string): Promise<Handle> {
  const end = Date.now() + 20_000;
  for (;;) {
    const h = await call<Handle>(t, state, 'views.state', { viewId });
    const s = h.state;
    if (s.phase === 'complete' && s.manifestComplete && s.datesPending === 0) return h;
    if (Date.now() > end) assert.fail(`view never loaded: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The latest version of every MITRE object, as the server serves it. */
async function mitreObjects(env: ContractEnv): Promise<Json[]> {
  const out: Json[] = [];
  let next: string | undefined;
  do {
    const url = `${env.taxii.origin}/api1/collections/${COLLECTIONS.mitre.id}/objects/?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const res = await fetch(url, { headers: { accept: 'application/taxii+json;version=2.1' } });
    const body = (await res.json()) as { objects?: Json[]; more?: boolean; next?: string };
    out.push(...(body.objects ?? []));
    next = body.more ? body.next : undefined;
  } while (next);
  return out;
}

const live = (o: Json): boolean => o.revoked !== true && o.x_mitre_deprecated !== true;

/** The picture cases, in order. */
export const analysisCases: ContractCase[] = [
  {
    name: 'views.attack-matrix draws every ICS tactic with its techniques; views.activity adds up to the view',
    async run(t, env, state) {
      const saved = await call<Result<'connections.save'>>(t, state, 'connections.save', {
        settings: {
          name: 'Contract suite pictures',
          server: { kind: 'discovery', url: `${env.relay.origin}/taxii2/` },
        },
      });
      here.connectionId = saved.id;
      const ref = {
        connectionId: saved.id,
        apiRoot: state.apiRoot,
        collectionId: COLLECTIONS.mitre.id,
      };
      const open = await call<Handle>(t, state, 'views.open', { ...ref, loadAll: true });
      here.all = open.viewId;
      const h = await loaded(t, state, open.viewId);
      const objects = await mitreObjects(env);
      const m = await call<Result<'views.attack-matrix'>>(t, state, 'views.attack-matrix', {
        viewId: open.viewId,
      });
      assert.equal(m.available, true);
      assert.equal(m.domain, 'ics-attack');
      const matrix = objects.find((o) => o.type === 'x-mitre-matrix')!;
      assert.equal(m.tactics.length, (matrix.tactic_refs as string[]).length);
      const techniques = objects.filter((o) => o.type === 'attack-pattern' && live(o));
      assert.equal(m.techniqueCount, techniques.length);
      assert.equal(m.scope.complete, true);
      const group = m.users.find((u) => u.type === 'intrusion-set')!;
      const focused = await call<Result<'views.attack-matrix'>>(t, state, 'views.attack-matrix', {
        viewId: open.viewId,
        focus: group.id,
      });
      const used = objects.filter(
        (o) =>
          o.type === 'relationship' &&
          o.relationship_type === 'uses' &&
          o.source_ref === group.id &&
          techniques.some((x) => x.id === o.target_ref),
      );
      const scored = new Set(
        focused.tactics
          .flatMap((c) => c.techniques)
          .filter((c) => c.score > 0)
          .map((c) => c.id),
      );
      assert.equal(scored.size, new Set(used.map((u) => u.target_ref)).size);

      const hist = await call<Result<'views.activity'>>(t, state, 'views.activity', {
        viewId: open.viewId,
      });
      const bars = hist.buckets.reduce((n, b) => n + b.counts.reduce((a, c) => a + c, 0), 0);
      assert.equal(bars, h.state.objects);
      assert.equal(hist.undated, 0);
    },
  },
  {
    name: 'views.neighbourhood, views.referrers and views.names read across the views of a collection',
    async run(t, _env, state) {
      const ref = {
        connectionId: here.connectionId,
        apiRoot: state.apiRoot,
        collectionId: COLLECTIONS.mitre.id,
      };
      const filtered = await call<Handle>(t, state, 'views.open', {
        ...ref,
        filters: { types: ['intrusion-set'] },
        loadAll: true,
      });
      here.filtered = filtered.viewId;
      await loaded(t, state, filtered.viewId);
      const rows = await call<Result<'views.window'>>(t, state, 'views.window', {
        viewId: filtered.viewId,
        offset: 0,
        count: 50,
      });
      const group = rows.rows[0]!;
      const graph = await call<Result<'views.neighbourhood'>>(t, state, 'views.neighbourhood', {
        viewId: filtered.viewId,
        ids: [group.id],
      });
      assert.ok(graph.edges.some((e) => e.label === 'uses' && e.source === group.id));
      assert.ok(graph.nodes.some((n) => n.type === 'attack-pattern'));
      const referrers = await call<Result<'views.referrers'>>(t, state, 'views.referrers', {
        viewId: filtered.viewId,
        id: group.id,
      });
      // Relationships are not in the filtered view: they came from its unfiltered sibling.
      assert.ok(
        referrers.referrers.some((r) => r.type === 'relationship' && r.path === 'source_ref'),
      );
      assert.equal(referrers.scope.views, 2);
      const names = await call<Result<'views.names'>>(t, state, 'views.names', {
        viewId: filtered.viewId,
        ids: [graph.nodes.find((n) => n.type === 'attack-pattern')!.id, 'indicator--nowhere'],
      });
      assert.equal(names.objects.length, 1);
      assert.match(names.objects[0]!.externalId ?? '', /^T\d+/);
      for (const viewId of [here.filtered, here.all])
        await call(t, state, 'views.close', { viewId });
      await call(t, state, 'connections.remove', { id: here.connectionId });
    },
  },
];
