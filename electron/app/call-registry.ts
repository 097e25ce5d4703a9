/**
 * Calls in flight, by call id, each with its AbortController (Bruno's cancel-token map). Both
 * transports keep one per renderer: cancelling a call id aborts the handler's signal, which the
 * TAXII client passes to the real HTTP request.
 */
import { CALL_ID_PATTERN } from '../../shared/api';
import type { Wire } from '../../shared/errors';
import { dispatch, type DispatchOptions, type Handlers } from './dispatch';

/** The calls one renderer has in flight. */
export class CallRegistry {
  readonly #controllers = new Map<string, AbortController>();

  /** Number of calls in flight. */
  get size(): number {
    return this.#controllers.size;
  }

  /** True when the call id is in flight. */
  has(callId: string): boolean {
    return this.#controllers.has(callId);
  }

  /** Aborts one call; false when the id is unknown (already finished, or never started). */
  cancel(callId: unknown): boolean {
    if (typeof callId !== 'string') return false;
    const controller = this.#controllers.get(callId);
    if (!controller) return false;
    controller.abort(new Error('cancelled'));
    return true;
  }

  /** Aborts every call (renderer reloaded or closed, bridge shutting down). */
  cancelAll(): void {
    for (const controller of this.#controllers.values()) controller.abort(new Error('cancelled'));
    this.#controllers.clear();
  }

  /**
   * Runs one call through dispatch under `callId`, routing its progress to `onProgress`.
   * An invalid or duplicate call id is refused as INVALID_ARGS without running anything.
   * `external` aborts the call too (the HTTP request closing, in web mode).
   */
  async run(
    handlers: Handlers,
    callId: unknown,
    name: unknown,
    args: unknown,
    onProgress: (progress: unknown) => void,
    opts: DispatchOptions,
    external?: AbortSignal,
  ): Promise<Wire<unknown>> {
    if (typeof callId !== 'string' || !CALL_ID_PATTERN.test(callId)) {
      return {
        ok: false,
        error: {
          code: 'INVALID_ARGS',
          message: 'The call id is missing or malformed.',
          where: 'callId',
        },
      };
    }
    if (this.#controllers.has(callId)) {
      return {
        ok: false,
        error: {
          code: 'INVALID_ARGS',
          message: 'A call with this id is already running.',
          where: 'callId',
        },
      };
    }
    const controller = new AbortController();
    this.#controllers.set(callId, controller);
    const onExternalAbort = (): void => controller.abort(new Error('cancelled'));
    if (external?.aborted) onExternalAbort();
    else external?.addEventListener('abort', onExternalAbort, { once: true });
    try {
      return await dispatch(
        handlers,
        name,
        args,
        { signal: controller.signal, progress: onProgress, callId },
        opts,
      );
    } finally {
      external?.removeEventListener('abort', onExternalAbort);
      this.#controllers.delete(callId);
    }
  }
}
