/**
 * A list of name/value rows (extra headers, secret URL parameters): add, edit and remove rows;
 * a row's value is a plain input, or a secret field that shows only whether a value is stored.
 * Labels name the row by its name once typed, by its position before.
 */
import type { ReactNode } from 'react';
import { isSecretName } from '../../../shared/secret-names';
import { SecretField, type SecretHome } from './secret-field';

/** One row; `secret` rows keep their value in the keychain (or this session). */
export interface KeyValueRow {
  name: string;
  value: string;
  secret: boolean;
}

/** The rows with their labels and controls; `onChange` receives the whole new list. */
export function KeyValueRows<R extends KeyValueRow>({
  label,
  hint,
  noun,
  rows,
  onChange,
  newRow,
  secretToggle,
  namePlaceholder,
  emptyText,
  stored,
  removeKey,
  removing,
  onRemoveSecret,
  problem,
  secretHome,
}: {
  label: string;
  hint?: ReactNode;
  /** What one row is, in lower case ("header", "parameter"). */
  noun: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  newRow: () => R;
  /** Offer a "secret" checkbox per row (else every row is secret, or none). */
  secretToggle: boolean;
  namePlaceholder?: string;
  emptyText?: string;
  /** Whether a stored secret exists for this row name. */
  stored: (name: string) => boolean;
  /** The key under which removing this row's stored secret is recorded (`header:X-Key`). */
  removeKey: (name: string) => string;
  removing: (key: string) => boolean;
  onRemoveSecret: (key: string) => (remove: boolean) => void;
  problem?: (index: number) => string | undefined;
  secretHome: SecretHome;
}) {
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      {hint && <p className="field-hint">{hint}</p>}
      {rows.length === 0 && emptyText && <p className="muted small">{emptyText}</p>}
      {rows.map((row, i) => {
        const update = (patch: Partial<KeyValueRow>): void =>
          onChange(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
        const rowProblem = problem?.(i);
        return (
          <div key={i} className="header-row">
            <input
              aria-label={`${Noun} ${i + 1} name`}
              className="mono"
              placeholder={namePlaceholder}
              value={row.name}
              onChange={(e) =>
                // A credential's name makes the row secret at once (the shared rule), so its value
                // is typed into a secret field and saved to the keychain.
                update(
                  secretToggle && isSecretName(e.target.value)
                    ? { name: e.target.value, secret: true }
                    : { name: e.target.value },
                )
              }
              aria-invalid={rowProblem !== undefined}
            />
            {secretToggle && (
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={row.secret}
                  onChange={(e) => update({ secret: e.target.checked, value: '' })}
                />
                secret
              </label>
            )}
            {row.secret ? (
              <SecretField
                label={`Value of ${row.name || `${noun} ${i + 1}`}`}
                value={row.value}
                onChange={(v) => update({ value: v })}
                stored={stored(row.name)}
                removing={removing(removeKey(row.name))}
                onRemove={onRemoveSecret(removeKey(row.name))}
                home={secretHome}
              />
            ) : (
              <input
                aria-label={`${Noun} ${i + 1} value`}
                value={row.value}
                onChange={(e) => update({ value: e.target.value })}
              />
            )}
            <button
              type="button"
              className="btn small subtle"
              aria-label={`Remove ${noun} ${row.name || i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
            {rowProblem && <p className="field-error">{rowProblem}</p>}
          </div>
        );
      })}
      <button type="button" className="btn small" onClick={() => onChange([...rows, newRow()])}>
        Add a {noun}
      </button>
    </div>
  );
}
