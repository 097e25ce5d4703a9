/**
 * In-app notices of watches (web mode's stand-in for a system notification): when a watch's count
 * of new objects goes up, a dismissible line says so, named by the watch.
 */
import { useEffect, useRef, useState } from 'react';
import { transport } from '../../queries/transport';

/** The notices. */
export function WatchNotices() {
  const seen = useRef(new Map<string, number>());
  const [notices, setNotices] = useState<{ key: string; text: string }[]>([]);
  useEffect(
    () =>
      transport().subscribe('watches.updated', ({ watches }) => {
        const fresh: { key: string; text: string }[] = [];
        for (const w of watches) {
          const before = seen.current.get(w.key) ?? 0;
          const now = w.count ?? 0;
          if (now > before) fresh.push({ key: w.key, text: `${w.label}: ${now} new` });
          seen.current.set(w.key, now);
        }
        if (fresh.length > 0)
          setNotices((n) => [...n.filter((x) => !fresh.some((f) => f.key === x.key)), ...fresh]);
      }),
    [],
  );
  if (notices.length === 0) return null;
  return (
    <div className="watch-notices" role="status" aria-live="polite" data-testid="watch-notices">
      {notices.map((n) => (
        <p key={n.key} className="watch-notice">
          {n.text}
          <button
            type="button"
            className="btn small subtle"
            aria-label={`Dismiss: ${n.text}`}
            onClick={() => setNotices((all) => all.filter((x) => x.key !== n.key))}
          >
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
