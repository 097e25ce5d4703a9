/** The conformance check of a server ("Check server"), and its report as a file. */
import { mutationOptions } from '@tanstack/react-query';
import type { Args, Progress, Result } from '../../shared/contract';
import { callMutation } from './call';
import { call } from './transport';

/** A conformance report. */
export type ConformanceReport = Result<'conformance.check'>;
/** One line of it. */
export type CheckLine = Progress<'conformance.check'>;

/** A check run: what to check, and where each line goes as soon as it is judged. */
export interface CheckRun {
  args: Args<'conformance.check'>;
  onLine: (line: CheckLine) => void;
  signal?: AbortSignal;
}

/** Runs the checklist against a connection's server (writes only with a writable collection). */
export const runCheck = () =>
  mutationOptions({
    mutationKey: ['conformance.check'],
    mutationFn: ({ args, onLine, signal }: CheckRun) =>
      call('conformance.check', args, { onProgress: onLine, ...(signal ? { signal } : {}) }),
  });

/** Renders a report as the text of a Markdown or JSON file. */
export const renderReport = () => callMutation('conformance.render');
