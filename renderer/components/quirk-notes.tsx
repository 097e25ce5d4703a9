/**
 * What a server did that the TAXII specification does not allow, as the client noted it while
 * working around it. Shown quietly (a count that opens into the list): useful for vendors and
 * debugging, never in the way.
 */

/** One note. */
export interface QuirkNote {
  code: string;
  message: string;
  where?: string | undefined;
}

/** The notes of one response, or nothing when there are none. */
export function QuirkNotes({ notes }: { notes: readonly QuirkNote[] | undefined }) {
  if (!notes || notes.length === 0) return null;
  return (
    <details className="quirk-notes" data-testid="quirk-notes">
      <summary>
        {notes.length === 1 ? '1 note' : `${notes.length} notes`} about how this server departs from
        the TAXII specification
      </summary>
      <ul className="plain-list">
        {notes.map((n, i) => (
          <li key={`${n.code}-${i}`}>
            <span className="badge warn mono">{n.code}</span> {n.message}
            {n.where && <span className="muted mono small"> ({n.where})</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
