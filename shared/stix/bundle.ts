/**
 * Bundles, envelopes and the text they come in: reading a bundle from a file or paste with a
 * clear error (line and column) for broken JSON and a per-object problem list for invalid
 * objects, and converting between the 2.0/file wrapper (bundle) and the 2.1 wire wrapper (envelope).
 */
import { AppError } from '../errors';
import type { Bundle, Envelope, StixObject } from '../taxii/resources';
import { checkStixObject, isStixId, type ObjectProblem } from './checks';
import { validateObject, type StixProblem } from './validate';
import { parseJsonText } from './json-text';

/** What a piece of text turned out to hold. */
export type BundleForm = 'bundle' | 'envelope' | 'array' | 'object';

/** A bundle read from text: its objects, in order, and everything wrong with them. */
export interface ParsedBundle {
  objects: StixObject[];
  /** Per-object problems; empty when every object's common properties are valid. */
  problems: ObjectProblem[];
  form: BundleForm;
  /** The bundle's own id, when the text was a bundle. */
  bundleId?: string;
  /** The bundle's `spec_version` (STIX 2.0 bundles carry one; 2.1 bundles do not). */
  specVersion?: string;
}

function invalidBundle(
  message: string,
  hint: string,
  details?: Record<string, string | number>,
): AppError {
  return new AppError({
    code: 'INVALID_BUNDLE',
    message,
    hint,
    where: details?.path as string | undefined,
    ...(details ? { details } : {}),
  });
}

/**
 * Reads STIX content from text: a bundle, a TAXII envelope (`{"objects": […]}`), a JSON array of
 * objects, or a single object. Broken JSON or an unrecognisable shape throws INVALID_BUNDLE (with
 * line and column for syntax errors); invalid objects are listed in `problems`, not thrown, so
 * the caller can show them all. `source` names the file in messages.
 */
export function parseBundleText(text: string, source = 'the input'): ParsedBundle {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, offset, message } = parsed.problem;
    throw invalidBundle(
      `${capitalise(source)} is not valid JSON: ${message} at line ${line}, column ${column}.`,
      'Fix the JSON at that position (a missing comma, bracket or quote is the usual cause) and try again.',
      { line, column, offset },
    );
  }
  return readBundleValue(parsed.value, source);
}

/** Like parseBundleText, for an already-parsed JSON value. */
export function readBundleValue(value: unknown, source = 'the input'): ParsedBundle {
  let objects: unknown;
  let form: BundleForm;
  let root: string;
  const result: Partial<ParsedBundle> = {};
  if (Array.isArray(value)) {
    form = 'array';
    objects = value;
    root = '$';
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.$schema === 'string') {
      throw invalidBundle(
        `${capitalise(source)} is a JSON Schema document, not STIX content.`,
        'Choose a STIX bundle file (its top level has "type": "bundle" and "objects").',
        { path: '$.$schema' },
      );
    }
    if (o.type === 'bundle') {
      form = 'bundle';
      if (o.id !== undefined && !isStixId(o.id, 'bundle')) {
        throw invalidBundle(
          `${capitalise(source)} is a bundle whose id ${JSON.stringify(o.id)} is not of the form bundle--<UUID>.`,
          'Give the bundle a valid id.',
          { path: '$.id' },
        );
      }
      if (typeof o.id === 'string') result.bundleId = o.id;
      if (typeof o.spec_version === 'string') result.specVersion = o.spec_version;
      objects = o.objects ?? [];
      root = '$.objects';
    } else if (
      o.type === undefined &&
      ('objects' in o || Object.keys(o).every((k) => k === 'more' || k === 'next'))
    ) {
      form = 'envelope';
      objects = o.objects ?? [];
      root = '$.objects';
    } else if (typeof o.type === 'string') {
      form = 'object';
      objects = [o];
      root = '$';
    } else {
      throw invalidBundle(
        `${capitalise(source)} is JSON but not STIX: expected a bundle ({"type": "bundle", …}), an envelope ({"objects": […]}), a list of objects or one object.`,
        'Check that this is the file you meant.',
        { path: '$' },
      );
    }
  } else {
    throw invalidBundle(
      `${capitalise(source)} is JSON but not STIX: it is a ${value === null ? 'null' : typeof value}.`,
      'Give a STIX bundle.',
      { path: '$' },
    );
  }
  if (!Array.isArray(objects)) {
    throw invalidBundle(
      `${capitalise(source)}: "objects" is not a list.`,
      'The objects of a bundle go in a JSON array.',
      { path: root },
    );
  }
  const problems: ObjectProblem[] = [];
  if (form === 'object')
    problems.push(
      ...checkStixObject(objects[0], 0, '$').map((p) => ({
        ...p,
        path: p.path.replace(/^\$\[0\]/, '$'),
      })),
    );
  else objects.forEach((obj, i) => problems.push(...checkStixObject(obj, i, root)));
  // Then every MUST of STIX 2.1 for the objects the first checks passed: what a published
  // object could break is refused before sending, with its rule's words.
  const flagged = new Set(problems.map((p) => p.index));
  objects.forEach((obj, i) => {
    if (flagged.has(i)) return;
    const id = (obj as { id?: unknown } | null)?.id;
    for (const p of stix21Errors(obj, form === 'object' ? '$' : `${root}[${i}]`)) {
      problems.push({
        index: i,
        ...(typeof id === 'string' ? { id } : {}),
        path: p.path,
        message: `${p.message} (${p.rule})`,
      });
    }
  });
  return { ...result, objects: objects as StixObject[], problems, form };
}

