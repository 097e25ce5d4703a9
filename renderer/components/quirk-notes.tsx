/**
 * What a server did that the TAXII specification does not allow, as the client noted it while
 * working around it, shown where the data is: a visible "server quirk" note in plain words, so
 * an analyst knows why something looks odd and a vendor sees what to fix. Notes about waiting
 * and retrying (not the server's fault as such) are told apart from quirks.
 */
import { useState } from 'react';

/** One note. */
export interface QuirkNote {
  code: string;
  message: string;
  where?: string | undefined;
}

/** Codes that say what the client did (waited, retried) rather than what the server got wrong. */
const EVENT_CODES: ReadonlySet<string> = new Set(['SERVER_ASKED_TO_WAIT', 'RETRIED']);

/** How many notes show before "Show all" (the data stays the main thing on screen). */
const FIRST = 2;

/** True when the note is a departure from the specification (not a wait or a retry). */
export function isQuirk(note: QuirkNote): boolean {
  return !EVENT_CODES.has(note.code);
}

/**
 * The notes of several responses (pages of one view) once each by code: the same quirk on every
 * page is one note, not a hundred.
 */
export function distinctNotes(lists: readonly (readonly QuirkNote[] | undefined)[]): QuirkNote[] {
  const seen = new Set<string>();
  const out: QuirkNote[] = [];
  for (const list of lists)
    for (const n of list ?? []) {
      if (seen.has(n.code)) continue;
      seen.add(n.code);
      out.push(n);
    }
  return out;
}

/** The notes of one response (or view), or nothing when there are none. */
export function QuirkNotes({
  notes,
  testId = 'quirk-notes',
}: {
  notes: readonly QuirkNote[] | undefined;
  testId?: string;
}) {
  const [all, setAll] = useState(false);
  if (!notes || notes.length === 0) return null;
  const quirks = notes.filter(isQuirk).length;
  const shown = all ? notes : notes.slice(0, FIRST);
  const title = quirks === 0 ? 'Note' : quirks === 1 ? 'Server quirk' : `${quirks} server quirks`;
  return (
    <aside className="quirk-notes" aria-label={title} data-testid={testId}>
      <p className="quirk-title">
        <span className="quirk-tag">{title}</span>
        <span className="muted">
          {quirks === 0
            ? 'Taxiway had to wait or retry to get this.'
            : 'This server departs from the TAXII specification; Taxiway worked around it.'}
        </span>
      </p>
      <ul className="quirk-list">
        {shown.map((n, i) => (
          <li key={`${n.code}-${i}`} data-testid="quirk-note">
            <span>{n.message}</span>{' '}
            <span className="muted small mono" title={n.where ? `at ${n.where}` : undefined}>
              {n.code}
            </span>
          </li>
        ))}
      </ul>
      {notes.length > FIRST && (
        <button type="button" className="btn tiny" onClick={() => setAll((v) => !v)}>
          {all ? 'Show fewer' : `Show all ${notes.length} notes`}
        </button>
      )}
    </aside>
  );
}
