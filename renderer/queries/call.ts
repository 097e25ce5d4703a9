/**
 * A query or a mutation over one contract call, typed from the contract by its name: the key,
 * the arguments and the result all follow from `name`. The query's react-query `signal` goes
 * into the call, and the transport turns its abort into a cancel of the call by id, so the main
 * process stops the real HTTP request. Factories with logic of their own (paging, refresh, a
 * download after an export) stay bespoke; everything else is one of these.
 */
import {
  mutationOptions,
  queryOptions,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Args, CallName, Progress, Result } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { call } from './transport';

/** A call's query key: its name, then its arguments. */
export type CallKey<K extends CallName> = readonly [K, Args<K>];

/** What a query over a call may set besides its key and function (staleTime, enabled…). */
export type CallQueryOptions<K extends CallName> = Omit<
  UseQueryOptions<Result<K>, AppError, Result<K>, CallKey<K>>,
  'queryKey' | 'queryFn'
>;

/** The query of `name` with `args`, keyed `[name, args]`; unmounting or a new key cancels the call. */
export function callQuery<K extends CallName>(
  name: K,
  args: Args<K>,
  options?: CallQueryOptions<K>,
) {
  return queryOptions<Result<K>, AppError, Result<K>, CallKey<K>>({
    ...options,
    queryKey: [name, args] as const,
    queryFn: ({ signal }) => call(name, args, { signal }),
  });
}

/** What a mutation over a call may set besides its key and function (onSuccess…). */
export type CallMutationOptions<K extends CallName, V> = Omit<
  UseMutationOptions<Result<K>, AppError, V>,
  'mutationKey' | 'mutationFn'
>;

/** The mutation of `name`, keyed `[name]`; `mutate(args)` makes the call. */
export function callMutation<K extends CallName>(
  name: K,
  options?: CallMutationOptions<K, Args<K>>,
) {
  return mutationOptions<Result<K>, AppError, Args<K>>({
    ...options,
    mutationKey: [name],
    mutationFn: (args) => call(name, args),
  });
}

/** One run of a call that reports progress: its arguments, where progress goes, how to stop it. */
export interface CallRun<K extends CallName> {
  args: Args<K>;
  onProgress: (progress: Progress<K>) => void;
  signal?: AbortSignal;
}

/** The mutation of a call with progress, keyed `[name]`; `mutate({ args, onProgress, signal })` makes the call. */
export function callRunMutation<K extends CallName>(
  name: K,
  options?: CallMutationOptions<K, CallRun<K>>,
) {
  return mutationOptions<Result<K>, AppError, CallRun<K>>({
    ...options,
    mutationKey: [name],
    mutationFn: ({ args, onProgress, signal }) =>
      call(name, args, { onProgress, ...(signal ? { signal } : {}) }),
  });
}
