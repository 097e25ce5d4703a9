import { describe, expect, it } from 'vitest';
import type { Handlers } from './dispatch';
import { CallRegistry } from './call-registry';

const log = { error: () => {}, warn: () => {} };
const opts = { checkResults: true, log };

/** A handler for connections.list that waits until its signal aborts. */
const hanging = {
  'connections.list': (_a: unknown, c: { signal: AbortSignal }) =>
    new Promise((_r, reject) =>
      c.signal.addEventListener('abort', () => reject(new Error('aborted'))),
    ),
} as unknown as Handlers;

describe('call registry', () => {
  it('cancels a call by its id', async () => {
    const registry = new CallRegistry();
    const pending = registry.run(hanging, 'call-00000001', 'connections.list', {}, () => {}, opts);
    expect(registry.has('call-00000001')).toBe(true);
    expect(registry.cancel('call-00000001')).toBe(true);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(registry.size).toBe(0);
  });

  it('cancels every call when the renderer goes away', async () => {
    const registry = new CallRegistry();
    const calls = ['call-0000000a', 'call-0000000b'].map((id) =>
      registry.run(hanging, id, 'connections.list', {}, () => {}, opts),
    );
    registry.cancelAll();
    for (const c of calls)
      await expect(c).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('cancels when the transport signal aborts (the web request closed)', async () => {
    const registry = new CallRegistry();
    const closed = new AbortController();
    const pending = registry.run(
      hanging,
      'call-0000000c',
      'connections.list',
      {},
      () => {},
      opts,
      closed.signal,
    );
    closed.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('refuses a malformed or reused call id without running anything', async () => {
    const registry = new CallRegistry();
    for (const bad of [undefined, 42, 'short', 'has space in it', 'x'.repeat(65)]) {
      await expect(
        registry.run(hanging, bad, 'connections.list', {}, () => {}, opts),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGS', where: 'callId' },
      });
    }
    const first = registry.run(hanging, 'call-0000000d', 'connections.list', {}, () => {}, opts);
    await expect(
      registry.run(hanging, 'call-0000000d', 'connections.list', {}, () => {}, opts),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    registry.cancel('call-0000000d');
    await first;
  });

  it('ignores a cancel for an unknown id', () => {
    expect(new CallRegistry().cancel('call-00000099')).toBe(false);
    expect(new CallRegistry().cancel({})).toBe(false);
  });
});
