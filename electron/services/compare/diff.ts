/**
 * Comparing two collections by manifest (mirrors, staging against production): which objects and
 * versions are only in A, only in B, and, for objects in both, which side has the newer latest
 * version. Both manifests are walked with `match[version]=all` (and, on 2.1, every spec version)
 * through the tolerant client (so
 * quirky servers, rate limits and expired tokens are handled as everywhere), keeping only ids and
 * version strings in memory; the differences come out one at a time, sorted by id, so a caller
 * can stream them (NDJSON, or a JSON array written as it goes).
 */
import { AppError } from '../../../shared/errors';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { QuirkNote } from '../../../shared/taxii/notes';
import { addNote } from '../../../shared/taxii/notes';
import { compareTimestamps, isTimestamp } from '../../../shared/taxii/timestamps';
import type { WaitNotice } from '../../../shared/taxii/waits';
import type { TaxiiClient } from '../taxii';

/** One side of the comparison. */
export interface DiffSide {
  client: TaxiiClient;
  /** Collection URL. */
  url: string;
}

/** One difference. Versions are listed oldest first. */
export type DiffEntry =
  | { kind: 'only-in-a'; id: string; versions: string[] }
  | { kind: 'only-in-b'; id: string; versions: string[] }
  | {
      kind: 'versions-differ';
      id: string;
      /** Versions A has and B lacks, and the reverse. */
      onlyInA: string[];
      onlyInB: string[];
      latestA: string;
      latestB: string;
      /** Which side's latest version is newer ('same' when the latest are equal). */
      newer: 'a' | 'b' | 'same';
    };

/** Totals, and what each server did out of the ordinary while being read. */
export interface DiffSummary {
  a: { url: string; objects: number; versions: number; notes: QuirkNote[] };
  b: { url: string; objects: number; versions: number; notes: QuirkNote[] };
  onlyInA: number;
  onlyInB: number;
  versionsDiffer: number;
  newerInA: number;
  newerInB: number;
  /** Objects with exactly the same versions on both sides. */
  same: number;
  identical: boolean;
}

/** Options of `diffCollections`. */
export interface DiffOptions {
  signal?: AbortSignal;
  /** Extra filters for both manifests (e.g. `type`), besides `match[version]=all`. */
  filters?: TaxiiFilters;
  /** Told after each manifest page: which side, and records read so far on it. */
  onProgress?: (side: 'a' | 'b', records: number) => void;
  /**
   * The page cache of clients that have one (default 'off': a comparison is about what the
   * servers hold now, not what was fetched earlier).
   */
  cache?: 'use' | 'refresh' | 'off';
  /** Told about every wait the requests take (Retry-After, backoff, request budget), and whose. */
  onWait?: (notice: WaitNotice, side: 'a' | 'b') => void;
  /** Most manifest records read per side (default MAX_DIFF_RECORDS); beyond it, TOO_LARGE. */
  maxRecords?: number;
}

/**
 * Most manifest records (object versions) a comparison reads per side. Ids and versions cost
 * about 200 bytes each in memory, so both sides together stay near 100 MB; ATT&CK Enterprise,
 * every version of every object, is about a fifth of it. A server whose manifest never ends
 * (or a feed of millions) gets a clear refusal instead of a process that grows until it dies.
 */
export const MAX_DIFF_RECORDS = 250_000;

function tooLarge(side: DiffSide, name: 'a' | 'b', max: number): AppError {
  return new AppError({
    code: 'TOO_LARGE',
    message: `Collection ${name.toUpperCase()} has more than ${max.toLocaleString('en-US')} object versions in its manifest, the most a comparison reads per side; nothing was compared.`,
    hint: 'Compare a part of the collections: filter by type or by added after.',
    where: side.client.http.safe(side.url),
    details: { limit: max, side: name },
  });
}

function compareVersions(x: string, y: string): number {
  if (isTimestamp(x) && isTimestamp(y)) return compareTimestamps(x, y);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function readSide(
  side: DiffSide,
  name: 'a' | 'b',
  options: DiffOptions,
): Promise<{ versions: Map<string, string[]>; count: number; notes: QuirkNote[] }> {
  const versions = new Map<string, string[]>();
  const notes: QuirkNote[] = [];
  let count = 0;
  // Every version in every spec version: a 2.1 server's default hides the older spec's copy.
  const filters: TaxiiFilters = { ...options.filters, version: ['all'] };
  const onWait = options.onWait;
  const waits = onWait ? { onWait: (w: WaitNotice) => onWait(w, name) } : {};
  if (
    filters.specVersion === undefined &&
    (await side.client.versionFor(side.url, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...waits,
    })) === '2.1'
  )
    filters.specVersion = ['2.0', '2.1'];
  const max = options.maxRecords ?? MAX_DIFF_RECORDS;
  for await (const page of side.client.manifestPages(side.url, filters, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...waits,
    cache: options.cache ?? 'off',
  })) {
    if (count + page.items.length > max) throw tooLarge(side, name, max);
    for (const r of page.items) {
      const list = versions.get(r.id);
      const v = r.version ?? '';
      if (list) {
        if (!list.includes(v)) list.push(v);
      } else versions.set(r.id, [v]);
      count++;
    }
    for (const n of page.notes) addNote(notes, n);
    options.onProgress?.(name, count);
  }
  for (const list of versions.values()) list.sort(compareVersions);
  return { versions, count, notes };
}

/**
 * Yields the differences between collections A and B, sorted by id, and returns the summary.
 * Both manifests are read first (A, then B); nothing but ids and versions is kept.
 */
export async function* diffCollections(
  a: DiffSide,
  b: DiffSide,
  options: DiffOptions = {},
): AsyncGenerator<DiffEntry, DiffSummary, undefined> {
  const left = await readSide(a, 'a', options);
  const right = await readSide(b, 'b', options);
  const summary: DiffSummary = {
    a: {
      url: a.client.http.safe(a.url),
      objects: left.versions.size,
      versions: left.count,
      notes: left.notes,
    },
    b: {
      url: b.client.http.safe(b.url),
      objects: right.versions.size,
      versions: right.count,
      notes: right.notes,
    },
    onlyInA: 0,
    onlyInB: 0,
    versionsDiffer: 0,
    newerInA: 0,
    newerInB: 0,
    same: 0,
    identical: false,
  };
  const ids = [...new Set([...left.versions.keys(), ...right.versions.keys()])].sort();
  for (const id of ids) {
    const va = left.versions.get(id);
    const vb = right.versions.get(id);
    if (va && !vb) {
      summary.onlyInA++;
      yield { kind: 'only-in-a', id, versions: va };
    } else if (vb && !va) {
      summary.onlyInB++;
      yield { kind: 'only-in-b', id, versions: vb };
    } else if (va && vb) {
      const setB = new Set(vb);
      const setA = new Set(va);
      const onlyInA = va.filter((v) => !setB.has(v));
      const onlyInB = vb.filter((v) => !setA.has(v));
      if (onlyInA.length === 0 && onlyInB.length === 0) {
        summary.same++;
        continue;
      }
      const latestA = va[va.length - 1] as string;
      const latestB = vb[vb.length - 1] as string;
      const order = compareVersions(latestA, latestB);
      const newer = order > 0 ? 'a' : order < 0 ? 'b' : 'same';
      summary.versionsDiffer++;
      if (newer === 'a') summary.newerInA++;
      if (newer === 'b') summary.newerInB++;
      yield { kind: 'versions-differ', id, onlyInA, onlyInB, latestA, latestB, newer };
    }
  }
  summary.identical = summary.onlyInA + summary.onlyInB + summary.versionsDiffer === 0;
  return summary;
}
