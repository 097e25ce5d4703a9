/**
 * Walking a paged endpoint to the end, safely (TAXII 2.1 §3.5, TAXII 2.0 §3.4):
 * - `next` is echoed exactly, with exactly the same filters;
 * - `more` without `next` continues from X-TAXII-Date-Added-Last: `added_after` is a strict ">"
 *   (§3.4.1), so it asks from one unit of that value's precision earlier and drops what was
 *   already handed out at that instant (a run of equal dates across a page boundary is not
 *   skipped); a run longer than the server's page cannot be paged that way, and fails with
 *   PAGING_LOOP rather than skip;
 * - a `next` the server refuses (400/404: it expired) restarts the same way from the last
 *   date_added seen;
 * - a loop (the same page again, or only items already received under the `next` it was given)
 *   is caught: the walk stops trusting `next` and continues with `added_after` (or, with
 *   `onLoop: 'stop'`, or when that cannot advance either, fails with PAGING_LOOP). A `next` that
 *   comes back unchanged while the pages move on is not a loop: it is a server-side session
 *   (medallion keeps one id for the whole walk), so checkpoints then resume with `added_after`;
 * - duplicates across nearby pages are dropped by id+version; at most a few pages are in memory;
 * - with `checkpoints`, every page carries a serialisable checkpoint, and `resume` continues a
 *   cancelled walk from one.
 *
 * Each page is handed over as soon as it arrives, and the following one is already requested
 * while the caller works on it (unless `prefetch: false`). Breaking out of `for await`, or the
 * caller's signal, aborts whatever request is in flight.
 */
import { AppError, isAppError } from '../../../shared/errors';
import {
  digestKeys,
  emptyDigest,
  filtersIdentity,
  formatDigest,
  parseDigest,
  type WalkCheckpoint,
  type WalkEndpoint,
} from '../../../shared/taxii/checkpoint';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import { compareTimestamps, oneUnitBefore } from '../../../shared/taxii/timestamps';

/** How a walk behaves. */
export interface WalkOptions {
  signal?: AbortSignal;
  /** Request the next page while the caller handles this one (default true). */
  prefetch?: boolean;
  /** Stop after this many pages (default: no limit; the loop guards still apply). */
  maxPages?: number;
  /** Attach a `checkpoint` to every page handed out (costs a little per item). */
  checkpoints?: boolean;
  /** Continue after the page this checkpoint was taken on (same URL and filters required). */
  resume?: WalkCheckpoint;
  /**
   * When the server's `next` loops: 'recover' (default) continues with `added_after` and says so;
   * 'stop' fails with PAGING_LOOP at once.
   */
  onLoop?: 'recover' | 'stop';
}

/** What the walk is over, for checkpoints (set by the client). */
export interface WalkIdentity {
  endpoint: WalkEndpoint;
  /** URL without credentials. */
  url: string;
}

/** A page as a fetcher returns it: `keep` filters items the server could not filter itself. */
export type FetchedPage<T> = Page<T> & { keep?: (item: T) => boolean };

/** Fetches one page for `filters` (which carry `next`/`added_after`/`limit` as the walk sets them). */
export type PageFetcher<T> = (
  filters: TaxiiFilters,
  signal: AbortSignal,
) => Promise<FetchedPage<T>>;

/** How many pages back duplicates are looked for (they arise at page boundaries). */
const DEDUPE_PAGES = 3;

function loop(message: string, where: string, hint?: string): AppError {
  return new AppError({
    code: 'PAGING_LOOP',
    message,
    hint:
      hint ??
      'The server’s paging is broken. The pages already received are complete up to here; tell the server operator, or narrow the filters.',
    where,
  });
}

function samePage<T>(
  a: readonly T[],
  b: readonly T[] | undefined,
  keyOf: (item: T) => string,
): boolean {
  if (b === undefined || a.length === 0 || a.length !== b.length) return false;
  // Cheap first: consecutive good pages differ at their first or last item.
  if (keyOf(a[0] as T) !== keyOf(b[0] as T)) return false;
  if (keyOf(a[a.length - 1] as T) !== keyOf(b[b.length - 1] as T)) return false;
  return a.every((item, i) => keyOf(item) === keyOf(b[i] as T));
}

