/**
 * The TAXII filters of a collection view: type (multi-select, custom types too), id, added after
 * (UTC, milliseconds or finer), spec version and version. A choice applies when its picker closes
 * (a select when an option is chosen, the type list when it closes: Apply, its button, a click
 * outside; Escape closes it without applying); typed text applies with Apply or Enter. Every change
 * goes to the address, which starts a new query and cancels the old one's requests.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  STIX_DOMAIN_TYPES,
  STIX_META_TYPES,
  STIX_OBSERVABLE_TYPES,
  STIX_RELATIONSHIP_TYPES,
} from '../../../shared/stix/common';
import { hasFilters, type RouteFilters } from '../navigation/route';
import { parseTimestampInput, splitList } from './filter-input';

const KNOWN_TYPES = [
  ...STIX_DOMAIN_TYPES,
  ...STIX_RELATIONSHIP_TYPES,
  ...STIX_META_TYPES,
  ...STIX_OBSERVABLE_TYPES,
];

type VersionMode = 'default' | 'last' | 'first' | 'all' | 'timestamp';

const versionMode = (versions: string[]): VersionMode => {
  if (versions.length === 0) return 'default';
  if (versions.length === 1 && ['last', 'first', 'all'].includes(versions[0]!))
    return versions[0] as VersionMode;
  return 'timestamp';
};

const specValue = (spec: string[]): string => [...spec].sort().join(',');

/** The filter bar; `seenTypes` are the types in the loaded rows (offered first). */
export function FilterBar({
  filters,
  seenTypes,
  onChange,
}: {
  filters: RouteFilters;
  seenTypes: readonly string[];
  onChange: (f: RouteFilters) => void;
}) {
  const id = useId();
  const [idText, setIdText] = useState(filters.ids.join(', '));
  const [afterText, setAfterText] = useState(filters.addedAfter ?? '');
  const [afterError, setAfterError] = useState<string | null>(null);
  const [customType, setCustomType] = useState('');
  const mode = versionMode(filters.versions);
  const [versionText, setVersionText] = useState(
    mode === 'timestamp' ? filters.versions.join(', ') : '',
  );
  const [versionError, setVersionError] = useState<string | null>(null);
  const [timestampMode, setTimestampMode] = useState(mode === 'timestamp');

  // The type list being edited while the dropdown is open (null while closed); a ref too, so the
  // close that applies it reads the latest ticks.
  const dropdown = useRef<HTMLDetailsElement>(null);
  const [draft, setDraftState] = useState<string[] | null>(null);
  const draftRef = useRef<string[] | null>(null);
  const setDraft = (d: string[] | null): void => {
    draftRef.current = d;
    setDraftState(d);
  };
  const shownTypes = draft ?? filters.types;
  const typeOptions = [...new Set([...shownTypes, ...filters.types, ...seenTypes, ...KNOWN_TYPES])];

  const sameTypes = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((t) => b.includes(t));
  const toggleDraft = (t: string, on: boolean): void => {
    const d = draftRef.current ?? filters.types;
    setDraft(on ? [...new Set([...d, t])] : d.filter((x) => x !== t));
  };
  const removeType = (t: string): void =>
    onChange({ ...filters, types: filters.types.filter((x) => x !== t) });
  /** Closes the type list; `apply` false forgets its ticks (Escape). */
  const closeTypes = (apply: boolean): void => {
    if (!apply) setDraft(null);
    if (dropdown.current) dropdown.current.open = false;
  };
  const onTypesToggled = (): void => {
    const open = dropdown.current?.open ?? false;
    if (open) {
      // The toggle event comes a task after the click: a tick made meanwhile is kept.
      if (draftRef.current === null) setDraft(filters.types);
      return;
    }
    const d = draftRef.current;
    setDraft(null);
    if (d && !sameTypes(d, filters.types)) onChange({ ...filters, types: d });
  };
  // A click outside the open list closes it, applying what was ticked.
  useEffect(() => {
    if (draft === null) return;
    const onDown = (e: PointerEvent): void => {
      const list = dropdown.current;
      if (list && !list.contains(e.target as Node)) list.open = false;
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [draft]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    let addedAfter: string | undefined;
    if (afterText.trim() !== '') {
      const p = parseTimestampInput(afterText);
      if (!p.ok) {
        setAfterError(p.message);
        return;
      }
      addedAfter = p.value;
      setAfterText(p.value);
    }
    setAfterError(null);
    let versions = filters.versions;
    if (timestampMode) {
      const parsed = splitList(versionText).map(parseTimestampInput);
      const bad = parsed.find((p) => !p.ok);
      if (bad && !bad.ok) {
        setVersionError(bad.message);
        return;
      }
      // Versions are matched exactly (TAXII 2.1 §3.4.1): keep what was typed, only completed with Z.
      versions = parsed.map((p) => (p.ok ? p.value : ''));
    }
    setVersionError(null);
    // Apply also applies ticks in a type list still open, and closes it.
    const types = draftRef.current ?? filters.types;
    setDraft(null);
    if (dropdown.current) dropdown.current.open = false;
    const next: RouteFilters = { ...filters, types, ids: splitList(idText), versions };
    if (addedAfter) next.addedAfter = addedAfter;
    else delete next.addedAfter;
    onChange(next);
  };

  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={submit} data-testid="filter-bar">
      <details
        className="dropdown"
        data-testid="type-filter"
        ref={dropdown}
        onToggle={onTypesToggled}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !dropdown.current?.open) return;
          e.preventDefault();
          e.stopPropagation();
          closeTypes(false);
          dropdown.current.querySelector('summary')?.focus();
        }}
      >
        <summary className="btn">
          Type{filters.types.length > 0 ? ` (${filters.types.length})` : ': any'}
        </summary>
        <div className="dropdown-panel" role="group" aria-label="Object types">
          <div className="dropdown-add">
            <input
              type="text"
              aria-label="Add a custom type"
              placeholder="x-custom-type"
              value={customType}
              onChange={(e) => setCustomType(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  const t = customType.trim();
                  if (t) toggleDraft(t, true);
                  setCustomType('');
                }
              }}
            />
          </div>
          <ul className="check-list">
            {typeOptions.map((t) => (
              <li key={t}>
                <label className={seenTypes.includes(t) ? 'seen' : undefined}>
                  <input
                    type="checkbox"
                    checked={shownTypes.includes(t)}
                    onChange={(e) => toggleDraft(t, e.target.checked)}
                  />
                  {t}
                </label>
              </li>
            ))}
          </ul>
          <div className="dropdown-actions">
            <button type="button" className="btn small primary" onClick={() => closeTypes(true)}>
              Apply types
            </button>
            <button type="button" className="btn small subtle" onClick={() => closeTypes(false)}>
              Cancel
            </button>
          </div>
        </div>
      </details>
      {filters.types.map((t) => (
        <span key={t} className="chip">
          {t}
          <button
            type="button"
            className="chip-x"
            aria-label={`Remove type filter ${t}`}
            onClick={() => removeType(t)}
          >
            ×
          </button>
        </span>
      ))}
      <label className="field inline">
        <span>ID</span>
        <input
          type="text"
          className="mono"
          placeholder="indicator--…"
          value={idText}
          onChange={(e) => setIdText(e.target.value)}
          aria-label="Object id"
        />
      </label>
      <label className="field inline">
        <span>Added after (UTC)</span>
        <input
          type="text"
          className="mono"
          placeholder="2025-01-06T08:00:00.000Z"
          value={afterText}
          onChange={(e) => setAfterText(e.target.value)}
          aria-label="Added after (UTC)"
          aria-invalid={afterError !== null}
          aria-describedby={afterError ? `${id}-after` : undefined}
        />
      </label>
      <label className="field inline">
        <span>Spec</span>
        <select
          aria-label="Spec version"
          value={specValue(filters.specVersions)}
          onChange={(e) =>
            onChange({ ...filters, specVersions: e.target.value ? e.target.value.split(',') : [] })
          }
        >
          <option value="">Newest available</option>
          <option value="2.1">2.1</option>
          <option value="2.0">2.0</option>
          <option value="2.0,2.1">2.0 and 2.1</option>
        </select>
      </label>
      <label className="field inline">
        <span>Version</span>
        <select
          aria-label="Version"
          value={timestampMode ? 'timestamp' : mode}
          onChange={(e) => {
            const v = e.target.value as VersionMode;
            if (v === 'timestamp') {
              setTimestampMode(true);
              return;
            }
            setTimestampMode(false);
            onChange({ ...filters, versions: v === 'default' ? [] : [v] });
          }}
        >
          <option value="default">Latest (server default)</option>
          <option value="last">Last</option>
          <option value="first">First</option>
          <option value="all">All versions</option>
          <option value="timestamp">At a version…</option>
        </select>
      </label>
      {timestampMode && (
        <input
          type="text"
          className="mono"
          placeholder="2025-01-06T08:00:00.000Z"
          aria-label="Version timestamps"
          value={versionText}
          onChange={(e) => setVersionText(e.target.value)}
          aria-invalid={versionError !== null}
        />
      )}
      <button type="submit" className="btn">
        Apply
      </button>
      {hasFilters(filters) && (
        <button
          type="button"
          className="btn subtle"
          onClick={() => {
            setIdText('');
            setAfterText('');
            setVersionText('');
            setTimestampMode(false);
            setAfterError(null);
            setVersionError(null);
            onChange({ types: [], ids: [], specVersions: [], versions: [] });
          }}
        >
          Clear filters
        </button>
      )}
      {(afterError || versionError) && (
        <p className="field-error" id={`${id}-after`} role="alert">
          {afterError ?? versionError}
        </p>
      )}
    </form>
  );
}
