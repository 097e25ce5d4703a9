/** What the running app is (version, mode, keychain, demo server), and the keychain choice. */
import type { QueryClient } from '@tanstack/react-query';
import { callMutation, callQuery } from './call';

/** `app.info`, fetched once per page. */
export const appInfoQuery = () => callQuery('app.info', {}, { staleTime: Infinity });

/**
 * Keeps secrets in memory for this session only (when the OS keychain is unavailable); the
 * answer is the updated app info, which replaces the cached one.
 */
export const keepSecretsForSession = (qc: QueryClient) =>
  callMutation('keychain.use-session', {
    onSuccess: (info) => {
      qc.setQueryData(appInfoQuery().queryKey, info);
      // Connections whose secrets were "missing" may now take them.
      void qc.invalidateQueries({ queryKey: ['connections.list'] });
    },
  });
