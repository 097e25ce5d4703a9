/**
 * Pages as the renderer asks for them, one call at a time, walked with the client's safe paging
 * (electron/services/taxii/paging.ts: `next` echoed with the same filters, the `added_after`
 * fallback, loop guards, duplicates dropped, the following page prefetched). A walk lives here
 * between calls under a one-time cursor; the renderer only ever holds that cursor.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Page } from '../../shared/taxii/page';

interface Walk {
  iterator: AsyncGenerator<Page<unknown>, void, undefined>;
  controller: AbortController;
  /** The query this walk belongs to: a cursor is refused for any other. */
  queryKey: string;
  timer: NodeJS.Timeout;
  /** The URL of the last page, for the empty page that ends a walk. */
  lastUrl: string;
  /** The call now reading the walk: what its requests (and their waits) belong to. */
  callId: string | undefined;
}

/** A page with Taxiway's cursor in place of the server's continuation. */
export type CursorPage<T> = Omit<Page<T>, 'next'> & { next?: string };

/** Open walks by cursor. Idle walks are dropped (and their prefetch aborted) after `idleMs`. */
export class PageWalks {
  readonly #walks = new Map<string, Walk>();

  constructor(private readonly idleMs = 5 * 60_000) {}

  /** Number of open walks (for tests). */
  get size(): number {
    return this.#walks.size;
  }

  /**
   * The first page of a new walk (no cursor), or the next page of the walk `cursor` names.
   * `start` opens the walk with the given signal; `queryKey` identifies the query so a cursor
   * cannot be replayed against different filters. The call's `signal` aborts the walk.
   * `currentCall()` (given to `start`) names the call reading the walk at the moment, so that
   * what its requests report (waits) goes to the right call, prefetches included.
   */
  async page<T>(
    queryKey: string,
    cursor: string | undefined,
    signal: AbortSignal,
    start: (
      signal: AbortSignal,
      currentCall: () => string | undefined,
    ) => AsyncGenerator<Page<T>, void, undefined>,
    callId?: string,
  ): Promise<CursorPage<T>> {
    let walk: Walk;
    if (cursor === undefined) {
      const controller = new AbortController();
      const created: Walk = {
        iterator: undefined as unknown as Walk['iterator'],
        controller,
        queryKey,
        timer: this.#idle(controller),
        lastUrl: '',
        callId,
      };
      created.iterator = start(controller.signal, () => created.callId);
      walk = created;
    } else {
      const found = this.#walks.get(cursor);
      this.#walks.delete(cursor);
      if (!found || found.queryKey !== queryKey) {
        if (found) this.#end(found);
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'This page cursor has expired or belongs to another view.',
          hint: 'Reload the list from the first page.',
          where: 'next',
        });
      }
      clearTimeout(found.timer);
      found.callId = callId;
      walk = found;
    }
    const onAbort = (): void => this.#end(walk);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const step = await walk.iterator.next();
      if (step.done) {
        this.#end(walk);
        return { items: [], more: false, notes: [], url: walk.lastUrl };
      }
      const { next: _serverNext, ...page } = step.value;
      walk.lastUrl = page.url;
      if (!page.more) {
        this.#end(walk);
        return page as CursorPage<T>;
      }
      const nextCursor = randomBytes(18).toString('base64url');
      walk.timer = this.#idle(walk.controller);
      this.#walks.set(nextCursor, walk);
      return { ...(page as CursorPage<T>), next: nextCursor };
    } catch (error) {
      this.#end(walk);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Ends every walk. */
  closeAll(): void {
    for (const walk of this.#walks.values()) this.#end(walk);
    this.#walks.clear();
  }

  #idle(controller: AbortController): NodeJS.Timeout {
    const timer = setTimeout(() => {
      for (const [key, walk] of this.#walks)
        if (walk.controller === controller) this.#walks.delete(key);
      controller.abort();
    }, this.idleMs);
    timer.unref();
    return timer;
  }

  #end(walk: Walk): void {
    clearTimeout(walk.timer);
    walk.controller.abort();
    void walk.iterator.return(undefined).catch(() => {});
  }
}
