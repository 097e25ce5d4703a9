/**
 * What the contract suite talks to: one of the three transports (dispatch in-process, the web
 * bridge over HTTP, Electron IPC). Each records every raw message it received, so the suite can
 * search all of them for secrets.
 */
import type { Result } from '../../shared/contract';
import type { Wire } from '../../shared/errors';

/** Options of one call. */
export interface TargetCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

/** One transport under test. */
export interface ContractTarget {
  readonly name: string;
  readonly mode: 'electron' | 'web';
  /** Resolves to the call's Wire; a call cancelled through `signal` resolves CANCELLED. */
  call(name: string, args: unknown, opts?: TargetCallOptions): Promise<Wire<unknown>>;
  /** Every raw message received so far (results and progress, as sent). */
  readonly transcripts: string[];
  /** Calls still running on the receiving end (0 once a cancelled call has ended there). */
  inFlight(): number;
  /** The text of what `export.objects` produced: a web download, or the file Electron saved. */
  readExport(result: Result<'export.objects'>): Promise<string>;
}
