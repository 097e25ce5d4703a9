/**
 * Validates what a person hands us: a bundle (§8), a TAXII envelope, a JSON list of objects, one
 * object, or NDJSON (one object per line). The report has one entry per object, in input order,
 * plus the bundle's (or envelope's) own problems.
 */
import { parseJsonText, type JsonSyntaxProblem } from '../json-text';
import { isStixId } from './identifiers';
import { validateObject } from './object';
import { ProblemList, shown, type StixProblem } from './problem';

/** How the input was shaped. */
export type InputForm = 'bundle' | 'envelope' | 'array' | 'object' | 'ndjson';

/** The outcome for one object. */
export interface ObjectReport {
  /** Position in the input, from 0. */
  index: number;
  id?: string;
  type?: string;
  /** False when any problem is an error. */
  valid: boolean;
  problems: StixProblem[];
  /** For NDJSON: the 1-based line the object is on. */
  line?: number;
}

/** The outcome for a whole input. */
export interface ValidationReport {
  /** False when any problem, of the wrapper or of an object, is an error. */
  valid: boolean;
  form: InputForm;
  /** Problems of the bundle or envelope itself. */
  problems: StixProblem[];
  objects: ObjectReport[];
}

/** Text that is not JSON (or a line of NDJSON that is not): where and why. */
export interface UnreadableInput {
  message: string;
  line: number;
  column: number;
}

/** The report for `text`, or why it cannot be read at all. */
export type TextValidation =
  { ok: true; report: ValidationReport } | { ok: false; error: UnreadableInput };

/** Validates `text` (any of the accepted forms). Broken JSON gives its line and column. */
export function validateText(text: string): TextValidation {
  const parsed = parseJsonText(text);
  if (parsed.ok) return { ok: true, report: validateValue(parsed.value) };
  const ndjson = readNdjson(text);
  if (ndjson === undefined) return { ok: false, error: unreadable(parsed.problem) };
  if ('error' in ndjson) return { ok: false, error: ndjson.error };
  const objects = ndjson.values.map((v, i) => ({
    ...objectReport(v, i, '$'),
    line: ndjson.lines[i]!,
  }));
  return {
    ok: true,
    report: { valid: objects.every((o) => o.valid), form: 'ndjson', problems: [], objects },
  };
}

function unreadable(p: JsonSyntaxProblem, lineOffset = 0): UnreadableInput {
  return { message: p.message, line: p.line + lineOffset, column: p.column };
}

// NDJSON when the text has several non-empty lines and its first one is a JSON object on its own.
function readNdjson(
  text: string,
): { values: unknown[]; lines: number[] } | { error: UnreadableInput } | undefined {
  const lines = text.replace(/^\ufeff/, '').split('\n');
  const filled = lines.filter((l) => l.trim() !== '');
  if (filled.length < 2) return undefined;
  const first = parseJsonText(filled[0]!);
  if (
    !first.ok ||
    typeof first.value !== 'object' ||
    first.value === null ||
    Array.isArray(first.value)
  )
    return undefined;
  const values: unknown[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const r = parseJsonText(line);
    if (!r.ok) return { error: unreadable(r.problem, i) };
    values.push(r.value);
    numbers.push(i + 1);
  }
  return { values, lines: numbers };
}

function objectReport(value: unknown, index: number, path: string): ObjectReport {
  const problems = validateObject(value, path);
  const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    index,
    ...(typeof o.id === 'string' ? { id: o.id } : {}),
    ...(typeof o.type === 'string' ? { type: o.type } : {}),
    valid: problems.every((p) => p.severity !== 'error'),
    problems,
  };
}

/** Validates an already-parsed JSON value (bundle, envelope, list or one object). */
export function validateValue(value: unknown): ValidationReport {
  if (Array.isArray(value)) {
    const objects = value.map((v, i) => objectReport(v, i, `$[${i}]`));
    return { valid: objects.every((o) => o.valid), form: 'array', problems: [], objects };
  }
  const o =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const isEnvelope =
    o !== undefined &&
    o.type === undefined &&
    ('objects' in o || Object.keys(o).every((k) => k === 'more' || k === 'next'));
  if (!o || (o.type !== 'bundle' && !isEnvelope)) {
    const single = objectReport(value, 0, '$');
    return { valid: single.valid, form: 'object', problems: [], objects: [single] };
  }
  const own = new ProblemList('$');
  if (o.type === 'bundle') checkBundle(own, o);
  else checkEnvelope(own, o);
  const list = Array.isArray(o.objects) ? o.objects : [];
  const objects = list.map((v, i) => objectReport(v, i, `$.objects[${i}]`));
  checkDuplicates(own, objects, list);
  return {
    valid: own.items.every((p) => p.severity !== 'error') && objects.every((x) => x.valid),
    form: o.type === 'bundle' ? 'bundle' : 'envelope',
    problems: own.items,
    objects,
  };
}

function checkBundle(problems: ProblemList, o: Record<string, unknown>): void {
  if (o.id === undefined) {
    problems.error(
      'bundle-id',
      problems.at('id'),
      'the bundle has no id: give it bundle--<UUID> (§8)',
    );
  } else if (!isStixId(o.id, 'bundle')) {
    problems.error(
      'bundle-id',
      problems.at('id'),
      `the bundle id ${shown(o.id)} is not of the form bundle--<UUID> (§8)`,
    );
  }
  if (o.spec_version !== undefined) {
    problems.warn(
      'bundle-spec-version',
      problems.at('spec_version'),
      'a STIX 2.1 bundle has no spec_version (that was STIX 2.0): remove it; each object carries its own (§8)',
    );
  }
  checkObjectsList(problems, o.objects, true);
  for (const key of Object.keys(o)) {
    if (!['type', 'id', 'objects', 'spec_version'].includes(key)) {
      problems.warn(
        'bundle-property',
        problems.at(key),
        `a bundle has only type, id and objects; ${key} is not part of it and will be lost (§8)`,
      );
    }
  }
}

function checkEnvelope(problems: ProblemList, o: Record<string, unknown>): void {
  checkObjectsList(problems, o.objects, false);
}

function checkObjectsList(problems: ProblemList, objects: unknown, isBundle: boolean): void {
  if (objects === undefined) return;
  if (!Array.isArray(objects)) {
    problems.error(
      'objects-list',
      problems.at('objects'),
      `objects must be a list of STIX objects, not ${shown(objects)}`,
    );
  } else if (objects.length === 0 && isBundle) {
    problems.error(
      'empty-list',
      problems.at('objects'),
      'objects is an empty list: leave it out or add objects (§2.12, §8)',
    );
  }
}

// The same object version twice in one input is ambiguous for a receiver (§3.6).
function checkDuplicates(problems: ProblemList, reports: ObjectReport[], list: unknown[]): void {
  const seen = new Map<string, number>();
  reports.forEach((r, i) => {
    if (!r.id) return;
    const v = list[i] as Record<string, unknown>;
    const key = `${r.id} ${typeof v.modified === 'string' ? v.modified : ''}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.warn(
        'duplicate-object',
        `$.objects[${i}]`,
        `objects[${i}] repeats the id and version of objects[${before}] (${r.id}): keep one of them (§3.6)`,
      );
    } else seen.set(key, i);
  });
}
