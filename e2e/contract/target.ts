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
  /** The call id to use (default: a fresh random one), for matching events to the call. */
  callId?: string;
}

/** Receives every event the transport pushes. */
export type EventListener = (name: string, payload: unknown) => void;

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
  /**
   * Listens to the transport's events (recorded in `transcripts` too); resolves once listening,
   * to the function that stops it. Absent where the suite cannot listen (the cases then check
   * only what the calls return).
   */
  subscribe?(listener: EventListener): Promise<() => void>;
}
