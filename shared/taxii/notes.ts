/**
 * Quirk notes: what a server did that the specification does not allow (or that surprised the
 * client), attached to the result that got past it. A note never hides data; it tells the person
 * why the client did something unusual. Codes are stable strings to branch on; messages are for people.
 */
import { z } from 'zod';

/** Every quirk code the client can attach. */
export const QUIRK_CODES = [
  // media types
  'CONTENT_TYPE_NO_VERSION',
  'CONTENT_TYPE_PLAIN_JSON',
  'CONTENT_TYPE_OTHER_VERSION',
  'CONTENT_TYPE_WRONG',
  // resource shapes
  'EMPTY_LIST_SENT',
  'TIMESTAMP_PRECISION',
  'STATUS_TOTAL_OBJECTS',
  'STATUS_DETAIL_NO_VERSION',
  'STATUS_COUNTS_MISMATCH',
  'POST_STATUS_200',
  'CAMEL_CASE_KEYS',
  'VERSIONS_BARE',
  'STATUS_EXPIRED',
  'STATUS_WAIT_TIMEOUT',
  // discovery
  'API_ROOT_RELATIVE_NO_SLASH',
  'API_ROOT_INVALID',
  'API_ROOT_INSECURE',
  'DEFAULT_NOT_LISTED',
  'VERSION_OVERRIDDEN',
  'API_ROOT_NESTED',
  'API_ROOT_PROBED',
  'DISCOVERY_IS_API_ROOT',
  'ONLY_OTHER_VERSION',
  'COLLECTION_ALIAS',
  // paging
  'NEXT_WITHOUT_MORE',
  'ADDED_AFTER_FALLBACK',
  'DATE_HEADER_INVALID',
  'MORE_WITHOUT_CONTINUATION',
  'EMPTY_PAGES',
  'DUPLICATES_DROPPED',
  'LIMIT_EXCEEDED',
  'RANGE_SPACE_FORM',
  'RANGE_IGNORED',
  'PAGE_SIZE_SHRUNK',
  'NEXT_NUMBER',
  'NEXT_EXPIRED',
  'NEXT_LOOPED',
  'LIMIT_REDUCED',
  'FILTER_REJECTED',
  // waiting and retrying
  'SERVER_ASKED_TO_WAIT',
  'RETRIED',
] as const;

/** One of the codes above. */
export type QuirkCode = (typeof QUIRK_CODES)[number];

/** A note attached to a result: the code, a plain-words message, and optionally where it happened. */
export const QuirkNote = z.strictObject({
  code: z.enum(QUIRK_CODES),
  message: z.string(),
  /** URL (no credentials) or JSON path. */
  where: z.string().optional(),
});
/** A note attached to a result. */
export type QuirkNote = z.infer<typeof QuirkNote>;

/** Adds `note` to `notes` unless one with the same code and where is already there. */
export function addNote(notes: QuirkNote[], note: QuirkNote): void {
  if (!notes.some((n) => n.code === note.code && n.where === note.where)) notes.push(note);
}
