/**
 * TAXII and STIX timestamps (TAXII 2.1 §2, STIX 2.1 §3.2): parsed leniently (0–9 fractional digits, or none), kept
 * as the exact string received, compared as instants with nanosecond resolution, and never
 * round-tripped through JS `Date` (which would drop microseconds and make `added_after` go back).
 */

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** A timestamp as received, with a sortable instant key. */
export interface ParsedTimestamp {
  /** The exact string received: what gets echoed back. */
  text: string;
  /** `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn`: sorts and compares as the instant. */
  key: string;
  /** Number of fractional digits the string had (0–9). */
  fractionDigits: number;
}

/**
 * Parses an RFC 3339 UTC timestamp (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, up to 9 fractional digits,
 * real calendar date, leap second allowed). Undefined when malformed.
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  return {
    text,
    key: `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(9, '0')}`,
    fractionDigits: frac.length,
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when `text` is an RFC 3339 UTC timestamp by the lenient rule above. */
export function isTimestamp(text: unknown): text is string {
  return typeof text === 'string' && parseTimestamp(text) !== undefined;
}

/**
 * True when `text` has the exact TAXII 2.1 form `YYYY-MM-DDTHH:MM:SS.ssssssZ` (six fractional
 * digits, §2). Used to note, not to reject: servers in the field send other precisions.
 */
export function isStrictTaxiiTimestamp(text: string): boolean {
  return parseTimestamp(text)?.fractionDigits === 6;
}

/**
 * Compares two timestamps as instants (`…00Z` equals `…00.000Z`). Throws nothing: a malformed
 * value sorts after every valid one, consistently, so sorting never crashes on server junk.
 */
export function compareTimestamps(a: string, b: string): number {
  const ka = parseTimestamp(a)?.key ?? `~${a}`;
  const kb = parseTimestamp(b)?.key ?? `~${b}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Formats an instant given as whole milliseconds plus extra microseconds as the TAXII 2.1 form
 * with six fractional digits, for timestamps Taxiway creates itself (never for echoing).
 */
export function formatTaxiiTimestamp(epochMs: number, extraMicros = 0): string {
  const iso = new Date(epochMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, -1)}${String(extraMicros).padStart(3, '0')}Z`;
}

/**
 * The instant one unit of `text`'s own precision earlier (`…:05.120Z` → `…:05.119Z`,
 * `…:05Z` → `…:04Z`), in the same form. `added_after` is a strict ">" (TAXII 2.1 §3.4.1), so
 * asking `added_after` = this value includes everything added at `text` itself. Undefined when
 * `text` is malformed.
 */
export function oneUnitBefore(text: string): string | undefined {
  if (!parseTimestamp(text)) return undefined;
  const m = TIMESTAMP_RE.exec(text) as RegExpExecArray;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  let seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let fraction = '';
  if (frac.length > 0) {
    const f = Number(frac); // at most 9 digits: exact in a double
    if (f > 0) fraction = String(f - 1).padStart(frac.length, '0');
    else {
      fraction = '9'.repeat(frac.length);
      seconds -= 1000;
    }
  } else seconds -= 1000;
  const whole = new Date(seconds).toISOString().slice(0, 19);
  return `${whole}${fraction ? `.${fraction}` : ''}Z`;
}
