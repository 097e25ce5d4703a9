import { describe, expect, it, vi } from 'vitest';
import type { Args, Result } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { defaultCheckResults, dispatch, type DispatchLog, type Handlers } from './dispatch';

/** A log that keeps what it was told, so tests can see where the detail went. */
function recordingLog(): DispatchLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (m, d) => void lines.push(`${m} ${JSON.stringify(d)}`),
    warn: (m, d) => void lines.push(`${m} ${JSON.stringify(d)}`),
  };
}

const SECRET = 's3cret-' + Math.random().toString(36).slice(2);

const summary: Result<'connections.get'> = {
  id: 'c1',
  name: 'Demo',
  server: { kind: 'discovery', url: 'http://127.0.0.1:8021/taxii2/' },
  location: 'http://127.0.0.1:8021/taxii2/',
  taxiiVersion: 'auto',
  auth: { kind: 'basic', username: 'alice' },
  tls: {},
  proxy: { kind: 'system' },
  timeoutMs: 30_000,
  pageSize: 100,
  headers: [],
  urlSecretParams: [],
  cache: true,
  secrets: {
    hasPassword: true,
    hasToken: false,
    hasHeaderValue: false,
    storedSecretHeaders: [],
    storedUrlSecretParams: [],
    hasPassphrase: false,
    hasProxyPassword: false,
    missing: [],
  },
  secretStorage: 'keychain',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};

/** Handlers for the few calls these tests make; the rest are never reached. */
function handlers(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, key: string) =>
      (target as Record<string, unknown>)[key] ??
      (() => Promise.reject(new Error(`handler ${key} not part of this test`))),
  });
}

function run(
  h: Handlers,
  name: unknown,
  args: unknown,
  opts: { check?: boolean; signal?: AbortSignal } = {},
) {
  const log = recordingLog();
  const progress: unknown[] = [];
  const result = dispatch(
    h,
    name,
    args,
    { signal: opts.signal ?? new AbortController().signal, progress: (p) => progress.push(p) },
    { checkResults: opts.check ?? true, log },
  );
  return { result, log, progress };
}

