/**
 * A secret input: shows whether a value is stored ("set" / "not set"), never the value. Typing
 * replaces it on save; "Remove" deletes the stored one.
 */
import { useId } from 'react';

/** One secret field. */
export function SecretField({
  label,
  value,
  onChange,
  stored,
  removing,
  onRemove,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  stored: boolean;
  removing: boolean;
  onRemove?: (remove: boolean) => void;
}) {
  const id = useId();
  const state = removing ? 'will be removed' : stored ? 'set' : 'not set';
  return (
    <div className="field secret-field">
      <label htmlFor={id}>
        {label}{' '}
        <span className={stored && !removing ? 'badge ok' : 'badge'} data-testid="secret-state">
          {state}
        </span>
      </label>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={value}
          placeholder={stored ? 'Stored in the keychain; type to replace' : 'Not stored'}
          onChange={(e) => onChange(e.target.value)}
        />
        {stored && onRemove && (
          <button
            type="button"
            className="btn small subtle"
            aria-pressed={removing}
            onClick={() => onRemove(!removing)}
          >
            {removing ? 'Keep' : 'Remove'}
          </button>
        )}
      </div>
    </div>
  );
}
