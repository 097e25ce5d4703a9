/**
 * What one view may hold, and how many views the app keeps: every resource a server can make us
 * spend is bounded, and passing a bound is said in plain words (TOO_LARGE), never a crash.
 */
import { AppError } from '../../../shared/errors';
import { MAX_SORTABLE_ROWS } from './row-order';

/** The bounds of a view. */
export interface ViewLimits {
  /** Object versions (rows) per view. */
  objects: number;
  /** JSON bytes of the objects per view (memory, then the spill file on disk). */
  bytes: number;
  /** Bytes of lower-cased text kept in memory for find. */
  textBytes: number;
  /** Characters of text per object kept for find (long descriptions are cut there). */
  textPerObject: number;
  /** JSON bytes kept in memory before the objects go to a spill file. */
  memoryBytes: number;
}

/** The defaults: two million rows, 4 GiB of objects on disk, 768 MiB of find text in memory. */
export const DEFAULT_VIEW_LIMITS: ViewLimits = {
  objects: 2_000_000,
  bytes: 4 * 1024 ** 3,
  textBytes: 768 * 1024 ** 2,
  textPerObject: 4096,
  memoryBytes: 32 * 1024 ** 2,
};

/** Views open at once; opening one more closes the least recently used. */
export const DEFAULT_MAX_VIEWS = 24;

/** A view nobody asked about for this long is closed (its memory and spill file freed). */
export const DEFAULT_IDLE_MS = 30 * 60_000;

/** The limits, with rows never past what a sort can pack. */
export function viewLimits(given: Partial<ViewLimits> = {}): ViewLimits {
  const l = { ...DEFAULT_VIEW_LIMITS, ...given };
  return { ...l, objects: Math.min(l.objects, MAX_SORTABLE_ROWS) };
}

/** The error of a view that reached one of its bounds. */
export function tooLarge(what: string, limit: string): AppError {
  return new AppError({
    code: 'TOO_LARGE',
    message: `This view reached its limit of ${limit} ${what}; the rows loaded so far stay.`,
    hint: 'Narrow the view with filters (type, added after) to see the rest.',
    where: 'view',
  });
}
