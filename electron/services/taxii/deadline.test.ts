/**
 * The whole-response deadline, against the project's TAXII server trickling its answer one byte
 * at a time: every pause is far below the per-pause timeout, so only the deadline can end the
 * request. Checked in the client, the CLI (`--deadline`) and the app (a connection's setting); the
 * deadline is set through those public options, since the default (five minutes) is what a test
 * cannot wait for.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { CallRegistry } from '../../app/call-registry';
import { DownloadSink } from '../../app/export-sink';
import { createRuntime } from '../../app/runtime';
import { taxiway } from '../../cli/test-cli';
import { clearService, tempDir, testServiceName } from '../../../e2e/support/connections';
import { TaxiiClient } from './client';
import { expectAppError } from '../../../e2e/support/taxii';

let srv: RunningTaxiiServer;

beforeAll(async () => {
  srv = await startTaxiiServer({ mitreDir: null });
  // About 10 bytes a second: the discovery document would take a minute or more.
  srv.setFaults([{ kind: 'trickle', bytes: 1, intervalMs: 100, endpoint: 'discovery' }]);
});

afterAll(async () => {
  await srv?.close();
});

describe('a whole-response deadline', { timeout: 60_000 }, () => {
  it('ends a trickled answer in the client, once, and says which deadline it was', async () => {
    const client = new TaxiiClient({ deadlineMs: 1500, timeoutMs: 10_000 });
    const before = srv.requests.length;
    const started = Date.now();
    const err = await expectAppError(client.discover(srv.discoveryUrl), 'TIMEOUT');
    const took = Date.now() - started;
    await client.close();
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(8000);
    expect(err.message).toMatch(/within 1\.5 s, the deadline for a whole response/);
    expect(err.message).toMatch(/\d+ bytes had arrived/);
    expect(err.wire.details).toMatchObject({ cause: 'deadline', deadlineMs: 1500 });
    // Retrying would only take the deadline again.
    expect(srv.requests.length - before).toBe(1);
  });

  it('ends a trickled answer in the CLI with --deadline, without a stack trace', async () => {
    const started = Date.now();
    const run = await taxiway(['discover', srv.discoveryUrl, '--deadline', '2']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/within 2 s, the deadline for a whole response/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('ends a trickled answer in the app with the connection’s deadline', async () => {
    const home = await tempDir('taxiway-deadline-');
    const service = testServiceName();
    const downloads = new DownloadSink();
    const runtime = await createRuntime({
      mode: 'web',
      version: '0.0.0-test',
      home: path.join(home.dir, 'data'),
      keychainService: service,
      exportSink: downloads,
      checkResults: true,
    });
    try {
      const registry = new CallRegistry();
      const call = (name: string, args: unknown, id: string) =>
        registry.run(runtime.handlers, id, name, args, () => {}, runtime.dispatch);
      const saved = await call(
        'connections.save',
        {
          settings: {
            name: 'Slow',
            server: { kind: 'discovery', url: srv.discoveryUrl },
            deadlineMs: 2000,
          },
        },
        'deadline-save',
      );
      if (!saved.ok) throw new Error(JSON.stringify(saved.error));
      const id = (saved.value as { id: string; deadlineMs?: number }).id;
      expect((saved.value as { deadlineMs?: number }).deadlineMs).toBe(2000);
      const found = await call('discovery.get', { connectionId: id }, 'deadline-discover');
      expect(found.ok).toBe(false);
      if (!found.ok) {
        expect(found.error.code).toBe('TIMEOUT');
        expect(found.error.message).toMatch(/within 2 s, the deadline for a whole response/);
      }
    } finally {
      await runtime.close();
      await downloads.close();
      await clearService(service);
      await home.cleanup();
    }
  });
});
