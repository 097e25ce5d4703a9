/**
 * What a collection (or a saved view's filters) got since its watermark, asked of the server's
 * manifest with `added_after` one unit of the watermark's own precision before it (`added_after`
 * is a strict ">", TAXII 2.1 §3.4.1), leaving out the id|versions already seen at that instant.
 * So a check costs the pages of what is new (plus the few records at the instant), not a walk of
 * the collection; the page cache is not used (the answer must be the server's now).
 */
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { compareTimestamps, oneUnitBefore } from '../../../shared/taxii/timestamps';
import type { TaxiiClient } from '../taxii';
import type { WaitNotice } from '../taxii';
import type { Watermark } from './watermarks';

/** What is new since a watermark. */
export interface News {
  /** Object versions added since. */
  count: number;
  /** The newest date added among them (verbatim), if any. */
  newest?: string;
  /** id|versions added at `newest` (for a new watermark). */
  atNewest: string[];
  /** Manifest pages read. */
  pages: number;
}

/** How a check runs. */
export interface NewsOptions {
  signal?: AbortSignal;
  onWait?: (w: WaitNotice) => void;
  /** Stop counting past this many (a badge says "999+"); 0: no cap. */
  cap?: number;
}

const keyOf = (r: { id: string; version?: string | undefined }): string =>
  `${r.id}|${r.version ?? ''}`;

/**
 * Counts what was added since `mark` (everything when there is none) for `filters`, and says the
 * newest date added with the records at it.
 */
export async function newsSince(
  client: TaxiiClient,
  collectionUrl: string,
  filters: TaxiiFilters,
  mark: Watermark | undefined,
  options: NewsOptions = {},
): Promise<News> {
  const seen = new Set(mark?.seenAtInstant ?? []);
  const after = mark ? oneUnitBefore(mark.dateAdded) : undefined;
  // A saved view's own added_after filter stays in force when it is later than the watermark.
  const query: TaxiiFilters = { ...filters };
  if (after !== undefined && (!query.addedAfter || compareTimestamps(after, query.addedAfter) > 0))
    query.addedAfter = after;
  const out: News = { count: 0, atNewest: [], pages: 0 };
  for await (const page of client.manifestPages(collectionUrl, query, {
    cache: 'off',
    prefetch: false,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  })) {
    out.pages++;
    for (const r of page.items) {
      const k = keyOf(r);
      const date = r.date_added;
      if (mark && date !== undefined && compareTimestamps(date, mark.dateAdded) < 0) continue;
      if (
        mark &&
        date !== undefined &&
        compareTimestamps(date, mark.dateAdded) === 0 &&
        seen.has(k)
      )
        continue;
      out.count++;
      if (date === undefined) continue;
      const c = out.newest === undefined ? 1 : compareTimestamps(date, out.newest);
      if (c > 0) {
        out.newest = date;
        out.atNewest = [k];
      } else if (c === 0) out.atNewest.push(k);
    }
    if (options.cap && out.count >= options.cap) break;
  }
  return out;
}

/**
 * The watermark after marking everything up to now as seen: the newest date added the server
 * has, and every id|version at it (the old watermark when nothing is new).
 */
export async function markSeen(
  client: TaxiiClient,
  collectionUrl: string,
  filters: TaxiiFilters,
  mark: Watermark | undefined,
  options: NewsOptions = {},
): Promise<{ mark: Watermark | undefined; news: News }> {
  const news = await newsSince(client, collectionUrl, filters, mark, { ...options, cap: 0 });
  const markedAt = new Date().toISOString();
  if (news.newest === undefined) return { mark: mark && { ...mark, markedAt }, news };
  const same = mark && compareTimestamps(news.newest, mark.dateAdded) === 0;
  const seenAtInstant = same
    ? [...new Set([...mark.seenAtInstant, ...news.atNewest])]
    : news.atNewest;
  return { mark: { dateAdded: news.newest, seenAtInstant, markedAt }, news };
}
