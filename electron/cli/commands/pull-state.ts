/**
 * The state file of `taxiway pull`: which collection (and filters) it belongs to, the watermark
 * (the newest `date_added` delivered, exactly as the server wrote it) and the id+version keys
 * delivered at that exact instant. Versioned JSON, no secret, replaced atomically.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { filtersIdentity } from '../../../shared/taxii/checkpoint';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { isTimestamp } from '../../../shared/taxii/timestamps';
import { writeFileAtomic } from '../../services/connections/atomic-file';
import { redactUrl } from '../../services/log';

/** More keys at one instant than this are not kept (see `exclusive`). */
export const MAX_SEEN_AT_WATERMARK = 100_000;

/** A state file larger than this is not read: it cannot be one we wrote. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

const pullStateSchema = z.strictObject({
  version: z.literal(1),
  /** The collection URL (secret query parameters redacted). */
  collection: z.string(),
  /** The filters the pulls use, as `filtersIdentity` gives them. */
  filters: z.string(),
  /** The newest date_added delivered, verbatim; null before anything was delivered. */
  watermark: z.string().refine(isTimestamp, 'a timestamp').nullable(),
  /** id|version of everything delivered whose date_added may equal the watermark. */
  seenAtWatermark: z.array(z.string()).max(MAX_SEEN_AT_WATERMARK),
  /**
   * True when too many objects shared the watermark to remember them all: the next pull then
   * asks strictly after it (and may miss one added later in that very instant).
   */
  exclusive: z.boolean().optional(),
});

/** One pull state (see the file comment). */
export type PullState = z.infer<typeof pullStateSchema>;

/** What a state file belongs to. */
export interface PullTarget {
  collection: string;
  filters: TaxiiFilters;
}

/** The identity of `target` as stored in a state file. */
export function stateIdentity(target: PullTarget): Pick<PullState, 'collection' | 'filters'> {
  const { addedAfter: _a, ...rest } = target.filters;
  return { collection: redactUrl(target.collection), filters: filtersIdentity(rest) };
}

function badState(path: string, why: string, hint: string): AppError {
  return new AppError({ code: 'INVALID_INPUT', message: `${why}`, hint, where: path });
}

/**
 * Reads the state at `path` for `target`: undefined when the file does not exist (a first pull);
 * INVALID_INPUT when it is not a pull state, or belongs to another collection or other filters.
 */
export async function readPullState(
  path: string,
  target: PullTarget,
): Promise<PullState | undefined> {
  let text: string;
  try {
    const buffer = await readFile(path);
    if (buffer.byteLength > MAX_STATE_BYTES) throw new Error('too large');
    text = buffer.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw badState(
      path,
      `The state file cannot be read (${(error as Error).message}).`,
      'Give --state a file this command wrote, or a new path to pull everything again.',
    );
  }
  let parsed: PullState;
  try {
    parsed = pullStateSchema.parse(JSON.parse(text));
  } catch {
    throw badState(
      path,
      'The state file is not a taxiway pull state (version 1).',
      'Give --state a file this command wrote, or a new path to pull everything again.',
    );
  }
  const want = stateIdentity(target);
  if (parsed.collection !== want.collection) {
    throw badState(
      path,
      `The state file belongs to another collection (${parsed.collection}).`,
      'Use one state file per collection: give --state another path for this one.',
    );
  }
  if (parsed.filters !== want.filters) {
    throw badState(
      path,
      `The state file was made with other filters (${parsed.filters}); pulling with these would miss or repeat objects.`,
      'Pull with the same --type/--id/--version/--spec-version as before, or give --state a new path.',
    );
  }
  return parsed;
}

/** Replaces the state at `path` (temp file, fsync, rename: never half written). */
export async function writePullState(path: string, state: PullState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(pullStateSchema.parse(state), null, 2)}\n`, {
    mode: 0o644,
  });
}

/**
 * The instant one unit before `timestamp` at its own precision (at least microseconds, TAXII's),
 * in the TAXII form: `added_after` of it asks for everything added at `timestamp` or later, since
 * `added_after` is exclusive (§3.4). Computed on the digits, never through JS Date's milliseconds.
 */
export function justBefore(timestamp: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(timestamp);
  if (!m) throw new Error(`not a timestamp: ${timestamp}`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const digits = Math.max(6, frac.length);
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const scale = 10n ** BigInt(digits);
  const units = (BigInt(seconds) / 1000n) * scale + BigInt(frac.padEnd(digits, '0') || '0') - 1n;
  const whole = units / scale;
  const rest = (units % scale).toString().padStart(digits, '0');
  return `${new Date(Number(whole) * 1000).toISOString().slice(0, 19)}.${rest}Z`;
}