/**
 * The MUST problems of a STIX 2.1 object (./validate). An object without `spec_version` is STIX
 * 2.0 content (2.1 §3.2), as 2.0 servers hold: the 2.1 rules do not apply to it.
 */
export function stix21Errors(obj: unknown, path: string): StixProblem[] {
  if ((obj as { spec_version?: unknown } | null)?.spec_version !== '2.1') return [];
  return validateObject(obj, path).filter((p) => p.severity === 'error');
}

/** An INVALID_BUNDLE error summarising `problems` (the first three in the message). */
export function bundleProblemsError(
  problems: readonly ObjectProblem[],
  source = 'the input',
): AppError {
  const shown = problems
    .slice(0, 3)
    .map((p) => `${p.path}${p.id ? ` (${p.id})` : ''}: ${p.message}`);
  const rest = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  const first = problems[0];
  const objectsAffected = new Set(problems.map((p) => p.index)).size;
  return new AppError({
    code: 'INVALID_BUNDLE',
    message: `${capitalise(source)} has ${objectsAffected} invalid object${objectsAffected === 1 ? '' : 's'}: ${shown.join('; ')}${rest}.`,
    hint: 'Fix these objects (or remove them) and try again; nothing was sent.',
    ...(first ? { where: first.path } : {}),
    details: { problems: problems.length, objects: objectsAffected },
  });
}

/** Reads a bundle and throws INVALID_BUNDLE when any object is invalid. */
export function readValidBundleText(text: string, source = 'the input'): ParsedBundle {
  const parsed = parseBundleText(text, source);
  if (parsed.problems.length > 0) throw bundleProblemsError(parsed.problems, source);
  return parsed;
}

/** A bundle's objects as a TAXII 2.1 envelope; an empty bundle gives `{}` (empty lists are omitted). */
export function bundleToEnvelope(bundle: Pick<Bundle, 'objects'>): Envelope {
  return bundle.objects && bundle.objects.length > 0 ? { objects: bundle.objects } : {};
}

/**
 * An envelope's (or list's) objects as a STIX bundle with the given id (`bundle--<uuid>`).
 * `specVersion: '2.0'` adds the bundle `spec_version` a 2.0 bundle requires; 2.1 bundles have none.
 */
export function envelopeToBundle(
  envelope: Pick<Envelope, 'objects'> | readonly StixObject[],
  options: { id: string; specVersion?: '2.0' | '2.1' },
): Bundle {
  const objects = Array.isArray(envelope) ? [...envelope] : ((envelope as Envelope).objects ?? []);
  const bundle: Bundle = { type: 'bundle', id: options.id };
  if (options.specVersion === '2.0') bundle.spec_version = '2.0';
  if (objects.length > 0) bundle.objects = objects;
  return bundle;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
