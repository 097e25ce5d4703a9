/**
 * Connection profiles: the list, and the mutations that change it. Secrets typed by a person go
 * into `connections.save` and are never read back; the summaries carry only `has…` flags.
 */
import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { Args, Progress } from '../../shared/contract';
import { callMutation, callQuery } from './call';
import { call } from './transport';

/** Every saved connection. */
export const connectionsQuery = () => callQuery('connections.list', {});

/** Drops everything cached about connections (and what was browsed through them). */
export function invalidateConnections(qc: QueryClient, ids?: readonly string[]): void {
  void qc.invalidateQueries({ queryKey: ['connections.list'] });
  if (ids === undefined) return;
  for (const id of ids) {
    for (const name of ['discovery.get', 'roots.get', 'collections.list'] as const)
      void qc.invalidateQueries({
        queryKey: [name],
        predicate: (q) => (q.queryKey[1] as { connectionId?: string })?.connectionId === id,
      });
  }
}

/** Saves a new or edited connection (secrets straight to the keychain). */
export const saveConnection = (qc: QueryClient) =>
  callMutation('connections.save', {
    onSuccess: (saved) => {
      // In the list at once, so a view showing "the selected connection" never sees a gap.
      qc.setQueryData(connectionsQuery().queryKey, (old) =>
        old
          ? old.some((c) => c.id === saved.id)
            ? old.map((c) => (c.id === saved.id ? saved : c))
            : [...old, saved]
          : old,
      );
      invalidateConnections(qc, [saved.id]);
    },
  });

/** Removes a connection and its secrets. */
export const removeConnection = (qc: QueryClient) =>
  callMutation('connections.remove', {
    onSuccess: (r) => invalidateConnections(qc, [r.id]),
  });

/** What a test run needs: the target, and where each step goes as it runs. */
export interface TestRun {
  target: Args<'connections.test'>;
  onStep: (step: Progress<'connections.test'>) => void;
  signal?: AbortSignal;
}

/** Tests a saved connection or a draft, step by step. */
export const testConnection = () =>
  mutationOptions({
    mutationKey: ['connections.test'],
    mutationFn: ({ target, onStep, signal }: TestRun) =>
      call('connections.test', target, { onProgress: onStep, ...(signal ? { signal } : {}) }),
  });

/** Imports an exported profiles document. */
export const importConnections = (qc: QueryClient) =>
  callMutation('connections.import', {
    onSuccess: () => invalidateConnections(qc),
  });

/** Exports profiles (never their secrets) as the text of a file. */
export const exportConnections = () => callMutation('connections.export');

/** Pins the server certificate a test reported. */
export const pinCertificate = (qc: QueryClient) =>
  callMutation('connections.pin-certificate', {
    onSuccess: (saved) => invalidateConnections(qc, [saved.id]),
  });
