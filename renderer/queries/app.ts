/** What the running app is (version, mode, keychain, demo server). */
import { queryOptions } from '@tanstack/react-query';
import { call } from './transport';

/** `app.info`, fetched once per page. */
export const appInfoQuery = () =>
  queryOptions({
    queryKey: ['app.info'] as const,
    queryFn: ({ signal }) => call('app.info', {}, { signal }),
    staleTime: Infinity,
  });
