/**
 * Some servers write TAXII resources in camelCase (`maxContentLength`, `canRead`, `apiRoots`)
 * although the spec's keys are snake_case (TAXII 2.1 §2, §4–§5). Only the TAXII property names are
 * renamed, only where the snake_case key is absent, and never inside STIX objects (an envelope's
 * `objects` are left alone: their keys belong to STIX and custom properties).
 */
import { addNote, type QuirkNote } from './notes';

/** The snake_case TAXII property names that have a camelCase spelling. */
const TAXII_KEYS = [
  'api_roots',
  'max_content_length',
  'can_read',
  'can_write',
  'media_types',
  'media_type',
  'date_added',
  'total_count',
  'total_objects',
  'success_count',
  'failure_count',
  'pending_count',
  'request_timestamp',
  'http_status',
  'error_id',
  'error_code',
  'external_details',
] as const;

const CAMEL_TO_SNAKE = new Map<string, string>(
  TAXII_KEYS.map((k) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), k]),
);

/** Which nested lists of each resource hold TAXII objects (whose keys may be renamed too). */
const NESTED: Record<string, readonly string[]> = {
  'collections resource': ['collections'],
  'manifest resource': ['objects'],
  'status resource': ['successes', 'failures', 'pendings'],
};

function renameIn(value: unknown, renamed: Set<string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const snake = CAMEL_TO_SNAKE.get(key);
    if (snake === undefined || snake in obj) continue;
    out ??= { ...obj };
    out[snake] = out[key];
    delete out[key];
    renamed.add(key);
  }
  return out ?? obj;
}

/**
 * Returns `data` (a TAXII resource named as in the client's messages, e.g. "API root resource")
 * with camelCase TAXII keys renamed to snake_case, adding a CAMEL_CASE_KEYS note naming them.
 * Costs one pass over the top-level keys when nothing needs renaming.
 */
export function snakeCaseTaxiiKeys(
  data: unknown,
  resource: string,
  notes: QuirkNote[],
  where?: string,
): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const renamed = new Set<string>();
  let out = renameIn(data, renamed) as Record<string, unknown>;
  for (const list of NESTED[resource] ?? []) {
    const items = out[list];
    if (!Array.isArray(items)) continue;
    let changed = false;
    const mapped = items.map((item) => {
      const r = renameIn(item, renamed);
      if (r !== item) changed = true;
      return r;
    });
    if (changed) out = { ...out, [list]: mapped };
  }
  if (renamed.size > 0) {
    addNote(notes, {
      code: 'CAMEL_CASE_KEYS',
      message: `The server wrote TAXII keys in camelCase (${[...renamed].join(', ')}) instead of the spec's snake_case; they were read as ${[...renamed].map((k) => CAMEL_TO_SNAKE.get(k)).join(', ')}.`,
      ...(where !== undefined ? { where } : {}),
    });
  }
  return out;
}
