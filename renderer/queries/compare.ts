/**
 * Comparing two collections by manifest (`collections.diff`): one infinite query keyed by the
 * two sides, so the differences arrive a page at a time and a new pair starts a new comparison.
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { Args, Progress, Result } from '../../shared/contract';
import { call } from './transport';

/** One page of differences with the totals. */
export type DiffPage = Result<'collections.diff'>;
/** One difference. */
export type DiffEntry = DiffPage['entries'][number];
/** The two sides of a comparison. */
export type DiffSides = Omit<Args<'collections.diff'>, 'limit' | 'next'>;

/** Differences per page. */
export const DIFF_PAGE_SIZE = 100;

/**
 * The differences of two collections; `onProgress` hears how many manifest records each side
 * has given so far while the first page is being worked out. Never refetched on its own: a
 * comparison reads both manifests whole.
 */
export const diffQuery = (
  sides: DiffSides,
  onProgress?: (p: Progress<'collections.diff'>) => void,
) =>
  infiniteQueryOptions({
    queryKey: ['collections.diff', sides] as const,
    queryFn: ({ pageParam, signal }) =>
      call(
        'collections.diff',
        { ...sides, limit: DIFF_PAGE_SIZE, ...(pageParam ? { next: pageParam } : {}) },
        { signal, ...(onProgress ? { onProgress } : {}) },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
