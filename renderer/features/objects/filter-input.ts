/**
 * What a person types into the filter bar, turned into TAXII filter values, with a plain message
 * when it cannot be. Times are UTC; typed fractional digits are kept exactly (a date_added copied
 * from the table keeps its microseconds).
 */
import { compactFilters } from '../../../shared/saved-view';
import type { ObjectFilters } from '../../queries/objects';
import type { RouteFilters } from '../navigation/route';

/** A parsed input: the value, or why it is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A typed date and time as a TAXII timestamp. Accepts `2025-01-06T08:00:00.123Z`, the same
 * without `Z`, a space instead of `T`, minutes without seconds, or a bare date (midnight UTC).
 */
export function parseTimestampInput(text: string): Parsed<string> {
  const t = text.trim();
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|\+00:?00)?$/.exec(
      t,
    );
  if (!m) {
    return {
      ok: false,
      message: 'Use a UTC date and time such as 2025-01-06T08:00:00.000Z.',
    };
  }
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec));
  if (
    date.getUTCFullYear() !== +y! ||
    date.getUTCMonth() !== +mo! - 1 ||
    date.getUTCDate() !== +d! ||
    +h > 23 ||
    +mi > 59 ||
    +sec > 59
  ) {
    return { ok: false, message: `${t} is not a real date and time.` };
  }
  return { ok: true, value: `${y}-${mo}-${d}T${h}:${mi}:${sec}.${frac ?? '000'}Z` };
}

/** Splits a list typed with commas, spaces or new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The route's filters as the contract's ObjectFilters (empty fields left out). */
export function toObjectFilters(f: RouteFilters): ObjectFilters | undefined {
  return compactFilters(f);
}
