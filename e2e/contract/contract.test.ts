/**
 * The contract suite over dispatch in-process and over the web bridge (real HTTP), against the
 * project's TAXII server, with the real keychain (run under scripts/with-keyring.sh).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../server/index';
import { startTcpRelay, type TcpRelay } from '../fixtures/tcp-relay';
import { startWebApp, type WebApp } from '../fixtures/web-app';
import { contractCases, type ContractEnv, type ContractState } from './cases';
import type { ContractTarget } from './target';
import { bridgeTarget, inProcessTarget } from './targets';

const transports: Array<[string, (app: WebApp) => ContractTarget]> = [
  ['dispatch in-process', inProcessTarget],
  ['the web bridge', bridgeTarget],
];

for (const [label, makeTarget] of transports) {
  describe(`the contract over ${label}`, () => {
    let taxii: RunningTaxiiServer;
    let relay: TcpRelay;
    let app: WebApp;
    let target: ContractTarget;
    let env: ContractEnv;
    const state: ContractState = { called: new Set() };

    beforeAll(async () => {
      taxii = await startTaxiiServer({ port: 0, statusDelayMs: 50 });
      relay = await startTcpRelay(Number(new URL(taxii.origin).port));
      app = await startWebApp();
      target = makeTarget(app);
      env = {
        taxii,
        relay,
        secrets: {
          header: `probe-${randomBytes(12).toString('hex')}`,
          token: `token-${randomBytes(12).toString('hex')}`,
        },
      };
    });
    afterAll(async () => {
      await app?.close();
      await relay?.close();
      await taxii?.close();
    });

    for (const c of contractCases) it(c.name, () => c.run(target, env, state));
  });
}