describe('dispatch', () => {
  it('refuses an unknown call name', async () => {
    const { result } = run(handlers({}), 'objects.everything', {});
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });
  it.each(['toString', '__proto__', 'constructor', 42, undefined, null])(
    'refuses %s as a call name (own keys only)',
    async (name) => {
      const { result } = run(handlers({}), name, {});
      await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    },
  );

  it('refuses bad arguments with the path of the first problem', async () => {
    const args = {
      connectionId: 'c1',
      apiRoot: 'http://127.0.0.1:8021/api1/',
      collectionId: 'x',
      filters: { types: ['indicator', 7] },
    };
    const { result } = run(handlers({}), 'objects.page', args);
    const wire = await result;
    expect(wire).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGS', where: 'args.filters.types[1]' },
    });
    if (!wire.ok) expect(wire.error.message).toContain('args.filters.types[1]');
  });
  it('refuses unknown argument keys (strict arguments)', async () => {
    const { result } = run(handlers({}), 'connections.get', { id: 'c1', evil: true });
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
  });
  it("refuses 'all' combined with another version (spec §3.4.1)", async () => {
    const args: Args<'objects.page'> = {
      connectionId: 'c1',
      apiRoot: 'http://127.0.0.1:8021/api1/',
      collectionId: 'x',
      filters: { versions: ['all', 'last'] },
    };
    const wire = await run(handlers({}), 'objects.page', args).result;
    expect(wire).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGS', where: 'args.filters.versions' },
    });
  });
  it('refuses a non-http API root', async () => {
    const wire = await run(handlers({}), 'collections.list', {
      connectionId: 'c1',
      apiRoot: 'file:///etc/',
    }).result;
    expect(wire).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGS', where: 'args.apiRoot' },
    });
  });

  it('passes parsed arguments (with defaults) to the handler and returns its result', async () => {
    let seen: unknown;
    const h = handlers({
      'connections.save': async (a) => {
        seen = a;
        return summary;
      },
    });
    const wire = await run(h, 'connections.save', {
      settings: {
        name: 'Demo',
        server: { kind: 'discovery', url: 'http://127.0.0.1:8021/taxii2/' },
      },
    }).result;
    expect(wire).toEqual({ ok: true, value: summary });
    expect(seen).toMatchObject({
      settings: { headers: [], tls: {}, taxiiVersion: 'auto', auth: { kind: 'none' } },
    });
  });

  it('turns a thrown AppError into its WireError', async () => {
    const h = handlers({
      'connections.get': () =>
        Promise.reject(
          new AppError({
            code: 'PROFILE_NOT_FOUND',
            message: 'No connection c9.',
            hint: 'Pick another.',
          }),
        ),
    });
    const wire = await run(h, 'connections.get', { id: 'c9' }).result;
    expect(wire).toEqual({
      ok: false,
      error: { code: 'PROFILE_NOT_FOUND', message: 'No connection c9.', hint: 'Pick another.' },
    });
  });

  it('turns any other throw into INTERNAL, keeping the detail (and the secret) out of the wire', async () => {
    const h = handlers({
      'connections.get': () => Promise.reject(new Error(`keychain said ${SECRET}`)),
    });
    const { result, log } = run(h, 'connections.get', { id: 'c1' });
    const wire = await result;
    expect(wire).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(wire)).not.toContain(SECRET);
    expect(log.lines.join('\n')).toContain('keychain said');
  });

  it('catches a handler that throws synchronously', async () => {
    const h = handlers({
      'connections.list': (() => {
        throw new TypeError('boom');
      }) as Handlers['connections.list'],
    });
    await expect(run(h, 'connections.list', {}).result).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('refuses a result carrying an extra (secret-bearing) field in dev/test', async () => {
    const h = handlers({
      'connections.get': async () => ({ ...summary, password: SECRET }),
    });
    const { result, log } = run(h, 'connections.get', { id: 'c1' });
    const wire = await result;
    expect(wire).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', where: 'connections.get' },
    });
    expect(JSON.stringify(wire)).not.toContain(SECRET);
    expect(log.lines.join('\n')).toContain('does not match the contract');
  });
  it('refuses a secret nested inside a result object', async () => {
    const h = handlers({
      'connections.list': async () =>
        [{ ...summary, auth: { kind: 'basic', username: 'a', password: SECRET } }] as never,
    });
    const wire = await run(h, 'connections.list', {}).result;
    expect(JSON.stringify(wire)).not.toContain(SECRET);
    expect(wire).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
  it('skips the result check when told to (production)', async () => {
    const h = handlers({
      'connections.get': async () => ({ ...summary, extra: 1 }),
    });
    const wire = await run(h, 'connections.get', { id: 'c1' }, { check: false }).result;
    expect(wire.ok).toBe(true);
  });

  it('answers CANCELLED when the call was aborted while the handler ran', async () => {
    const controller = new AbortController();
    const h = handlers({
      'discovery.get': (_a, c) =>
        new Promise((_resolve, reject) => {
          c.signal.addEventListener('abort', () => reject(new Error('socket closed')));
        }),
    });
    const { result } = run(
      h,
      'discovery.get',
      { connectionId: 'c1' },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
  it('answers CANCELLED when a handler finished with a value after the cancel', async () => {
    const controller = new AbortController();
    let finish: (() => void) | undefined;
    const h = handlers({
      // A handler that does not watch its signal: the cancel arrives, then its (stale) result.
      'connections.get': () =>
        new Promise((resolve) => {
          finish = () => resolve(summary);
        }),
    });
    const { result } = run(h, 'connections.get', { id: 'c1' }, { signal: controller.signal });
    await vi.waitFor(() => expect(finish).toBeDefined());
    controller.abort();
    finish?.();
    await expect(result).resolves.toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CANCELLED' }),
    });
  });

  it('does not run a handler for a call already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const h = handlers({
      'connections.list': async () => {
        ran = true;
        return [];
      },
    });
    const wire = await run(h, 'connections.list', {}, { signal: controller.signal }).result;
    expect(wire).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(ran).toBe(false);
  });

  it('forwards progress in order, drops malformed progress, and ignores progress after the end', async () => {
    let late: ((p: never) => void) | undefined;
    const step = (s: string, status: 'ok' | 'failed') => ({
      step: s,
      label: s,
      status,
      durationMs: 1,
      detail: s,
    });
    const h = handlers({
      'connections.test': async (_a, c) => {
        c.progress(step('resolve', 'ok'));
        c.progress(step('tcp', 'ok'));
        c.progress({ step: 'tls', password: SECRET } as never);
        c.progress(step('discovery', 'ok'));
        late = c.progress as (p: never) => void;
        return {
          ok: true,
          target: 'http://127.0.0.1/',
          steps: [],
          startedAt: 'now',
          durationMs: 1,
        };
      },
    });
    const { result, progress } = run(h, 'connections.test', { id: 'c1' });
    await result;
    late?.(step('late', 'ok') as never);
    expect(progress.map((p) => (p as { step: string; status: string }).step)).toEqual([
      'resolve',
      'tcp',
      'discovery',
    ]);
    expect(JSON.stringify(progress)).not.toContain(SECRET);
  });

  it('never rejects, whatever it is given', async () => {
    const names: unknown[] = ['app.info', 'nope', {}, Symbol('x')];
    for (const name of names) {
      await expect(run(handlers({}), name, 'not an object').result).resolves.toHaveProperty(
        'ok',
        false,
      );
    }
  });
});

