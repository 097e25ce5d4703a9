/**
 * TAXII query filters (TAXII 2.1 §3.4, §3.4.1): the typed form callers build, its checks, and the query string
 * a request carries. Values within one field are ORed (sent comma-separated), fields are ANDed.
 */
import { AppError } from '../errors';
import { isTimestamp } from './timestamps';
import type { TaxiiVersion } from './media-types';

/** `match[version]` keywords; any other value must be a STIX timestamp (an object's `modified`). */
export const VERSION_KEYWORDS = ['first', 'last', 'all'] as const;

/** Filters for the objects, manifest, object and versions endpoints. Every list means "any of". */
export interface TaxiiFilters {
  /** Only items added after this instant (strict `>`), a TAXII timestamp sent verbatim. */
  addedAfter?: string;
  /** Page size asked for (2.1 `limit`; 2.0 the size of the requested Range). */
  limit?: number;
  /** Opaque continuation from a previous page (`Page.next`). */
  next?: string;
  /** `match[id]`. */
  id?: string[];
  /** `match[type]`. */
  type?: string[];
  /** `match[version]`: `first`, `last`, `all`, or exact versions. Default on the server: `last`. */
  version?: string[];
  /** `match[spec_version]` (2.1 only), e.g. `2.0`, `2.1`. */
  specVersion?: string[];
  /** Other `match[<field>]` filters a server may support (sent as given, may be ignored). */
  match?: Record<string, string[]>;
}

/** Which filters an endpoint takes (TAXII 2.1 §5.3–§5.8, TAXII 2.0 §5; both readings of 2.1 §5.6/§5.7 accepted). */
export type FilterEndpoint = 'objects' | 'manifest' | 'object' | 'versions' | 'delete';

const ALLOWED_21: Record<FilterEndpoint, ReadonlySet<keyof TaxiiFilters>> = {
  objects: new Set([
    'addedAfter',
    'limit',
    'next',
    'id',
    'type',
    'version',
    'specVersion',
    'match',
  ]),
  manifest: new Set([
    'addedAfter',
    'limit',
    'next',
    'id',
    'type',
    'version',
    'specVersion',
    'match',
  ]),
  object: new Set(['addedAfter', 'limit', 'next', 'version', 'specVersion']),
  versions: new Set(['addedAfter', 'limit', 'next', 'specVersion']),
  delete: new Set(['version', 'specVersion']),
};
const ALLOWED_20: Record<FilterEndpoint, ReadonlySet<keyof TaxiiFilters>> = {
  objects: new Set(['addedAfter', 'limit', 'next', 'id', 'type', 'version', 'match']),
  manifest: new Set(['addedAfter', 'limit', 'next', 'id', 'type', 'version', 'match']),
  object: new Set(['version']),
  versions: new Set(),
  delete: new Set(),
};

const FILTER_LABELS: Record<keyof TaxiiFilters, string> = {
  addedAfter: 'added_after',
  limit: 'limit',
  next: 'next',
  id: 'match[id]',
  type: 'match[type]',
  version: 'match[version]',
  specVersion: 'match[spec_version]',
  match: 'match[…]',
};

function invalid(message: string, hint: string, where: string): AppError {
  return new AppError({ code: 'INVALID_INPUT', message, hint, where });
}

function checkList(label: string, values: readonly string[] | undefined): void {
  if (values === undefined) return;
  if (!Array.isArray(values) || values.length === 0) {
    throw invalid(
      `${label} needs at least one value.`,
      `Leave ${label} out to match everything.`,
      label,
    );
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string' || v.trim() === '' || v.includes(',') || /\s/.test(v)) {
      throw invalid(
        `${label} value ${JSON.stringify(v)} is not usable: values are non-empty, without spaces or commas.`,
        `Give each value separately, e.g. ["indicator", "malware"].`,
        label,
      );
    }
    if (seen.has(v)) {
      throw invalid(
        `${label} lists ${JSON.stringify(v)} twice.`,
        'Give each value once (the spec forbids repeats).',
        label,
      );
    }
    seen.add(v);
  }
}

/**
 * Checks filters for `endpoint` in `version` and throws INVALID_INPUT naming the filter when one
 * is malformed or not defined there (e.g. `match[spec_version]` on a 2.0 server).
 */
