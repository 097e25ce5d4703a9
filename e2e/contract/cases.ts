/**
 * The contract's conformance cases, written once and run against every transport (see
 * ./contract.test.ts for dispatch and the web bridge, e2e/electron/contract.spec.ts for
 * Electron IPC). They run in order and share state (a connection saved early is used later),
 * against the project's real TAXII server behind a TCP relay that shows connection closes.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { CALL_NAMES, type EventOf, type Result } from '../../shared/contract';
import { TEST_STEPS } from '../../electron/services/connections/test-connection';
import type { Wire, WireError } from '../../shared/errors';
import { COLLECTIONS, VERSIONED_INDICATOR_ID, type RunningTaxiiServer } from '../server/index';
import type { TcpRelay } from '../fixtures/tcp-relay';
import type { ContractTarget, TargetCallOptions } from './target';
import { analysisCases } from './analysis-cases';
import { viewCases } from './view-cases';

/** What the cases run against besides the target. */
export interface ContractEnv {
  taxii: RunningTaxiiServer;
  /** A relay in front of the TAXII server; the suite's connections go through it. */
  relay: TcpRelay;
  /** Unique secrets, searched for in every message at the end. */
  secrets: { header: string; token: string };
}

/** What earlier cases leave for later ones. */
export interface ContractState {
  connectionId?: string;
  lockedOutId?: string;
  apiRoot?: string;
  firstPage?: Result<'objects.page'>;
  uploadedIds?: string[];
  statusId?: string;
  importedIds?: string[];
  report?: Result<'conformance.check'>;
  called: Set<string>;
}

/** One case. */
export interface ContractCase {
  name: string;
  run(t: ContractTarget, env: ContractEnv, state: ContractState): Promise<void>;
}

const PROBE_HEADER = 'X-Taxiway-Probe';
const seed = COLLECTIONS.seed;
const publishTo = COLLECTIONS.publish;

async function ok<T>(
  t: ContractTarget,
  state: ContractState,
  name: string,
  args: unknown,
  opts?: TargetCallOptions,
): Promise<T> {
  state.called.add(name);
  const wire = await t.call(name, args, opts);
  if (!wire.ok) assert.fail(`${name} failed: ${wire.error.code}: ${wire.error.message}`);
  return wire.value as T;
}

async function fails(
  t: ContractTarget,
  state: ContractState,
  name: string,
  args: unknown,
): Promise<WireError> {
  state.called.add(name);
  const wire: Wire<unknown> = await t.call(name, args);
  assert.equal(wire.ok, false, `${name} should have failed`);
  return (wire as { ok: false; error: WireError }).error;
}

function ref(state: ContractState, collectionId: string = seed.id) {
  assert.ok(
    state.connectionId && state.apiRoot,
    'needs the connection and API root from earlier cases',
  );
  return { connectionId: state.connectionId, apiRoot: state.apiRoot, collectionId };
}

function indicator(): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: now,
    modified: now,
    name: 'Contract suite indicator',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: now,
  };
}