describe('what dispatch tells the person and the log', () => {
  const progressStep = { step: 'tcp', label: 'tcp', status: 'ok', durationMs: 1, detail: 'x' };

  it('names an unknown call in its message, cut to 100 characters, with a hint', async () => {
    const name = `n${'x'.repeat(150)}`;
    const wire = await run(handlers({}), name, {}).result;
    if (wire.ok) throw new Error('expected a refusal');
    expect(wire.error.message).toBe(
      `There is no call named ${JSON.stringify(name.slice(0, 100))}.`,
    );
    expect(wire.error.hint).toMatch(/restart the app/);
  });

  it('runs a call given no arguments at all with its defaults', async () => {
    const h = handlers({ 'connections.list': async () => [] });
    await expect(run(h, 'connections.list', undefined).result).resolves.toEqual({
      ok: true,
      value: [],
    });
  });

  it('says how many argument problems there were, with a hint', async () => {
    const wire = await run(handlers({}), 'connections.get', { id: 7, evil: true }).result;
    if (wire.ok) throw new Error('expected a refusal');
    expect(wire.error).toMatchObject({
      code: 'INVALID_ARGS',
      hint: 'Correct the highlighted value and try again.',
      details: { issues: 2 },
    });
  });

  it('hands the caller’s call id to the handler, and none when there is none', async () => {
    const seen: unknown[] = [];
    const h = handlers({
      'connections.list': async (_a, c) => {
        seen.push('callId' in c ? c.callId : 'absent');
        return [];
      },
    });
    const log = recordingLog();
    const ctx = { signal: new AbortController().signal, progress: () => {} };
    await dispatch(
      h,
      'connections.list',
      {},
      { ...ctx, callId: 'call-7' },
      { checkResults: true, log },
    );
    await dispatch(h, 'connections.list', {}, ctx, { checkResults: true, log });
    expect(seen).toEqual(['call-7', 'absent']);
  });

  it('logs malformed progress by call and path, and forwards it unchecked in production', async () => {
    const h = handlers({
      'connections.test': async (_a, c) => {
        c.progress({ ...progressStep, status: 7 } as never);
        throw new AppError({ code: 'NETWORK', message: 'x' });
      },
    });
    const checked = run(h, 'connections.test', { id: 'c1' });
    await checked.result;
    expect(checked.progress).toEqual([]);
    expect(checked.log.lines.join('\n')).toMatch(
      /progress report does not match the contract .*connections\.test.*args\.status/,
    );
    const unchecked = run(h, 'connections.test', { id: 'c1' }, { check: false });
    await unchecked.result;
    expect(unchecked.progress).toEqual([{ ...progressStep, status: 7 }]);
  });

  it('ignores progress reported after the handler threw', async () => {
    let late: ((p: never) => void) | undefined;
    const h = handlers({
      'connections.test': async (_a, c) => {
        late = c.progress as (p: never) => void;
        throw new AppError({ code: 'NETWORK', message: 'x' });
      },
    });
    const { result, progress } = run(h, 'connections.test', { id: 'c1' });
    await result;
    late?.(progressStep as never);
    expect(progress).toEqual([]);
  });

  it('explains a result that breaks the contract, naming the call, and logs where', async () => {
    const h = handlers({ 'connections.get': async () => ({ ...summary, extra: SECRET }) });
    const { result, log } = run(h, 'connections.get', { id: 'c1' });
    const wire = await result;
    if (wire.ok) throw new Error('expected a refusal');
    expect(wire.error.message).toBe(
      'The app produced a result for connections.get that does not match its contract.',
    );
    expect(wire.error.hint).toMatch(/bug in Taxiway/);
    expect(log.lines.join('\n')).toMatch(/result does not match the contract .*connections\.get/);
  });

  it('explains an unexpected failure, naming the call, and logs what was thrown', async () => {
    const h = handlers({
      'connections.get': () => Promise.reject(new RangeError('out of range')),
      'connections.list': () => Promise.reject('a bare string') as never,
    });
    const first = run(h, 'connections.get', { id: 'c1' });
    const wire = await first.result;
    if (wire.ok) throw new Error('expected a failure');
    expect(wire.error.message).toBe(
      'Something went wrong inside Taxiway while running connections.get.',
    );
    expect(wire.error.hint).toMatch(/Try again/);
    expect(first.log.lines.join('\n')).toMatch(
      /call failed unexpectedly .*connections\.get.*"name":"RangeError","message":"out of range"/,
    );
    const second = run(h, 'connections.list', {});
    await second.result;
    expect(second.log.lines.join('\n')).toContain('"value":"a bare string"');
  });

  it('names the call in a cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    const wire = await run(handlers({}), 'connections.list', {}, { signal: controller.signal })
      .result;
    expect(wire).toEqual({
      ok: false,
      error: {
        code: 'CANCELLED',
        message: 'connections.list was cancelled.',
        where: 'connections.list',
      },
    });
  });

  it('checks results everywhere but in production', () => {
    expect(defaultCheckResults({ NODE_ENV: 'production' })).toBe(false);
    expect(defaultCheckResults({ NODE_ENV: 'test' })).toBe(true);
    expect(defaultCheckResults({})).toBe(true);
  });
});
