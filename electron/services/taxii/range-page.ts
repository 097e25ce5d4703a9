/**
 * One TAXII 2.0 page by item range (digest §6.3): `Range: items=a-b` (retried once as the spec
 * example's `items a-b`, remembered per API root), 206 + Content-Range, 200 = everything,
 * 416 = past the end. The page's `next` is the index of the first item not yet received.
 */
import { AppError } from '../../../shared/errors';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import type { Page } from '../../../shared/taxii/page';
import {
  DEFAULT_PAGE_SIZE,
  dateHeaders,
  requestFor,
  type CallOptions,
  type Exchange,
} from './exchange';
import type { HttpResponse } from './http';
import type { Expectation } from './responses';
import { withQuery } from './urls';

/** How an API root wants its Range header written. */
export type RangeForm = 'equals' | 'space';

/** What is remembered of an API root between range requests. */
export interface RangeState {
  rangeForm?: RangeForm;
}

/** One range request: where, with which query and filters, and how to read its items. */
export interface RangeRequest<T> {
  url: URL;
  /** The query string (filters without paging). */
  query: string;
  /** `next` is the start index, `limit` the page size. */
  filters: TaxiiFilters;
  resource: string;
  accept: string;
  itemsOf: (data: unknown, url: string) => T[];
}

/** Parses `items a-b/N`, `items a-b/*`, `items *\/N`, `items *\/*` (also tolerating `=`). */
export function parseContentRange(
  value: string | undefined,
): { first?: number; last?: number; total?: number } | undefined {
  if (!value) return undefined;
  const m = /^\s*items[\s=]+(?:(\d+)-(\d+)|\*)\s*\/\s*(\d+|\*)\s*$/i.exec(value);
  if (!m) return undefined;
  return {
    ...(m[1] !== undefined ? { first: Number(m[1]), last: Number(m[2]) } : {}),
    ...(m[3] !== '*' ? { total: Number(m[3]) } : {}),
  };
}

/**
 * One 2.0 Range page. `state` is the API root's (undefined: nothing is remembered, and a refused
 * `items=a-b` is always retried in the space form).
 */
export async function rangePage<T>(
  ex: Exchange,
  state: RangeState | undefined,
  req: RangeRequest<T>,
  opts: CallOptions,
): Promise<Page<T>> {
  const { filters, accept } = req;
  const start = filters.next !== undefined ? Number(filters.next) : 0;
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `next ${JSON.stringify(filters.next)} is not an item index (TAXII 2.0 pages by item ranges).`,
      hint: 'Pass the next value of the previous page unchanged.',
      where: 'next',
    });
  }
  const size = filters.limit ?? DEFAULT_PAGE_SIZE;
  const href = withQuery(req.url, req.query);
  const notes: QuirkNote[] = [];
  const exp: Expectation = { resource: req.resource, version: '2.0', accept, ok: [200, 206] };
  const send = (form: RangeForm): Promise<HttpResponse> =>
    ex.http.request(
      href,
      requestFor(opts, {
        headers: {
          accept,
          range: `items${form === 'equals' ? '=' : ' '}${start}-${start + size - 1}`,
        },
      }),
    );
  let form: RangeForm = state?.rangeForm ?? 'equals';
  let res = await send(form);
  if (
    res.status >= 400 &&
    ![401, 403, 404, 416, 429].includes(res.status) &&
    state?.rangeForm === undefined
  ) {
    // Some 2.0 servers only take the spec example's `items a-b` (taxii2-client PR #82).
    const retry = await send('space');
    if (retry.status < 400 || retry.status === 416) {
      form = 'space';
      res = retry;
      addNote(notes, {
        code: 'RANGE_SPACE_FORM',
        message:
          'The server rejected `Range: items=a-b` and accepted the spec example’s `items a-b`; using that from now on.',
        where: res.url,
      });
    }
  }
  if (res.status < 400 && state && state.rangeForm === undefined) state.rangeForm = form;
  if (res.status === 416) {
    return { items: [], more: false, notes, url: res.url };
  }
  const data = ex.read(res, exp, notes, href);
  const items = req.itemsOf(data, res.url);
  const dates = dateHeaders(res, notes, res.url);
  const range = parseContentRange(res.headers['content-range']);
  if (res.status === 200 && !range) {
    if (items.length > size) {
      addNote(notes, {
        code: 'RANGE_IGNORED',
        message: `The server ignored the requested range and sent all ${items.length} items at once.`,
        where: res.url,
      });
    }
    return { items, more: false, ...dates, notes, url: res.url };
  }
  const first = range?.first ?? start;
  const last = range?.last ?? start + items.length - 1;
  const total = range?.total;
  const more = items.length > 0 && (total !== undefined ? last + 1 < total : items.length >= size);
  return {
    items,
    more,
    ...(more ? { next: String(last + 1) } : {}),
    ...dates,
    range: { first, last, ...(total !== undefined ? { total } : {}) },
    notes,
    url: res.url,
  };
}
