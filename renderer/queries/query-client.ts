/**
 * The app's QueryClient. No automatic retries: every error is shown where it happened with a
 * Retry button the person controls (a slow or failing server must not be hammered behind their
 * back). Pages of a collection are never refetched on their own: an infinite query refetch would
 * walk every loaded page again.
 */
import { QueryClient } from '@tanstack/react-query';
import './register';

/** A QueryClient with the app's defaults. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}