/** Every case, in order. */
export const contractCases: ContractCase[] = [
  {
    name: 'app.info says which mode and whether the keychain works',
    async run(t, _env, state) {
      const info = await ok<Result<'app.info'>>(t, state, 'app.info', {});
      assert.equal(info.name, 'Taxiway');
      assert.equal(info.mode, t.mode);
      assert.equal(info.keychain.available, true, info.keychain.reason);
      assert.equal(info.keychain.storage, 'keychain');
    },
  },
  {
    name: 'keychain.use-session is refused while the system keychain works',
    async run(t, _env, state) {
      const error = await fails(t, state, 'keychain.use-session', {});
      assert.equal(error.code, 'INVALID_INPUT');
      assert.match(error.message, /system keychain works/);
      const info = await ok<Result<'app.info'>>(t, state, 'app.info', {});
      assert.equal(info.keychain.storage, 'keychain');
    },
  },
  {
    name: 'refuses an unknown call with UNKNOWN_CALL',
    async run(t, _env, state) {
      const error = await fails(t, state, 'objects.everything', {});
      assert.equal(error.code, 'UNKNOWN_CALL');
      state.called.delete('objects.everything');
    },
  },
  {
    name: 'refuses bad arguments with INVALID_ARGS and the path',
    async run(t, _env, state) {
      const error = await fails(t, state, 'objects.page', {
        connectionId: 'x',
        apiRoot: 'http://127.0.0.1/api1/',
        collectionId: 'y',
        filters: { types: ['indicator', 7] },
      });
      assert.equal(error.code, 'INVALID_ARGS');
      assert.equal(error.where, 'args.filters.types[1]');
    },
  },
  {
    name: 'connections.save keeps secrets in the keychain and returns only flags',
    async run(t, env, state) {
      const saved = await ok<Result<'connections.save'>>(t, state, 'connections.save', {
        settings: {
          name: 'Contract suite',
          server: { kind: 'discovery', url: `${env.relay.origin}/taxii2/` },
          headers: [{ name: PROBE_HEADER, secret: true }],
        },
        secrets: { headers: { [PROBE_HEADER]: env.secrets.header } },
      });
      assert.deepEqual(
        saved.secrets.storedSecretHeaders.map((h) => h.toLowerCase()),
        [PROBE_HEADER.toLowerCase()],
      );
      assert.equal(saved.secretStorage, 'keychain');
      state.connectionId = saved.id;
      const locked = await ok<Result<'connections.save'>>(t, state, 'connections.save', {
        settings: {
          name: 'Contract suite (wrong token)',
          server: { kind: 'api-root', url: `${env.relay.origin}/secure/` },
          auth: { kind: 'bearer' },
        },
        secrets: { token: env.secrets.token },
      });
      assert.equal(locked.secrets.hasToken, true);
      state.lockedOutId = locked.id;
    },
  },
  {
    name: 'connections.list and connections.get show the saved connections',
    async run(t, _env, state) {
      const list = await ok<Result<'connections.list'>>(t, state, 'connections.list', {});
      assert.ok(list.some((c) => c.id === state.connectionId));
      const one = await ok<Result<'connections.get'>>(t, state, 'connections.get', {
        id: state.connectionId,
      });
      assert.equal(one.name, 'Contract suite');
    },
  },
  {
    name: 'connections.test reports every step, in order, then the report',
    async run(t, _env, state) {
      const steps: string[] = [];
      const report = await ok<Result<'connections.test'>>(
        t,
        state,
        'connections.test',
        { id: state.connectionId },
        { onProgress: (p) => steps.push((p as { step: string }).step) },
      );
      assert.deepEqual(steps, [...TEST_STEPS]);
      assert.deepEqual(
        report.steps.map((s) => s.step),
        [...TEST_STEPS],
      );
      assert.equal(
        report.ok,
        true,
        JSON.stringify(report.steps.filter((s) => s.status === 'failed')),
      );
    },
  },
  {
    name: 'discovery.get lists the API roots',
    async run(t, env, state) {
      const found = await ok<Result<'discovery.get'>>(t, state, 'discovery.get', {
        connectionId: state.connectionId,
      });
      const api1 = `${env.relay.origin}/api1/`;
      assert.ok(found.value.apiRoots.includes(api1), found.value.apiRoots.join(' '));
      assert.equal(found.version, '2.1');
      state.apiRoot = api1;
    },
  },
  {
    name: 'roots.get describes an API root',
    async run(t, _env, state) {
      const root = await ok<Result<'roots.get'>>(t, state, 'roots.get', {
        connectionId: state.connectionId,
        apiRoot: state.apiRoot,
      });
      assert.equal(root.value.title, 'Demo feed');
      assert.ok(root.value.max_content_length > 0);
    },
  },
  {
    name: 'collections.list lists the collections with their permissions',
    async run(t, _env, state) {
      const list = await ok<Result<'collections.list'>>(t, state, 'collections.list', {
        connectionId: state.connectionId,
        apiRoot: state.apiRoot,
      });
      const found = list.value.find((c) => c.id === seed.id);
      assert.ok(found);
      assert.equal(found.can_read, true);
      assert.equal(found.can_write, false);
    },
  },
  {
    name: 'a refused credential fails with UNAUTHORIZED, the token nowhere in the error',
    async run(t, env, state) {
      const error = await fails(t, state, 'collections.list', {
        connectionId: state.lockedOutId,
        apiRoot: `${env.relay.origin}/secure/`,
      });
      assert.equal(error.code, 'UNAUTHORIZED', `${error.code}: ${error.message}`);
      assert.ok(!JSON.stringify(error).includes(env.secrets.token));
    },
  },
  {
    name: 'objects.page returns one page and a cursor for the next',
    async run(t, _env, state) {
      const first = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...ref(state),
        limit: 5,
      });
      assert.equal(first.items.length, 5);
      assert.equal(first.more, true);
      assert.ok(first.next);
      const second = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...ref(state),
        limit: 5,
        next: first.next,
      });
      assert.ok(second.items.length > 0);
      const ids = new Set(first.items.map((o) => `${String(o.id)}|${String(o.modified)}`));
      assert.ok(second.items.every((o) => !ids.has(`${String(o.id)}|${String(o.modified)}`)));
      state.firstPage = first;
    },
  },
  {
    name: 'objects.page refuses a used cursor, and one from another query',
    async run(t, _env, state) {
      const used = await fails(t, state, 'objects.page', {
        ...ref(state),
        limit: 5,
        next: state.firstPage?.next,
      });
      assert.equal(used.code, 'INVALID_INPUT');
      const fresh = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...ref(state),
        limit: 5,
      });
      const other = await fails(t, state, 'objects.page', {
        ...ref(state),
        limit: 5,
        filters: { types: ['malware'] },
        next: fresh.next,
      });
      assert.equal(other.code, 'INVALID_INPUT');
    },
  },
  {
    name: 'objects.page filters by type',
    async run(t, _env, state) {
      const page = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...ref(state),
        filters: { types: ['indicator'] },
        limit: 50,
      });
      assert.ok(page.items.length > 0);
      assert.ok(page.items.every((o) => o.type === 'indicator'));
    },
  },
  {
    name: 'objects.page serves a reopened query from the page cache, and refresh fetches it again',
    async run(t, env, state) {
      const requests = (): number =>
        env.taxii.requests.filter((r) => r.endpoint === 'objects').length;
      // One page holds the whole answer, so no prefetch runs behind the count.
      const args = { ...ref(state), limit: 1000, filters: { types: ['indicator', 'malware'] } };
      const first = await ok<Result<'objects.page'>>(t, state, 'objects.page', args);
      assert.equal(first.more, false);
      assert.equal(first.fromCache, undefined);
      const before = requests();
      const again = await ok<Result<'objects.page'>>(t, state, 'objects.page', args);
      assert.ok(again.fromCache, 'the reopened page came from the cache');
      assert.ok(!Number.isNaN(Date.parse(again.fromCache)));
      assert.deepEqual(again.items, first.items);
      assert.equal(requests(), before, 'no request for a cached page');
      const fresh = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...args,
        refresh: true,
      });
      assert.equal(fresh.fromCache, undefined);
      assert.equal(requests(), before + 1);
      assert.deepEqual(fresh.items, first.items);

      // A connection saved with the cache turned off fetches every time.
      const uncached = await ok<Result<'connections.save'>>(t, state, 'connections.save', {
        settings: {
          name: 'Contract suite (no cache)',
          server: { kind: 'discovery', url: `${env.relay.origin}/taxii2/` },
          cache: false,
        },
      });
      assert.equal(uncached.cache, false);
      const other = { ...args, connectionId: uncached.id };
      const once = await ok<Result<'objects.page'>>(t, state, 'objects.page', other);
      const twice = await ok<Result<'objects.page'>>(t, state, 'objects.page', other);
      assert.equal(once.fromCache, undefined);
      assert.equal(twice.fromCache, undefined);
      assert.equal(requests(), before + 3);
      await ok(t, state, 'connections.remove', { id: uncached.id });
    },
  },
  {
    name: 'objects.page hands out checkpoints on request, and resumes from one',
    async run(t, _env, state) {
      const query = {
        ...ref(state),
        limit: 4,
        filters: { types: ['indicator'], addedAfter: '2000-01-01T00:00:00.000Z' },
      };
      const first = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...query,
        checkpoints: true,
      });
      const checkpoint = first.checkpoint;
      assert.ok(checkpoint, 'the page carries its checkpoint');
      assert.equal(checkpoint.endpoint, 'objects');
      assert.equal(checkpoint.items, 4);
      assert.equal(checkpoint.done, false);
      const plain = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...query,
        refresh: true,
      });
      assert.equal(plain.checkpoint, undefined, 'no checkpoint unless asked for');
      const resumed = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
        ...query,
        resume: checkpoint,
      });
      const key = (o: Record<string, unknown>): string => `${String(o.id)}|${String(o.modified)}`;
      const seen = new Set(first.items.map(key));
      assert.ok(resumed.items.length > 0);
      assert.ok(resumed.items.every((o) => o.type === 'indicator' && !seen.has(key(o))));
      const wrong = await fails(t, state, 'objects.page', {
        ...ref(state),
        limit: 4,
        filters: { types: ['malware'] },
        resume: checkpoint,
      });
      assert.equal(wrong.code, 'INVALID_INPUT');
    },
  },
  {
    name: "a page's quirk notes reach the renderer",
    async run(t, env, state) {
      env.taxii.setQuirks(['numeric-next']);
      try {
        const page = await ok<Result<'objects.page'>>(t, state, 'objects.page', {
          ...ref(state),
          limit: 3,
          refresh: true,
          filters: { types: ['indicator'], specVersions: ['2.1'] },
        });
        assert.ok(
          page.notes.some((n) => n.code === 'NEXT_NUMBER' && /JSON number/.test(n.message)),
          JSON.stringify(page.notes),
        );
      } finally {
        env.taxii.setQuirks([]);
      }
    },
  },
  {
    name: 'request.waiting tells the renderer about a Retry-After wait, with its call id',
    async run(t, env, state) {
      const waits: EventOf<'request.waiting'>[] = [];
      const stop = await t.subscribe?.((name, payload) => {
        if (name === 'request.waiting') waits.push(payload as EventOf<'request.waiting'>);
      });
      const callId = `wait-${randomBytes(8).toString('hex')}`;
      env.taxii.setFaults([
        { kind: 'status', status: 429, retryAfter: 1, endpoint: 'objects', times: 1 },
      ]);
      try {
        const page = await ok<Result<'objects.page'>>(
          t,
          state,
          'objects.page',
          {
            ...ref(state),
            limit: 2,
            refresh: true,
            filters: { types: ['indicator'], specVersions: ['2.0', '2.1'] },
          },
          { callId },
        );
        assert.equal(page.items.length, 2);
        // The wait is on the page too, as a note.
        assert.ok(page.notes.some((n) => n.code === 'SERVER_ASKED_TO_WAIT'));
        if (!stop) return;
        await waitUntil(() => waits.length > 0, 3000);
        const wait = waits[0]!;
        assert.equal(wait.connectionId, state.connectionId);
        assert.equal(wait.callId, callId);
        assert.equal(wait.reason, 'rate-limited');
        assert.equal(wait.status, 429);
        assert.equal(wait.seconds, 1);
        assert.match(wait.message, /^waiting 1 s: server asked \(429\)/);
        assert.ok(!Number.isNaN(Date.parse(wait.until)));
      } finally {
        env.taxii.setFaults([]);
        stop?.();
      }
    },
  },
  {
    name: 'manifest.page returns manifest records',
    async run(t, _env, state) {
      const page = await ok<Result<'manifest.page'>>(t, state, 'manifest.page', {
        ...ref(state),
        limit: 10,
      });
      assert.ok(page.items.length > 0);
      assert.ok(
        page.items.every((r) => typeof r.id === 'string' && typeof r.date_added === 'string'),
      );
    },
  },
  {
    name: 'object.get with version all returns every version; object.versions lists them',
    async run(t, _env, state) {
      const all = await ok<Result<'object.get'>>(t, state, 'object.get', {
        ...ref(state),
        objectId: VERSIONED_INDICATOR_ID,
        versions: ['all'],
      });
      assert.ok(all.items.length > 1, `expected several versions, got ${all.items.length}`);
      const versions = await ok<Result<'object.versions'>>(t, state, 'object.versions', {
        ...ref(state),
        objectId: VERSIONED_INDICATOR_ID,
      });
      assert.equal(versions.items.length, all.items.length);
      const latest = await ok<Result<'object.get'>>(t, state, 'object.get', {
        ...ref(state),
        objectId: VERSIONED_INDICATOR_ID,
      });
      assert.equal(latest.items.length, 1);
    },
  },
  {
    name: 'cancelling a page aborts the HTTP request to the server and resolves CANCELLED',
    async run(t, env, state) {
      env.taxii.setFaults([{ kind: 'latency', ms: 6000, endpoint: 'objects' }]);
      try {
        const before = env.taxii.requests.filter((r) => r.endpoint === 'objects').length;
        const closedBefore = env.relay.connections.filter((c) => c.closedBy === 'client').length;
        const controller = new AbortController();
        const started = Date.now();
        state.called.add('objects.page');
        const pending = t.call(
          'objects.page',
          { ...ref(state), filters: { types: ['malware'] }, limit: 3 },
          { signal: controller.signal },
        );
        await waitUntil(
          () => env.taxii.requests.filter((r) => r.endpoint === 'objects').length > before,
          10_000,
        );
        controller.abort();
        const wire = await pending;
        assert.equal(wire.ok, false);
        assert.equal((wire as { ok: false; error: WireError }).error.code, 'CANCELLED');
        await env.relay.waitFor(
          (cs) => cs.filter((c) => c.closedBy === 'client').length > closedBefore,
          3000,
        );
        assert.ok(Date.now() - started < 5000, 'the cancel did not wait for the slow answer');
        await waitUntil(() => t.inFlight() === 0, 3000);
      } finally {
        env.taxii.setFaults([]);
      }
    },
  },
  {
    name: 'bundle.validate lists problems by object and path, and JSON errors by line and column',
    async run(t, _env, state) {
      const good = await ok<Result<'bundle.validate'>>(t, state, 'bundle.validate', {
        text: JSON.stringify({
          type: 'bundle',
          id: `bundle--${randomUUID()}`,
          objects: [indicator()],
        }),
      });
      assert.equal(good.valid, true);
      assert.deepEqual(good.types, { indicator: 1 });
      const bad = await ok<Result<'bundle.validate'>>(t, state, 'bundle.validate', {
        text: JSON.stringify({
          type: 'bundle',
          id: `bundle--${randomUUID()}`,
          objects: [indicator(), { ...indicator(), created: 'yesterday' }],
        }),
      });
      assert.equal(bad.valid, false);
      assert.ok(bad.problems.some((p) => p.objectIndex === 1 && p.path.startsWith('$.objects[1]')));
      const broken = await ok<Result<'bundle.validate'>>(t, state, 'bundle.validate', {
        text: '{\n  "type": "bundle",\n  "objects": [\n    {"id": }\n  ]\n}',
      });
      assert.equal(broken.valid, false);
      assert.equal(broken.problems[0]?.line, 4);
      const empty = await ok<Result<'bundle.validate'>>(t, state, 'bundle.validate', {
        text: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [] }),
      });
      assert.equal(empty.valid, false);
      assert.deepEqual(
        empty.problems.map((p) => [p.severity, p.path]),
        [['error', '$']],
      );
    },
  },
  {
    name: 'bundle.upload reports each request and status poll in order, then every object',
    async run(t, _env, state) {
      const objects = [indicator(), indicator(), indicator()];
      const phases: string[] = [];
      const report = await ok<Result<'bundle.upload'>>(
        t,
        state,
        'bundle.upload',
        {
          ...ref(state, publishTo.id),
          text: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects }),
        },
        { onProgress: (p) => phases.push((p as { phase: string }).phase) },
      );
      assert.match(phases.join(' '), /^prepared (uploading uploaded )+(waiting )*done$/);
      assert.equal(report.complete, true);
      assert.equal(report.counts.success, 3);
      state.uploadedIds = objects.map((o) => String(o.id));
      state.statusId = report.requests[0]?.statusId;
    },
  },
  {
    name: 'bundle.upload with validOnly leaves out the objects with problems and sends the rest',
    async run(t, _env, state) {
      const good = [indicator(), indicator()];
      const bad = { ...indicator(), pattern: "[ipv4-addr:value = '10.0.0.1'" };
      const text = JSON.stringify({
        type: 'bundle',
        id: `bundle--${randomUUID()}`,
        objects: [good[0], bad, good[1]],
      });
      const refused = await fails(t, state, 'bundle.upload', { ...ref(state, publishTo.id), text });
      assert.equal(refused.code, 'INVALID_BUNDLE');
      const report = await ok<Result<'bundle.upload'>>(t, state, 'bundle.upload', {
        ...ref(state, publishTo.id),
        text,
        validOnly: true,
      });
      assert.deepEqual(
        report.objects.map((o) => [o.id, o.outcome]),
        good.map((o) => [o.id, 'success']),
      );
    },
  },
  {
    name: 'status.get reads the upload status',
    async run(t, _env, state) {
      const status = await ok<Result<'status.get'>>(t, state, 'status.get', {
        connectionId: state.connectionId,
        apiRoot: state.apiRoot,
        statusId: state.statusId,
      });
      assert.equal(status.value.status, 'complete');
      assert.equal(status.value.success_count, 3);
    },
  },
  {
    name: 'object.delete removes an object',
    async run(t, _env, state) {
      const id = state.uploadedIds?.[0];
      const done = await ok<Result<'object.delete'>>(t, state, 'object.delete', {
        ...ref(state, publishTo.id),
        objectId: id,
      });
      assert.equal(done.deleted, true);
      const gone = await fails(t, state, 'object.get', {
        ...ref(state, publishTo.id),
        objectId: id,
      });
      assert.equal(gone.code, 'NOT_FOUND', `${gone.code}: ${gone.message}`);
    },
  },
  {
    name: 'conformance.check reports each line as it is judged, then the report',
    async run(t, env, state) {
      const seen: string[] = [];
      const report = await ok<Result<'conformance.check'>>(
        t,
        state,
        'conformance.check',
        { connectionId: state.connectionId },
        { onProgress: (p) => seen.push((p as { id: string }).id) },
      );
      assert.equal(
        report.mustsHold,
        true,
        JSON.stringify(report.lines.filter((l) => l.status === 'fail')),
      );
      assert.ok(report.lines.length > 30);
      assert.deepEqual(
        seen,
        report.lines.map((l) => l.id),
      );
      assert.equal(report.discoveryUrl, `${env.relay.origin}/taxii2/`);
      assert.ok(report.skipped.some((x) => /writable collection/.test(x)));
      state.report = report;
    },
  },
  {
    name: 'conformance.render gives the report as Markdown and JSON to export',
    async run(t, _env, state) {
      assert.ok(state.report, 'needs the report of the check');
      const md = await ok<Result<'conformance.render'>>(t, state, 'conformance.render', {
        report: state.report,
        format: 'markdown',
      });
      assert.match(md.content, /^# TAXII 2\.1 conformance check of /);
      assert.match(md.content, /\*\*Every MUST checked holds/);
      assert.match(md.fileName, /^taxii-conformance-127\.0\.0\.1-\d+\.md$/);
      assert.match(md.mediaType, /^text\/markdown/);
      const json = await ok<Result<'conformance.render'>>(t, state, 'conformance.render', {
        report: state.report,
        format: 'json',
      });
      assert.deepEqual(JSON.parse(json.content), JSON.parse(JSON.stringify(state.report)));
      assert.equal(json.mediaType, 'application/json');
      const bad = await fails(t, state, 'conformance.render', {
        report: state.report,
        format: 'pdf',
      });
      assert.equal(bad.code, 'INVALID_ARGS');
    },
  },
  {
    name: 'collections.diff compares two collections, a page of differences at a time',
    async run(t, _env, state) {
      const { connectionId, apiRoot } = ref(state);
      const args = {
        connectionIdA: connectionId,
        collectionUrlA: `${apiRoot}collections/${seed.id}/`,
        connectionIdB: connectionId,
        collectionUrlB: `${apiRoot}collections/${publishTo.id}/`,
        limit: 100,
      };
      const sides = new Set<string>();
      const first = await ok<Result<'collections.diff'>>(t, state, 'collections.diff', args, {
        onProgress: (p) => sides.add((p as { side: string }).side),
      });
      assert.deepEqual([...sides].sort(), ['a', 'b']);
      const s = first.summary;
      assert.equal(first.total, s.onlyInA + s.onlyInB + s.versionsDiffer);
      assert.ok(first.total > 100, `only ${first.total} differences`);
      assert.equal(s.identical, false);
      assert.equal(first.entries.length, 100);
      assert.equal(first.offset, 0);
      assert.ok(first.next);
      const all = [...first.entries];
      let next: string | undefined = first.next;
      while (next) {
        const page: Result<'collections.diff'> = await ok(t, state, 'collections.diff', {
          ...args,
          next,
        });
        assert.equal(page.offset, all.length);
        assert.ok(page.entries.length <= 100);
        all.push(...page.entries);
        next = page.next;
      }
      assert.equal(all.length, first.total);
      const ids = all.map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort());
      assert.equal(all.filter((e) => e.kind === 'only-in-b').length, s.onlyInB);
      assert.ok(state.uploadedIds?.slice(1).every((id) => ids.includes(id)));
      const used = await fails(t, state, 'collections.diff', { ...args, next: first.next });
      assert.equal(used.code, 'INVALID_INPUT');
    },
  },
  {
    name: 'export.objects writes the filtered objects as NDJSON, and a selection as a bundle',
    async run(t, _env, state) {
      const result = await ok<Result<'export.objects'>>(t, state, 'export.objects', {
        ...ref(state),
        format: 'ndjson',
        filters: { types: ['indicator'] },
      });
      assert.equal(result.kind, t.mode === 'electron' ? 'saved' : 'download');
      const lines = (await t.readExport(result)).trim().split('\n');
      assert.ok(result.count > 1);
      assert.equal(lines.length, result.count);
      assert.ok(lines.every((l) => (JSON.parse(l) as { type: string }).type === 'indicator'));
      const ids = lines.slice(0, 2).map((l) => (JSON.parse(l) as { id: string }).id);
      const selection = await ok<Result<'export.objects'>>(t, state, 'export.objects', {
        ...ref(state),
        format: 'bundle',
        ids,
      });
      const bundle = JSON.parse(await t.readExport(selection)) as {
        type: string;
        objects: Array<{ id: string }>;
      };
      assert.equal(bundle.type, 'bundle');
      assert.deepEqual(bundle.objects.map((o) => o.id).sort(), [...ids].sort());
    },
  },
  {
    name: 'activity.list shows each exchange with secret headers redacted',
    async run(t, env, state) {
      const records = await ok<Result<'activity.list'>>(t, state, 'activity.list', {
        connectionId: state.connectionId,
      });
      assert.ok(records.length > 5);
      const probe = records
        .flatMap((r) => Object.entries(r.requestHeaders))
        .filter(([k]) => k.toLowerCase() === PROBE_HEADER.toLowerCase());
      assert.ok(probe.length > 0, 'the probe header is listed');
      assert.ok(probe.every(([, v]) => !v.includes(env.secrets.header)));
    },
  },
  {
    name: 'request.curl gives the request with a placeholder for the secret',
    async run(t, env, state) {
      const curl = await ok<Result<'request.curl'>>(t, state, 'request.curl', {
        connectionId: state.connectionId,
        url: state.firstPage?.url,
      });
      assert.ok(curl.command.startsWith('curl '));
      assert.ok(curl.command.includes('$TAXIWAY_HEADER_X_TAXIWAY_PROBE'));
      assert.deepEqual(curl.placeholders, ['TAXIWAY_HEADER_X_TAXIWAY_PROBE']);
      assert.ok(!curl.command.includes(env.secrets.header));
    },
  },
  {
    name: 'links.open accepts http(s) only, normalised',
    async run(t, _env, state) {
      const opened = await ok<Result<'links.open'>>(t, state, 'links.open', {
        url: 'HTTPS://Example.COM/a?b=1',
      });
      assert.equal(opened.url, 'https://example.com/a?b=1');
      assert.equal(opened.opened, t.mode === 'electron');
      const refused = await fails(t, state, 'links.open', { url: 'javascript:alert(1)' });
      assert.equal(refused.code, 'INVALID_INPUT');
    },
  },
  {
    name: 'connections.export and connections.import round-trip without secrets',
    async run(t, env, state) {
      const exported = await ok<Result<'connections.export'>>(t, state, 'connections.export', {
        ids: [state.connectionId],
      });
      assert.equal(exported.count, 1);
      assert.ok(!exported.content.includes(env.secrets.header));
      const imported = await ok<Result<'connections.import'>>(t, state, 'connections.import', {
        content: exported.content,
      });
      assert.equal(imported.imported.length, 1);
      assert.equal(imported.renamed.length, 1);
      assert.equal(imported.imported[0]?.secrets.storedSecretHeaders.length, 0);
      state.importedIds = imported.imported.map((p) => p.id);
    },
  },
  {
    name: 'connections.pin-certificate stores the fingerprint, normalised',
    async run(t, _env, state) {
      const hex = 'ab'.repeat(32);
      const pinned = await ok<Result<'connections.pin-certificate'>>(
        t,
        state,
        'connections.pin-certificate',
        {
          id: state.importedIds?.[0],
          fingerprintSha256: hex,
        },
      );
      assert.equal(pinned.tls.pinSha256, Array(32).fill('AB').join(':'));
    },
  },
  {
    name: 'connections.remove deletes a connection',
    async run(t, _env, state) {
      for (const id of state.importedIds ?? []) {
        const removed = await ok<Result<'connections.remove'>>(t, state, 'connections.remove', {
          id,
        });
        assert.equal(removed.removed, true);
      }
      const gone = await fails(t, state, 'connections.get', { id: state.importedIds?.[0] });
      assert.equal(gone.code, 'PROFILE_NOT_FOUND');
    },
  },
  ...viewCases,
  ...analysisCases,
  {
    name: 'every call of the contract was exercised',
    async run(_t, _env, state) {
      const missing = CALL_NAMES.filter((n) => !state.called.has(n));
      assert.deepEqual(missing, []);
    },
  },
  {
    name: 'no message of this transport ever carried a secret',
    async run(t, env) {
      assert.ok(t.transcripts.length > 20);
      const all = t.transcripts.join('\n');
      for (const secret of Object.values(env.secrets))
        assert.ok(!all.includes(secret), 'a secret was sent');
    },
  },
];

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
