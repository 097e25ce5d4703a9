/**
 * The contract suite over Electron IPC: the same cases as e2e/contract/contract.test.ts, sent by
 * the app's own page through `window.taxiway`. Skipped, with a message naming
 * ELECTRON_OVERRIDE_DIST_PATH, where there is no Electron binary.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Wire } from '../../shared/errors';
import { contractCases, type ContractEnv, type ContractState } from '../contract/cases';
import type { ContractTarget, TargetCallOptions } from '../contract/target';
import { expect, test } from '../fixtures';
import { startTcpRelay } from '../fixtures/tcp-relay';
import { startTaxiiServer } from '../server/index';

type PageBridge = {
  taxiway: {
    call(id: string, name: string, args: unknown): Promise<Wire<unknown>>;
    cancel(id: string): void;
    onProgress(fn: (id: string, p: unknown) => void): () => void;
  };
};

function electronTarget(window: Page): ContractTarget {
  const transcripts: string[] = [];
  return {
    name: 'Electron IPC',
    mode: 'electron',
    transcripts,
    readExport: async (result) => {
      if (result.kind !== 'saved') throw new Error(`expected a saved file, got ${result.kind}`);
      return readFile(result.path, 'utf8');
    },
    inFlight: () => 0,
    async call(name: string, args: unknown, opts: TargetCallOptions = {}) {
      const id = randomBytes(12).toString('base64url');
      const onAbort = (): void => {
        void window.evaluate(
          (callId) => (window as unknown as PageBridge).taxiway.cancel(callId),
          id,
        );
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const { wire, progress } = await window.evaluate(
          async ([callId, callName, callArgs]) => {
            const bridge = (window as unknown as PageBridge).taxiway;
            const seen: unknown[] = [];
            const off = bridge.onProgress((cid, p) => {
              if (cid === callId) seen.push(p);
            });
            try {
              return { wire: await bridge.call(callId, callName, callArgs), progress: seen };
            } finally {
              off();
            }
          },
          [id, name, args] as const,
        );
        for (const p of progress) {
          transcripts.push(JSON.stringify(p));
          opts.onProgress?.(p);
        }
        transcripts.push(JSON.stringify(wire));
        return wire;
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

test('the contract holds over Electron IPC', async ({ electron }) => {
  test.setTimeout(120_000);
  const taxii = await startTaxiiServer({ port: 0, statusDelayMs: 50 });
  const relay = await startTcpRelay(Number(new URL(taxii.origin).port));
  const exports = await mkdtemp(path.join(tmpdir(), 'taxiway-electron-exports-'));
  try {
    // export.objects asks where to save: answer the dialog with a fresh file each time.
    await electron.app.evaluate(({ dialog }, dir) => {
      let n = 0;
      dialog.showSaveDialog = (async () => ({
        canceled: false,
        filePath: `${dir}/export-${++n}.out`,
      })) as typeof dialog.showSaveDialog;
    }, exports);
    // links.open must not launch a real browser from a test: record instead.
    await electron.app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as unknown as { __opened: string[] }).__opened = opened;
      // eslint-disable-next-line no-restricted-properties -- a recorder replaces it; nothing opens
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
    const target = electronTarget(electron.window);
    const env: ContractEnv = {
      taxii,
      relay,
      secrets: {
        header: `probe-${randomBytes(12).toString('hex')}`,
        token: `token-${randomBytes(12).toString('hex')}`,
      },
    };
    const state: ContractState = { called: new Set() };
    for (const c of contractCases) {
      await test.step(c.name, () => c.run(target, env, state));
    }
    const opened = await electron.app.evaluate(
      () => (globalThis as unknown as { __opened: string[] }).__opened,
    );
    expect(opened).toEqual(['https://example.com/a?b=1']);
  } finally {
    await relay.close();
    await taxii.close();
    await rm(exports, { recursive: true, force: true });
  }
});
