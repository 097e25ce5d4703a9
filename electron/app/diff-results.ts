/**
 * Finished comparisons of two collections, held between calls so the renderer reads the
 * differences a page at a time (pages stay pages: never 100k differences in one message). Each
 * page hands out a one-time cursor for the next; idle comparisons are dropped.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { DiffEntry, DiffSummary } from '../services/compare';

/** One page of a comparison. */
export interface DiffPage {
  summary: DiffSummary;
  total: number;
  entries: DiffEntry[];
  offset: number;
  next?: string;
}

interface Held {
  queryKey: string;
  summary: DiffSummary;
  entries: DiffEntry[];
  offset: number;
  timer: NodeJS.Timeout;
}

/** Comparisons by cursor. */
export class DiffResults {
  readonly #held = new Map<string, Held>();

  constructor(private readonly idleMs = 10 * 60_000) {}

  /** Number of comparisons held (for tests). */
  get size(): number {
    return this.#held.size;
  }

  /** Keeps a finished comparison and returns its first page. */
  first(queryKey: string, summary: DiffSummary, entries: DiffEntry[], limit: number): DiffPage {
    return this.#page(queryKey, summary, entries, 0, limit);
  }

  /** The page the cursor points at (INVALID_INPUT when it expired or belongs to another pair). */
  next(queryKey: string, cursor: string, limit: number): DiffPage {
    const held = this.#held.get(cursor);
    this.#held.delete(cursor);
    if (held) clearTimeout(held.timer);
    if (!held || held.queryKey !== queryKey) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'This comparison cursor has expired or belongs to another comparison.',
        hint: 'Compare the two collections again.',
        where: 'next',
      });
    }
    return this.#page(queryKey, held.summary, held.entries, held.offset, limit);
  }

  /** Forgets every comparison. */
  closeAll(): void {
    for (const held of this.#held.values()) clearTimeout(held.timer);
    this.#held.clear();
  }

  #page(
    queryKey: string,
    summary: DiffSummary,
    entries: DiffEntry[],
    offset: number,
    limit: number,
  ): DiffPage {
    const end = offset + limit;
    const page: DiffPage = {
      summary,
      total: entries.length,
      entries: entries.slice(offset, end),
      offset,
    };
    if (end < entries.length) {
      const cursor = randomBytes(18).toString('base64url');
      const timer = setTimeout(() => this.#held.delete(cursor), this.idleMs);
      timer.unref();
      this.#held.set(cursor, { queryKey, summary, entries, offset: end, timer });
      page.next = cursor;
    }
    return page;
  }
}
