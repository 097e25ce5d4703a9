/**
 * STIX 2.1 timestamps (§2.15): `YYYY-MM-DDTHH:mm:ss[.s+]Z`, UTC with a literal Z, a real calendar
 * date; `created` and `modified` precise to the millisecond (§3.2).
 */
import { compareTimestamps, parseTimestamp } from '../../taxii/timestamps';
import { shown, type ProblemList } from './problem';

/** True when `value` is a STIX timestamp. */
export function isStixTimestamp(value: unknown): value is string {
  return typeof value === 'string' && parseTimestamp(value) !== undefined;
}

/** Orders two valid STIX timestamps as instants (negative when `a` is earlier). */
export function compareStixTimestamps(a: string, b: string): number {
  return compareTimestamps(a, b);
}

/** Records `timestamp-format` when `value` is present and not a STIX timestamp; true when it is valid. */
export function checkTimestamp(
  problems: ProblemList,
  path: string,
  name: string,
  value: unknown,
): boolean {
  if (value === undefined) return false;
  if (isStixTimestamp(value)) return true;
  problems.error(
    'timestamp-format',
    path,
    `${name} ${shown(value)} is not an RFC 3339 UTC timestamp (e.g. 2024-01-31T12:00:00.000Z): write it in UTC with a T and a final Z (§2.15)`,
  );
  return false;
}

/** Records `timestamp-precision` when a valid timestamp has fewer than 3 fractional digits (§3.2). */
export function checkMillisecondPrecision(
  problems: ProblemList,
  path: string,
  name: string,
  value: string,
): void {
  const parsed = parseTimestamp(value);
  if (parsed && parsed.fractionDigits < 3) {
    problems.error(
      'timestamp-precision',
      path,
      `${name} ${shown(value)} must be precise to the millisecond (§3.2): write at least three fractional digits, e.g. ${value.replace(/(\.\d*)?Z$/, (m, f: string | undefined) => `${(f ?? '.').padEnd(4, '0')}Z`)}`,
    );
  }
}

/**
 * Records `timestamp-order` (an error) when both are valid and `later` is before `earlier`, or
 * (with `strict`) not after it.
 */
export function checkOrder(
  problems: ProblemList,
  names: [string, string],
  values: [unknown, unknown],
  path: string,
  clause: string,
  options: { strict?: boolean; rule?: string } = {},
): void {
  const { strict = false, rule = 'timestamp-order' } = options;
  const [earlier, later] = values;
  if (!isStixTimestamp(earlier) || !isStixTimestamp(later)) return;
  const c = compareStixTimestamps(later, earlier);
  if (c < 0 || (strict && c === 0)) {
    problems.error(
      rule,
      path,
      `${names[1]} (${later}) is ${c < 0 ? 'earlier than' : 'the same as'} ${names[0]} (${earlier}): it must be ${strict ? 'later than' : 'later than or equal to'} ${names[0]} (${clause})`,
    );
  }
}
