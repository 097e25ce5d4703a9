/**
 * Checking a server's JSON against a resource schema, with an error that names the offending
 * field by JSON path (`$.collections[2].can_read`) so a person can tell the server's owner.
 */
import type { z } from 'zod';
import { AppError } from '../errors';

/** Formats a zod issue path as a JSON path: `$`, `$.objects[3].id`. */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The first problem of a failed parse, as `path: message`, plus how many more there were. */
export function describeZodError(error: z.ZodError, root = '$'): { path: string; message: string } {
  const first = error.issues[0];
  if (!first) return { path: root, message: 'invalid value' };
  const path = jsonPath(first.path, root);
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : '';
  return { path, message: `${first.message}${more}` };
}

/**
 * Parses `data` with `schema` or throws INVALID_RESPONSE naming the resource, the JSON path of
 * the first bad field, and the URL it came from. Unknown properties survive (schemas are loose).
 */
export function parseResource<S extends z.ZodType>(
  schema: S,
  data: unknown,
  context: { resource: string; url: string },
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const { path, message } = describeZodError(result.error);
  throw new AppError({
    code: 'INVALID_RESPONSE',
    message: `The server's answer is not a valid TAXII ${context.resource}: at ${path}, ${lowerFirst(message)}.`,
    hint: 'The server does not follow the TAXII specification here. Tell its operator which field is wrong; the URL and JSON path are above.',
    where: context.url,
    details: { path, resource: context.resource },
  });
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