export function checkFilters(
  filters: TaxiiFilters,
  endpoint: FilterEndpoint,
  version: TaxiiVersion,
): void {
  const allowed = (version === '2.0' ? ALLOWED_20 : ALLOWED_21)[endpoint];
  for (const key of Object.keys(filters) as (keyof TaxiiFilters)[]) {
    if (filters[key] === undefined) continue;
    if (!allowed.has(key)) {
      throw invalid(
        `The ${FILTER_LABELS[key]} filter is not defined for ${endpoint} requests in TAXII ${version}.`,
        version === '2.0' && key === 'specVersion'
          ? 'TAXII 2.0 has no match[spec_version]; remove it.'
          : `Remove ${FILTER_LABELS[key]} for this request.`,
        FILTER_LABELS[key],
      );
    }
  }
  if (filters.addedAfter !== undefined && !isTimestamp(filters.addedAfter)) {
    throw invalid(
      `added_after ${JSON.stringify(filters.addedAfter)} is not a timestamp.`,
      'Use RFC 3339 in UTC, e.g. 2024-01-31T12:00:00.000000Z.',
      'added_after',
    );
  }
  if (filters.limit !== undefined && !(Number.isSafeInteger(filters.limit) && filters.limit > 0)) {
    throw invalid(
      `limit ${String(filters.limit)} is not a positive whole number.`,
      'Use a limit of 1 or more.',
      'limit',
    );
  }
  if (filters.next !== undefined && (typeof filters.next !== 'string' || filters.next === '')) {
    throw invalid(
      'next is empty.',
      'Pass the `next` value of the previous page unchanged.',
      'next',
    );
  }
  checkList('match[id]', filters.id);
  checkList('match[type]', filters.type);
  checkList('match[version]', filters.version);
  checkList('match[spec_version]', filters.specVersion);
  for (const [field, values] of Object.entries(filters.match ?? {})) {
    if (!/^[a-z0-9_.-]+$/i.test(field)) {
      throw invalid(
        `match[${field}] is not a usable field name.`,
        'Use letters, digits, _ . or -.',
        `match[${field}]`,
      );
    }
    checkList(`match[${field}]`, values);
  }
  if (filters.version) {
    if (filters.version.includes('all') && filters.version.length > 1) {
      throw invalid(
        'match[version]=all cannot be combined with other values.',
        'Use all on its own, or list first, last and exact versions.',
        'match[version]',
      );
    }
    for (const v of filters.version) {
      if (!(VERSION_KEYWORDS as readonly string[]).includes(v) && !isTimestamp(v)) {
        throw invalid(
          `match[version] value ${JSON.stringify(v)} is neither first, last, all nor a timestamp.`,
          "Use first, last, all, or an object's exact `modified` value.",
          'match[version]',
        );
      }
    }
  }
  for (const v of filters.specVersion ?? []) {
    if (!/^\d+\.\d+$/.test(v)) {
      throw invalid(
        `match[spec_version] value ${JSON.stringify(v)} is not a spec version.`,
        'Use values such as 2.0 or 2.1.',
        'match[spec_version]',
      );
    }
  }
}

/**
 * The query string for `filters` (without `?`), in a fixed order. Values are percent-encoded,
 * commas between values and the brackets of `match[...]` stay literal, as in the spec's examples.
 * `limit` and `next` are included only when `paging` is true (2.1); 2.0 pages with Range instead.
 */
export function filtersToQuery(filters: TaxiiFilters, paging = true): string {
  const parts: string[] = [];
  const list = (name: string, values: readonly string[] | undefined): void => {
    if (values && values.length > 0)
      parts.push(`${name}=${values.map(encodeURIComponent).join(',')}`);
  };
  if (filters.addedAfter !== undefined)
    parts.push(`added_after=${encodeURIComponent(filters.addedAfter)}`);
  if (paging && filters.limit !== undefined) parts.push(`limit=${filters.limit}`);
  if (paging && filters.next !== undefined) parts.push(`next=${encodeURIComponent(filters.next)}`);
  list('match[id]', filters.id);
  list('match[type]', filters.type);
  list('match[version]', filters.version);
  list('match[spec_version]', filters.specVersion);
  for (const [field, values] of Object.entries(filters.match ?? {}))
    list(`match[${field}]`, values);
  return parts.join('&');
}
