/** Publishing: validating a bundle, uploading it with progress, and reading a status. */
import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import { callQuery, callRunMutation, type CallRun } from './call';
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
export type UploadRun = CallRun<'bundle.upload'>;

/** Uploads a bundle as envelopes and follows the status. */
export const uploadBundle = (qc: QueryClient) =>
  callRunMutation('bundle.upload', {
    onSettled: (_r, _e, run) => invalidateCollection(qc, run.args),
  });

/** One status resource, read again on demand. */
export const statusQuery = (connectionId: string, apiRoot: string, statusId: string) =>
  callQuery('status.get', { connectionId, apiRoot, statusId }, { staleTime: 0 });
