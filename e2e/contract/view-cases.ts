/**
 * The contract's cases for collection views (`views.*`, shared/contract/views.ts), run by
 * ./cases.ts on every transport in order with the other cases.
 */
import assert from 'node:assert/strict';
import type { Wire, WireError } from '../../shared/errors';
import type { ContractCase } from './cases';

const VIEW_CALLS = [
  'views.open',
  'views.window',
  'views.state',
  'views.counts',
  'views.object',
  'views.load-more',
  'views.load-all',
  'views.cancel',
  'views.refresh',
  'views.close',
] as const;

/** The view cases, in order. */
export const viewCases: ContractCase[] = [
  {
    name: 'views.* answer a clear not-implemented error until the service is wired',
    async run(t, _env, state) {
      const args = (name: string): unknown =>
        name === 'views.open'
          ? {
              connectionId: state.connectionId,
              apiRoot: state.apiRoot,
              collectionId: 'x',
            }
          : name === 'views.window'
            ? { viewId: 'view-00000000', offset: 0, count: 10 }
            : name === 'views.object'
              ? { viewId: 'view-00000000', id: 'indicator--x' }
              : { viewId: 'view-00000000' };
      for (const name of VIEW_CALLS) {
        state.called.add(name);
        const wire: Wire<unknown> = await t.call(name, args(name));
        assert.equal(wire.ok, false);
        const error = (wire as { ok: false; error: WireError }).error;
        assert.equal(error.code, 'INTERNAL', `${name}: ${error.message}`);
      }
    },
  },
];
