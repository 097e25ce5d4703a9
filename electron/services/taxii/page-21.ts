/**
 * One TAXII 2.1 page (digest §6.2): always an explicit `limit`, `next` echoed as the same string,
 * oddities noted (a numeric `next`, `next` without `more`, more items than asked). And the same
 * page tolerant of what servers refuse (`tolerantPage21`): what was learned is kept per API root.
 */
import { isAppError, type AppError } from '../../../shared/errors';
import { filtersToQuery, type TaxiiFilters } from '../../../shared/taxii/filters';
import {
  isLocalFilterKey,
  localPredicate,
  type ItemKind,
  type LocalFilterKey,
} from '../../../shared/taxii/local-filters';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import {
  ACCEPT,
  DEFAULT_PAGE_SIZE,
  dateHeaders,
  type CallOptions,
  type Exchange,
} from './exchange';
import type { FetchedPage } from './paging';
import { withQuery } from './urls';

/** What a 2.1 list resource holds: its items and its paging fields. */
export interface Body21<T> {
  items: T[];
  more?: boolean;
  next?: string | number;
}

/** Where a 2.1 page is and how to read it. */
export interface Page21Request<T> {
  url: URL;
  resource: string;
  /** What the items are, for filtering here what the server refused to filter. */
  kind: ItemKind;
  itemsOf: (data: unknown, at: string) => Body21<T>;
}

/** Blind halvings of `limit` tried for a 400 that does not say what it is about. */
const MAX_BLIND_HALVINGS = 6;

/** What the client learned a server refuses, per API root, so it is not asked again. */
export interface Learned {
  /** Largest `limit` the server accepted after refusing a larger one. */
  maxLimit?: number;
  /** Filters the server answered 400 to (applied on the client instead where possible). */
  refused: Set<LocalFilterKey | `match:${string}`>;
}

/** The message and the server's own words of an error, for spotting what a 400 complains about. */
function errorText(err: AppError): string {
  const t = err.wire.taxii;
  return [err.message, t?.title, t?.description].filter(Boolean).join(' ');
}

/** Which sent filter a 400's text names (e.g. "match[spec_version] is not supported"). */
function refusedFilter(
  text: string,
  filters: TaxiiFilters,
): LocalFilterKey | `match:${string}` | undefined {
  const named = (field: string): boolean =>
    new RegExp(`match\\[${field}\\]|\\b${field}\\b`, 'i').test(text);
  if (filters.specVersion && named('spec_version')) return 'specVersion';
  if (filters.type && /match\[type\]/i.test(text)) return 'type';
  if (filters.id && /match\[id\]/i.test(text)) return 'id';
  for (const field of Object.keys(filters.match ?? {}))
    if (text.includes(`match[${field}]`)) return `match:${field}`;
  return undefined;
}

/** `filters` without the ones in `refused`. */
function withoutRefused(filters: TaxiiFilters, refused: Learned['refused']): TaxiiFilters {
  if (refused.size === 0) return filters;
  const out: TaxiiFilters = { ...filters };
  for (const r of refused) {
    if (r.startsWith('match:')) {
      const field = r.slice('match:'.length);
      if (out.match && field in out.match) {
        const { [field]: _gone, ...rest } = out.match;
        out.match = rest;
        if (Object.keys(rest).length === 0) delete out.match;
      }
    } else delete out[r as LocalFilterKey];
  }
  return out;
}

const FILTER_NAMES: Record<LocalFilterKey, string> = {
  id: 'match[id]',
  type: 'match[type]',
  specVersion: 'match[spec_version]',
};

