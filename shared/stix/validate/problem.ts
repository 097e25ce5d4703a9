/**
 * What the STIX validator reports: one problem per broken rule, with a stable rule id, the JSON
 * path of the offending value and a message that says what to do. Errors are MUSTs of STIX 2.1;
 * warnings are SHOULDs and never block.
 */

/** `error`: a STIX 2.1 MUST is broken. `warning`: a SHOULD (or a deprecated form) is not followed. */
export type Severity = 'error' | 'warning';

/** One problem with one value. */
export interface StixProblem {
  severity: Severity;
  /** Stable id of the rule (listed in docs/validation.md), e.g. `timestamp-format`. */
  rule: string;
  /** JSON path of the offending value, e.g. `$.objects[3].modified`. */
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
  /** For a pattern problem: 0-based offsets of the offending text inside the pattern string. */
  span?: { start: number; end: number };
}

/** A JSON path of `key` under `base`: `.name` for identifiers, `["odd key"]` otherwise, `[n]` for indexes. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${base}.${key}`
    : `${base}[${JSON.stringify(key)}]`;
}

/** Collects problems for one object; `at(key)` builds child paths. */
export class ProblemList {
  readonly items: StixProblem[] = [];

  constructor(readonly base: string) {}

  /** The path of a property (or nested key list) of the object. */
  at(...keys: (string | number)[]): string {
    return keys.reduce<string>((p, k) => childPath(p, k), this.base);
  }

  /** Records a broken MUST. */
  error(rule: string, path: string, message: string, span?: StixProblem['span']): void {
    this.items.push({ severity: 'error', rule, path, message, ...(span ? { span } : {}) });
  }

  /** Records an unfollowed SHOULD. */
  warn(rule: string, path: string, message: string, span?: StixProblem['span']): void {
    this.items.push({ severity: 'warning', rule, path, message, ...(span ? { span } : {}) });
  }
}

/** A value quoted for a message, cut to a readable length. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