/** True when every item of a non-empty page was on one of the pages in `history`. */
function allSeenBefore<T>(
  items: readonly T[],
  history: readonly { items?: T[]; keys?: string[] }[],
  keyOf: (item: T) => string,
): boolean {
  if (items.length === 0 || history.length === 0) return false;
  const seen = new Set<string>();
  for (const h of history) {
    if (h.keys) for (const k of h.keys) seen.add(k);
    else if (h.items) for (const item of h.items) seen.add(keyOf(item));
  }
  return items.every((item) => seen.has(keyOf(item)));
}

function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimestamps(b, a) > 0 ? b : a;
}

/** Applies a page's `keep` (if any) and returns a plain Page. */
export function settlePage<T>(page: FetchedPage<T>): Page<T> {
  const { keep, ...rest } = page;
  return keep ? { ...rest, items: rest.items.filter(keep) } : rest;
}

/** Throws INVALID_INPUT unless `cp` belongs to this walk. */
function checkResume(
  cp: WalkCheckpoint,
  identity: WalkIdentity | undefined,
  filters: TaxiiFilters,
): void {
  const fail = (why: string): never => {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The saved position cannot be used here: ${why}.`,
      hint: 'Resume with the same collection and filters the walk was started with, or start again.',
      where: 'resume',
    });
  };
  if (identity && cp.endpoint !== identity.endpoint)
    fail(`it was taken on the ${cp.endpoint} endpoint, not ${identity.endpoint}`);
  if (identity && cp.url !== identity.url) fail(`it was taken on ${cp.url}`);
  if (filtersIdentity(cp.filters) !== filtersIdentity(filters))
    fail('it was taken with other filters');
  if (parseDigest(cp.seenDigest) === undefined) fail('its digest is malformed');
}

/**
 * Walks every page for `filters`; see the file comment. `keyOf` gives an item's id+version key.
 * `identity` names the walk in checkpoints.
 */
export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  filters: TaxiiFilters,
  keyOf: (item: T) => string,
  options: WalkOptions = {},
  identity?: WalkIdentity,
): AsyncGenerator<Page<T>, void, undefined> {
  const resume = options.resume;
  if (resume) {
    checkResume(resume, identity, filters);
    if (resume.done) return;
  }
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const prefetch = options.prefetch ?? true;
  const stopOnLoop = options.onLoop === 'stop';
  const userFilters: TaxiiFilters = { ...filters };
  delete userFilters.next;
  const base: TaxiiFilters = { ...userFilters };
  if (resume?.limit !== undefined) base.limit = resume.limit;

  // The last few pages as received, for finding duplicates. Keys are computed only when a page
  // can hold duplicates at all: a re-sent item keeps its date_added, so a page whose first
  // date_added is after every earlier page's last one cannot repeat anything (the common case,
  // which then costs nothing per item).
  const history: { items?: T[]; keys?: string[]; last?: string }[] = [];
  if (resume && resume.boundaryKeys.length > 0) {
    history.push({
      keys: resume.boundaryKeys,
      ...(resume.lastDateAdded !== undefined ? { last: resume.lastDateAdded } : {}),
    });
  }
  let nextUnreliable = resume?.nextUnreliable ?? false;
  // The server kept one next token while the pages moved on: the token is a session whose
  // position moves with every use, so a checkpoint must not replay it.
  let sessionNext = false;
  let lastDateAdded = resume?.lastDateAdded;
  let pagesOut = resume?.pages ?? 0;
  let itemsOut = resume?.items ?? 0;
  let digest = (resume && parseDigest(resume.seenDigest)) || emptyDigest();
  let params: TaxiiFilters;
  if (!resume) params = { ...filters };
  else {
    const after = resume.addedAfter ?? (nextUnreliable ? resume.lastDateAdded : undefined);
    params = {
      ...base,
      ...(after !== undefined ? { addedAfter: after } : {}),
      ...(resume.next !== undefined && !nextUnreliable ? { next: resume.next } : {}),
    };
  }

  let prevItems: T[] | undefined;
  let emptyStreak = 0;
  let allDuplicateStreak = 0;
  let pages = 0;
  let carried: QuirkNote[] = [];
  /** A re-ask from just before `instant`, and the keys already handed out at it. */
  type Reask = { instant: string; keys: Set<string> };
  type Fetched = { page: FetchedPage<T>; used: TaxiiFilters; reask?: Reask };
  let pending: Promise<Fetched> | undefined;
  // The pages handed out whose X-TAXII-Date-Added-Last is `instant`: every item added at that
  // instant is on one of them (plus, harmlessly, some earlier ones).
  let tie: { instant: string; pages: T[][] } | undefined;
  // Asking again from just before `from`, and what was already handed out at that instant.
  const reaskFrom = (from: string): { params: TaxiiFilters; reask: Reask } | undefined => {
    const before = oneUnitBefore(from);
    if (!tie || before === undefined || compareTimestamps(tie.instant, from) !== 0)
      return undefined;
    return {
      params: { ...base, addedAfter: before },
      reask: { instant: from, keys: new Set(tie.pages.flatMap((items) => items.map(keyOf))) },
    };
  };
  const reasked = new WeakMap<TaxiiFilters, Reask>();

  const fetchOrRecover = async (
    p: TaxiiFilters,
    restartFrom: string | undefined,
  ): Promise<Fetched> => {
    try {
      const reask = reasked.get(p);
      return { page: await fetchPage(p, controller.signal), used: p, ...(reask ? { reask } : {}) };
    } catch (err) {
      const status = isAppError(err) ? err.wire.status : undefined;
      if (p.next === undefined || (status !== 400 && status !== 404)) throw err;
      // A refused `next` is usually an expired server-side session (medallion: 30 s).
      if (restartFrom === undefined) {
        throw new AppError(
          {
            ...(err as AppError).wire,
            hint: 'The server refused its own next token (it may have expired) and sent no X-TAXII-Date-Added-Last to restart from. Start the walk again.',
          },
          { cause: err },
        );
      }
      const again = reaskFrom(restartFrom);
      const q: TaxiiFilters = again?.params ?? { ...base, addedAfter: restartFrom };
      const page = await fetchPage(q, controller.signal);
      addNote(page.notes, {
        code: 'NEXT_EXPIRED',
        message: `The server refused its own next token (${status}: expired or unknown); continued from the last date_added received (${restartFrom}) with added_after, without duplicates.`,
        where: page.url,
      });
      return { page, used: q, ...(again?.reask ? { reask: again.reask } : {}) };
    }
  };

  const start = (p: TaxiiFilters): typeof pending => {
    const promise = fetchOrRecover(p, lastDateAdded);
    promise.catch(() => undefined); // observed later, or dropped when the caller stops early
    return promise;
  };

  try {
    pending = start(params);
    while (pending) {
      const { page, used, reask } = await pending;
      pending = undefined;
      pages++;
      const items = page.items;

      // Loops: the very same page came again, or the token just used came back with nothing new.
      // The token coming back alone is legal (a session id, like medallion's), and then the
      // pages still move on.
      const sameNext =
        used.next !== undefined && page.next !== undefined && page.next === used.next;
      const repeated =
        samePage(items, prevItems, keyOf) || (sameNext && allSeenBefore(items, history, keyOf));
      if (sameNext && !repeated) sessionNext = true;
      let looped = false;
      if (repeated && page.more) {
        const what = sameNext
          ? `the same next token it was given (${JSON.stringify(page.next)}) with the same items again`
          : 'the same page twice';
        if (stopOnLoop) {
          throw loop(`The server sent ${what}; stopped to avoid an endless loop.`, page.url);
        }
        if (!nextUnreliable) {
          nextUnreliable = true;
          looped = true;
          addNote(page.notes, {
            code: 'NEXT_LOOPED',
            message: `The server sent ${what}, which would loop forever; its next tokens are no longer followed, and the walk continues with added_after from the last X-TAXII-Date-Added-Last received.`,
            where: page.url,
          });
        }
      }

      // Drop items seen on the last few pages (boundary duplicates, replayed pages).
      const first = page.dateAddedFirst;
      const mayRepeat =
        reask !== undefined ||
        (history.length > 0 &&
          (first === undefined ||
            history.some((h) => h.last === undefined || compareTimestamps(first, h.last) <= 0)));
      let fresh = items;
      let dropped = 0;
      // Items asked for again on purpose (from just before an instant) go without a note.
      let reDropped = 0;
      if (mayRepeat) {
        const seen = new Set<string>();
        for (const h of history) {
          if (h.keys) for (const k of h.keys) seen.add(k);
          else if (h.items) for (const item of h.items) seen.add(keyOf(item));
        }
        fresh = [];
        for (const item of items) {
          const k = keyOf(item);
          if (reask?.keys.has(k)) {
            reDropped++;
          } else if (seen.has(k)) dropped++;
          else {
            seen.add(k);
            fresh.push(item);
          }
        }
      }
      history.push({
        items,
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
      lastDateAdded = laterOf(lastDateAdded, page.dateAddedLast);
      // A re-ask that brought nothing new and ends no later than where it started cannot advance.
      if (
        reask !== undefined &&
        page.more &&
        items.length > 0 &&
        dropped + reDropped === items.length &&
        page.dateAddedLast !== undefined &&
        compareTimestamps(page.dateAddedLast, reask.instant) <= 0
      ) {
        const oneInstant =
          page.dateAddedFirst !== undefined &&
          compareTimestamps(page.dateAddedFirst, reask.instant) === 0;
        throw oneInstant
          ? loop(
              `More items share the date_added ${reask.instant} than the server serves in one page, and it gives no next token to page through them; stopped rather than skip them.`,
              page.url,
              'The pages already received are complete up to here. Ask the server operator for working next tokens, or narrow the filters so fewer objects share that instant.',
            )
          : loop(
              `The server said more items remain, but its X-TAXII-Date-Added-Last (${page.dateAddedLast}) does not move past the last added_after; stopped to avoid an endless loop.`,
              page.url,
            );
      }
      if (page.dateAddedLast !== undefined) {
        if (tie && compareTimestamps(tie.instant, page.dateAddedLast) === 0) tie.pages.push(items);
        else tie = { instant: page.dateAddedLast, pages: [items] };
      } else tie = undefined;

      // Work out how to continue before handing the page over, so a note can go with it.
      let nextParams: TaxiiFilters | undefined;
      if (items.length > 0 && dropped + reDropped === items.length && !looped) allDuplicateStreak++;
      else allDuplicateStreak = 0;
      if (items.length === 0) emptyStreak++;
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
        } else if (!nextUnreliable && page.next !== undefined && page.next !== '') {
          // The same query as the one that produced this page (with its added_after, if the walk
          // is on the added_after path), plus the token: servers bind `next` to the query.
          nextParams = {
            ...base,
            ...(used.addedAfter !== undefined ? { addedAfter: used.addedAfter } : {}),
            next: page.next,
          };
        } else {
          const from = nextUnreliable ? lastDateAdded : page.dateAddedLast;
          if (from !== undefined) {
            const after = used.addedAfter;
            if (after !== undefined && compareTimestamps(from, after) <= 0 && !looped) {
              throw loop(
                `The server said more items remain, but its X-TAXII-Date-Added-Last (${from}) does not move past the last added_after; stopped to avoid an endless loop.`,
                page.url,
              );
            }
            const again = reaskFrom(from);
            if (!nextUnreliable) {
              addNote(page.notes, {
                code: 'ADDED_AFTER_FALLBACK',
                message: again
                  ? 'The server said more items remain but gave no next token; continuing with added_after from X-TAXII-Date-Added-Last, leaving out what was already received at that instant.'
                  : 'The server said more items remain but gave no next token; continuing with added_after = X-TAXII-Date-Added-Last (items sharing that instant may be missed).',
                where: page.url,
              });
            }
            nextParams = again?.params ?? { ...base, addedAfter: from };
            if (again?.reask) reasked.set(nextParams, again.reask);
          } else if (looped) {
            throw loop(
              'The server’s next token loops, and it sends no X-TAXII-Date-Added-Last header to continue from instead; stopped to avoid an endless loop.',
              page.url,
            );
          } else {
            addNote(page.notes, {
              code: 'MORE_WITHOUT_CONTINUATION',
              message:
                'The server said more items remain but gave neither a next token nor a valid X-TAXII-Date-Added-Last header, so there is no way to ask for them; stopped here.',
              where: page.url,
            });
          }
        }
      }
      prevItems = items;
      // Where the walk would go on: kept in the checkpoint even when maxPages stops it here.
      let continuation = nextParams;
      if (nextParams && options.maxPages !== undefined && pages >= options.maxPages)
        nextParams = undefined;
      if (nextParams && page.range && page.more && base.limit !== undefined) {
        // 2.0: ask for what the server actually serves per page (TAXII 2.0 §3.4 lets it serve fewer).
        const served = page.range.last - page.range.first + 1;
        if (served > 0 && served < base.limit) {
          addNote(page.notes, {
            code: 'PAGE_SIZE_SHRUNK',
            message: `The server serves ${served} items per page (asked for ${base.limit}); asking for ${served} from now on.`,
            where: page.url,
          });
          base.limit = served;
          nextParams.limit = served;
          continuation = nextParams;
        }
      }

      if (page.keep) fresh = fresh.filter(page.keep);
      const out: Page<T> = { ...page, items: fresh };
      delete (out as FetchedPage<T>).keep;
      if (carried.length > 0) {
        out.notes = [...carried, ...page.notes.filter((n) => !carried.includes(n))];
        carried = [];
      }
      if (nextParams) params = nextParams;
      if (nextParams && prefetch) pending = start(nextParams);
      // A page that held only repeats is not worth showing: its notes go with the next one.
      if (nextParams && fresh.length === 0 && dropped + reDropped > 0) {
        carried = out.notes;
        if (!prefetch) pending = start(nextParams);
        continue;
      }
      pagesOut++;
      itemsOut += fresh.length;
      if (options.checkpoints) {
        const keys = items.map(keyOf);
        digest = digestKeys(digest, fresh === items ? keys : fresh.map(keyOf));
        out.checkpoint = {
          v: 1,
          endpoint: identity?.endpoint ?? 'objects',
          url: identity?.url ?? page.url,
          filters: userFilters,
          ...(continuation?.next !== undefined ? { next: continuation.next } : {}),
          ...(continuation?.addedAfter !== undefined &&
          continuation.addedAfter !== userFilters.addedAfter
            ? { addedAfter: continuation.addedAfter }
            : {}),
          ...(lastDateAdded !== undefined ? { lastDateAdded } : {}),
          ...(nextUnreliable || sessionNext ? { nextUnreliable: true } : {}),
          done: !continuation,
          pages: pagesOut,
          items: itemsOut,
          ...(base.limit !== undefined ? { limit: base.limit } : {}),
          boundaryKeys: keys,
          seenDigest: formatDigest(digest),
          savedAt: new Date().toISOString(),
        };
      }
      yield out;
      if (nextParams && !prefetch) pending = start(nextParams);
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
    // The caller stopped (break, throw) or the walk ended: abort whatever is still in flight.
    controller.abort(new AppError({ code: 'CANCELLED', message: 'Paging stopped.' }));
  }
}