/** One 2.1 page of `req` with `filters`, exactly as asked (but always with a limit). */
export async function page21<T>(
  ex: Exchange,
  req: Page21Request<T>,
  filters: TaxiiFilters,
  opts: CallOptions,
): Promise<Page<T>> {
  const { url, resource, itemsOf } = req;
  const notes: QuirkNote[] = [];
  // Always an explicit limit: a server's default page size may be huge, or tiny (digest §6.2).
  const sent = filters.limit === undefined ? { ...filters, limit: DEFAULT_PAGE_SIZE } : filters;
  const { res, data } = await ex.get(
    withQuery(url, filtersToQuery(sent)),
    { resource, version: '2.1', accept: ACCEPT['2.1'] },
    opts,
    notes,
  );
  const body = itemsOf(data, res.url);
  const more = body.more === true;
  // `next` is opaque: a number is echoed back as the same digits (String(5) is "5").
  const next = body.next === undefined || body.next === '' ? undefined : String(body.next);
  if (typeof body.next === 'number') {
    addNote(notes, {
      code: 'NEXT_NUMBER',
      message: `The server's next is the JSON number ${body.next}, not a string as the spec says; it is sent back as ${next}.`,
      where: res.url,
    });
  }
  if (next !== undefined && !more) {
    addNote(notes, {
      code: 'NEXT_WITHOUT_MORE',
      message: 'The server sent a next token without more: true; there are no further pages.',
      where: res.url,
    });
  }
  if (sent.limit !== undefined && body.items.length > sent.limit) {
    addNote(notes, {
      code: 'LIMIT_EXCEEDED',
      message: `The server sent ${body.items.length} items although limit was ${sent.limit} (the spec forbids more); all were kept.`,
      where: res.url,
    });
  }
  return {
    items: body.items,
    more,
    ...(more && next !== undefined ? { next } : {}),
    ...dateHeaders(res, notes, res.url),
    notes,
    url: res.url,
  };
}

/**
 * One 2.1 page, tolerant of what servers refuse: a 400 naming a filter
 * (`match[spec_version]`, say) → asked again without it, the items filtered here where that can
 * be judged per item; a 400 about `limit`, or any 400 to a request with a limit and no `next`
 * → the limit halved and tried again. What was learned is kept for the API root (so it is not
 * asked again) and noted on every page it affects. A 400 to a `next` is the walk's business.
 */
export async function tolerantPage21<T>(
  ex: Exchange,
  learned: Learned,
  req: Page21Request<T>,
  filters: TaxiiFilters,
  opts: CallOptions,
): Promise<FetchedPage<T>> {
  const asked = filters.limit ?? DEFAULT_PAGE_SIZE;
  let blind = 0;
  for (;;) {
    const limit = Math.min(asked, learned.maxLimit ?? asked);
    const sent: TaxiiFilters = { ...withoutRefused(filters, learned.refused), limit };
    let page: FetchedPage<T>;
    try {
      page = await page21(ex, req, sent, opts);
    } catch (err) {
      if (!isAppError(err) || err.wire.status !== 400 || sent.next !== undefined) throw err;
      const text = errorText(err);
      const culprit = refusedFilter(text, sent);
      if (culprit) {
        learned.refused.add(culprit);
        continue;
      }
      const aboutLimit = /\blimit\b/i.test(text);
      if (limit > 1 && (aboutLimit || blind < MAX_BLIND_HALVINGS)) {
        const before = learned.maxLimit;
        learned.maxLimit = Math.max(1, Math.floor(limit / 2));
        if (!aboutLimit) {
          blind++;
          if (blind === MAX_BLIND_HALVINGS || learned.maxLimit === 1) {
            // Halving did not help: the 400 was about something else. Forget the guess.
            if (before === undefined) delete learned.maxLimit;
            else learned.maxLimit = before;
            throw err;
          }
        }
        continue;
      }
      throw err;
    }
    if (limit < asked) {
      addNote(page.notes, {
        code: 'LIMIT_REDUCED',
        message: `The server refused limit=${asked} (400); pages are asked with limit=${limit} instead.`,
        where: page.url,
      });
    }
    const dropped = [...learned.refused].filter((r) =>
      r.startsWith('match:')
        ? filters.match?.[r.slice('match:'.length)] !== undefined
        : filters[r as LocalFilterKey] !== undefined,
    );
    if (dropped.length > 0) {
      const local = dropped.filter(isLocalFilterKey);
      const keep = localPredicate(filters, local, req.kind) as ((item: T) => boolean) | undefined;
      const names = dropped
        .map((r) => (isLocalFilterKey(r) ? FILTER_NAMES[r] : `match[${r.slice(6)}]`))
        .join(', ');
      addNote(page.notes, {
        code: 'FILTER_REJECTED',
        message: keep
          ? `The server refused ${names} (400), so it was left out of the request and the items were filtered here instead.`
          : `The server refused ${names} (400), so it was left out of the request; these results are not filtered by it.`,
        where: page.url,
      });
      if (keep) page.keep = keep;
    }
    return page;
  }
}
