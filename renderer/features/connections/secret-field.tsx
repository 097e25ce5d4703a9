/**
 * A secret input: shows whether a value is stored ("set" / "not set"), never the value, and where
 * it lives (the system keychain, or this session's memory only). Typing replaces it on save;
 * "Remove" deletes the stored one.
 */
import { useId } from 'react';
import { Badge, toneIf } from '../../components/badge';

/** Where saved secrets go now: the OS keychain, memory until Taxiway closes, or nowhere yet. */
export type SecretHome = 'keychain' | 'session' | 'unavailable';

const HOME_WORDS: Record<SecretHome, { placeholder: string; note: string }> = {
  keychain: {
    placeholder: 'Stored in the keychain; type to replace',
    note: 'Kept in the system keychain.',
  },
  session: {
    placeholder: 'Kept for this session only; type to replace',
    note: 'Kept for this session only: forgotten when Taxiway closes.',
  },
  unavailable: {
    placeholder: 'Stored; type to replace',
    note: 'Cannot be saved: the system keychain is not available.',
  },
};

/** One secret field. */
export function SecretField({
  label,
  value,
  onChange,
  stored,
  removing,
  onRemove,
  home,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  stored: boolean;
  removing: boolean;
  onRemove?: (remove: boolean) => void;
  home: SecretHome;
}) {
  const id = useId();
  const noteId = `${id}-home`;
  const state = removing ? 'will be removed' : stored ? 'set' : 'not set';
  const words = HOME_WORDS[home];
  return (
    <div className="field secret-field">
      <label htmlFor={id}>
        {label}{' '}
        <Badge tone={toneIf(stored && !removing)} testId="secret-state">
          {state}
        </Badge>
      </label>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={value}
          aria-describedby={noteId}
          placeholder={stored ? words.placeholder : 'Not stored'}
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
      <p className="field-hint secret-home" id={noteId} data-testid="secret-home">
        {words.note}
      </p>
    </div>
  );
}
