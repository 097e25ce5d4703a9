/**
 * JSON with syntax highlighting. Every token is a React text node inside a span with a class:
 * markup in a server's strings is shown as the characters it is, never parsed.
 */
import { useMemo } from 'react';
import { tokenizeJson } from './json-tokens';

/** Highlighted, pretty-printed JSON of `value`. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  const tokens = useMemo(
    () => tokenizeJson(JSON.stringify(value, null, 2) ?? 'undefined'),
    [value],
  );
  return (
    <pre className="json-view" aria-label={label} data-testid="json-view">
      <code>
        {tokens.map((t, i) =>
          t.kind === 'space' || t.kind === 'punct' ? (
            t.text
          ) : (
            <span key={i} className={`json-${t.kind}`}>
              {t.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
}
