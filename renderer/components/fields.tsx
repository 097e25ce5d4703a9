/**
 * The form field family: one labelled wrapper (label, control, hint, problem, wired by ids so a
 * screen reader reads the hint and the problem with the control) and the text, number, textarea
 * and select fields built on it. Forms say what a field is, not how it is wired.
 */
import { useId, type ReactNode } from 'react';

/** Where a control's label, hint and problem go; `children` gets the control's id and description ids. */
export function Field({
  label,
  problem,
  hint,
  children,
}: {
  label: string;
  problem?: string | undefined;
  hint?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [problem ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy || undefined)}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-error" id={errId}>
          {problem}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string | undefined;
  hint?: string | undefined;
  /** Monospaced input, for URLs, paths, header names and fingerprints. */
  mono?: boolean;
  placeholder?: string;
  autoComplete?: string;
  /** A number field with these bounds. */
  number?: { min?: number; max?: number };
  /** A textarea of this many rows instead of one line. */
  rows?: number;
}

/** A labelled one-line (or `rows`-line) text or number field; marked invalid while it has a problem. */
export function TextField({
  label,
  value,
  onChange,
  problem,
  hint,
  mono,
  placeholder,
  autoComplete,
  number,
  rows,
}: TextFieldProps) {
  return (
    <Field label={label} problem={problem} hint={hint}>
      {(id, describedBy) => {
        const common = {
          id,
          'aria-describedby': describedBy,
          'aria-invalid': problem !== undefined,
          className: mono ? 'mono' : undefined,
          placeholder,
          value,
        };
        return rows ? (
          <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...common}
            type={number ? 'number' : 'text'}
            min={number?.min}
            max={number?.max}
            autoComplete={autoComplete}
            onChange={(e) => onChange(e.target.value)}
          />
        );
      }}
    </Field>
  );
}

/** A labelled select over `[value, label]` pairs; `onChange` gets only one of those values. */
export function SelectField<T extends string>({
  label,
  value,
  onChange,
  options,
  hint,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: ReadonlyArray<readonly [T, string]>;
  hint?: string;
}) {
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <select
          id={id}
          aria-describedby={describedBy}
          value={value}
          onChange={(e) => {
            const chosen = options.find(([v]) => v === e.target.value);
            if (chosen) onChange(chosen[0]);
          }}
        >
          {options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
