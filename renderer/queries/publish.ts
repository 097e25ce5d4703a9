/** Publishing: validating a bundle, uploading it with progress, and reading a status. */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Args, Progress } from '../../shared/contract';
import { invalidateCollection } from './objects';
import { call } from './transport';

/** Validates a bundle's text; every problem comes back by object and JSON path. */
export const validateBundle = () =>
  mutationOptions({
    mutationKey: ['bundle.validate'],
    mutationFn: ({ text, signal }: { text: string; signal?: AbortSignal }) =>
      call('bundle.validate', { text }, signal ? { signal } : {}),
  });

/** An upload and where its progress goes. */
export interface UploadRun {
  args: Args<'bundle.upload'>;
  onProgress: (p: Progress<'bundle.upload'>) => void;
  signal?: AbortSignal;
}

/** Uploads a bundle as envelopes and follows the status. */
export const uploadBundle = (qc: QueryClient) =>
  mutationOptions({
    mutationKey: ['bundle.upload'],
    mutationFn: ({ args, onProgress, signal }: UploadRun) =>
      call('bundle.upload', args, { onProgress, ...(signal ? { signal } : {}) }),
    onSettled: (_r, _e, run) => invalidateCollection(qc, run.args),
  });

/** One status resource, read again on demand. */
export const statusQuery = (connectionId: string, apiRoot: string, statusId: string) =>
  queryOptions({
    queryKey: ['status.get', { connectionId, apiRoot, statusId }] as const,
    queryFn: ({ signal }) => call('status.get', { connectionId, apiRoot, statusId }, { signal }),
    staleTime: 0,
  });
