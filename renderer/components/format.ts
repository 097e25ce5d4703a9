/** Small display formats shared by the views. */

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A byte size for people (1.2 KB, 3.4 MB). */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A duration for people (83 ms, 1.2 s). */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A timestamp shown compactly but exactly: `2025-01-06 08:00:00.123456` (UTC). The string is
 * never parsed into a Date, so microseconds survive.
 */
export function formatTimestamp(ts: string | undefined): string {
  if (!ts) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/i.exec(ts);
  return m ? `${m[1]} ${m[2]}` : ts;
}

/** "1 object", "2 objects", "1,000 objects". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

/**
 * When something was stored, short: the time for today (`10:49 UTC`), else the date
 * (`2025-06-01`). Callers put the full timestamp in a title.
 */
export function formatCachedAt(storedAt: string, now: string = new Date().toISOString()): string {
  const ts = formatTimestamp(storedAt);
  const day = ts.slice(0, 10);
  return day === now.slice(0, 10) ? `${ts.slice(11, 16)} UTC` : day;
}
