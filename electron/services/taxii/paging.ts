/**
 * Walking a paged endpoint to the end, safely (digest §6.2, §6.3): `next` echoed with the same
 * filters; `more` without `next` continued with `added_after` = X-TAXII-Date-Added-Last verbatim;
 * loops detected (same `next` and same page, all-duplicate pages, an `added_after` that does not
 * advance); duplicates across nearby pages dropped by id+version; at most two pages in memory.
 *
 * Each page is handed over as soon as it arrives, and the following one is already requested
 * while the caller works on it (unless `prefetch: false`). Breaking out of `for await`, or the
 * caller's signal, aborts whatever request is in flight.
 */
import { AppError } from '../../../shared/errors';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { addNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import { compareTimestamps } from '../../../shared/taxii/timestamps';

/** How a walk behaves. */
export interface WalkOptions {
  signal?: AbortSignal;
  /** Request the next page while the caller handles this one (default true). */
  prefetch?: boolean;
  /** Stop after this many pages (default: no limit; the loop guards still apply). */
  maxPages?: number;
}

/** Fetches one page for `filters` (which carry `next`/`added_after`/`limit` as the walk sets them). */
export type PageFetcher<T> = (filters: TaxiiFilters, signal: AbortSignal) => Promise<Page<T>>;

/** How many pages back duplicates are looked for (they arise at page boundaries). */
const DEDUPE_PAGES = 3;

function loop(message: string, where: string): AppError {
  return new AppError({
    code: 'PAGING_LOOP',
    message,
    hint: 'The server’s paging is broken. The pages already received are complete up to here; tell the server operator, or narrow the filters.',
    where,
  });
}

function samePage<T>(
  a: readonly T[],
  b: readonly T[] | undefined,
  keyOf: (item: T) => string,
): boolean {
  return (
    b !== undefined &&
    a.length === b.length &&
    a.every((item, i) => keyOf(item) === keyOf(b[i] as T))
  );
}

/** Walks every page for `filters`; see the file comment. `keyOf` gives an item's id+version key. */
export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  filters: TaxiiFilters,
  keyOf: (item: T) => string,
  options: WalkOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const prefetch = options.prefetch ?? true;
  const base: TaxiiFilters = { ...filters };
  delete base.next;

  // The last few pages as received, for finding duplicates. Keys are computed only when a page
  // can hold duplicates at all: a re-sent item keeps its date_added, so a page whose first
  // date_added is after every earlier page's last one cannot repeat anything (the common case,
  // which then costs nothing per item).
  const history: { items: T[]; last?: string }[] = [];
  let params: TaxiiFilters = { ...filters };
  let prevNext: string | undefined;
  let prevItems: T[] | undefined;
  let emptyStreak = 0;
  let allDuplicateStreak = 0;
  let pages = 0;
  let pending: Promise<Page<T>> | undefined;

  const start = (p: TaxiiFilters): Promise<Page<T>> => {
    const promise = fetchPage(p, controller.signal);
    promise.catch(() => undefined); // observed later, or dropped when the caller stops early
    return promise;
  };

  try {
    pending = start(params);
    while (pending) {
      const page = await pending;
      pending = undefined;
      pages++;

      // Drop items seen on the last few pages (boundary duplicates, replayed pages).
      const first = page.dateAddedFirst;
      const mayRepeat =
        history.length > 0 &&
        (first === undefined ||
          history.some((h) => h.last === undefined || compareTimestamps(first, h.last) <= 0));
      let fresh = page.items;
      let dropped = 0;
      if (mayRepeat) {
        const seen = new Set<string>();
        for (const h of history) for (const item of h.items) seen.add(keyOf(item));
        fresh = [];
        for (const item of page.items) {
          const k = keyOf(item);
          if (seen.has(k)) dropped++;
          else {
            seen.add(k);
            fresh.push(item);
          }
        }
      }
      history.push({
        items: page.items,
        ...(page.dateAddedLast !== undefined ? { last: page.dateAddedLast } : {}),
      });
      if (history.length > DEDUPE_PAGES) history.shift();
      if (dropped > 0) {
        addNote(page.notes, {
          code: 'DUPLICATES_DROPPED',
          message: `${dropped} item${dropped === 1 ? ' was' : 's were'} already received on an earlier page and left out.`,
          where: page.url,
        });
      }

      // Work out how to continue before handing the page over, so a note can go with it.
      let nextParams: TaxiiFilters | undefined;
      if (page.items.length > 0 && dropped === page.items.length) allDuplicateStreak++;
      else allDuplicateStreak = 0;
      if (page.items.length === 0) emptyStreak++;
      else emptyStreak = 0;

      if (allDuplicateStreak >= 2) {
        throw loop(
          'The server keeps sending pages of items it already sent; stopped to avoid an endless loop.',
          page.url,
        );
      }
      if (page.more) {
        if (emptyStreak >= 2) {
          addNote(page.notes, {
            code: 'EMPTY_PAGES',
            message:
              'The server said more items remain but sent two empty pages in a row; stopped here.',
            where: page.url,
          });
        } else if (page.next !== undefined && page.next !== '') {
          if (page.next === prevNext && samePage(page.items, prevItems, keyOf)) {
            throw loop(
              `The server sent the same page and the same next token (${JSON.stringify(page.next)}) twice; stopped to avoid an endless loop.`,
              page.url,
            );
          }
          nextParams = { ...base, next: page.next };
        } else if (page.dateAddedLast !== undefined) {
          const after = params.addedAfter;
          if (after !== undefined && compareTimestamps(page.dateAddedLast, after) <= 0) {
            throw loop(
              `The server said more items remain, but its X-TAXII-Date-Added-Last (${page.dateAddedLast}) does not move past the last added_after; stopped to avoid an endless loop.`,
              page.url,
            );
          }
          addNote(page.notes, {
            code: 'ADDED_AFTER_FALLBACK',
            message:
              'The server said more items remain but gave no next token; continuing with added_after = X-TAXII-Date-Added-Last (items sharing that instant may be missed).',
            where: page.url,
          });
          nextParams = { ...base, addedAfter: page.dateAddedLast };
        } else {
          addNote(page.notes, {
            code: 'MORE_WITHOUT_CONTINUATION',
            message:
              'The server said more items remain but gave neither a next token nor a valid X-TAXII-Date-Added-Last header, so there is no way to ask for them; stopped here.',
            where: page.url,
          });
        }
      }
      prevNext = page.next;
      prevItems = page.items;
      if (nextParams && options.maxPages !== undefined && pages >= options.maxPages)
        nextParams = undefined;
      if (nextParams && page.range && page.more && base.limit !== undefined) {
        // 2.0: ask for what the server actually serves per page (digest §6.3 step 6).
        const served = page.range.last - page.range.first + 1;
        if (served > 0 && served < base.limit) {
          addNote(page.notes, {
            code: 'PAGE_SIZE_SHRUNK',
            message: `The server serves ${served} items per page (asked for ${base.limit}); asking for ${served} from now on.`,
            where: page.url,
          });
          base.limit = served;
          nextParams.limit = served;
        }
      }

      if (nextParams) params = nextParams;
      if (nextParams && prefetch) pending = start(nextParams);
      yield { ...page, items: fresh };
      if (nextParams && !prefetch) pending = start(nextParams);
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
    // The caller stopped (break, throw) or the walk ended: abort whatever is still in flight.
    controller.abort(new AppError({ code: 'CANCELLED', message: 'Paging stopped.' }));
  }
}
