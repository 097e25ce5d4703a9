/**
 * TAXII and STIX timestamps as the server needs them: microsecond `date_added` values held as
 * integers (micros since the epoch fit in 2^53), and STIX version strings compared by instant
 * without ever being re-formatted (digest §9).
 */

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** True when `value` is an RFC 3339 UTC timestamp with a literal `Z` and a real calendar date. */
export function isTimestamp(value: string): boolean {
  return toMicros(value) !== undefined;
}

/**
 * Micros since the epoch, truncated (not rounded) below the microsecond. Truncation keeps strict
 * `>` comparisons against whole-microsecond `date_added` values exact. Undefined when malformed.
 */
export function toMicros(value: string): number | undefined {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  // Date.UTC rolls 2024-02-31 over to March; a real timestamp must survive the round trip.
  if (
    Number.isNaN(ms) ||
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  ) {
    return undefined;
  }
  const micros = Number(((frac ?? '') + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

/** Formats micros since the epoch as `YYYY-MM-DDTHH:MM:SS.ssssssZ` (six fractional digits). */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

/**
 * A sortable key for a STIX version string: the instant with nine fractional digits, so that
 * `…00Z` and `…00.000Z` compare equal while the original string is kept for output.
 */
export function versionKey(value: string): string {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return `~${value}`; // non-timestamp versions sort after every timestamp, consistently
  const [, y, mo, d, h, mi, s, frac] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${((frac ?? '') + '000000000').slice(0, 9)}`;
}

/** Hands out strictly increasing microsecond instants, never earlier than the wall clock. */
export class MicroClock {
  private last = 0;
  private frozen: number | undefined;
  private freezeOnNext = false;

  /**
   * From now on every object added gets one and the same date_added (the next instant), like a
   * server whose clock is coarse: for testing clients against equal date_added values.
   */
  freeze(): void {
    this.freezeOnNext = true;
  }

  /** The next instant: now, or one microsecond after the previous one if the clock has not moved. */
  next(): number {
    if (this.frozen !== undefined) return this.frozen;
    const now = Date.now() * 1000;
    this.last = Math.max(this.last + 1, now);
    if (this.freezeOnNext) this.frozen = this.last;
    return this.last;
  }

  /** Makes sure later instants are after `micros` (used after loading stored data). */
  observe(micros: number): void {
    if (micros > this.last) this.last = micros;
  }
}
