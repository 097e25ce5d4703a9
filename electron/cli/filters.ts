/**
 * Filter options (`--type`, `--version`…) as the client's `TaxiiFilters`, checked before any
 * request is sent, so a typo is a usage error (exit 2) rather than a server's 400.
 */
import { checkFilters, type FilterEndpoint, type TaxiiFilters } from '../../shared/taxii/filters';
import type { OptionValues } from './command';
import { listValue, wholeNumber, type FILTER_OPTIONS } from './options';

/** The filter option values a command received (every key optional). */
export type FilterValues = Partial<OptionValues<typeof FILTER_OPTIONS>>;

/**
 * The filters the options give for `endpoint`. Checked against TAXII 2.1's rules (the wider
 * set); the client checks again once it knows the server's version (e.g. no spec_version on 2.0).
 */
export function filtersFrom(values: FilterValues, endpoint: FilterEndpoint): TaxiiFilters {
  const f: TaxiiFilters = {};
  if (values['added-after'] !== undefined) f.addedAfter = values['added-after'];
  const limit = wholeNumber(values.limit, '--limit');
  if (limit !== undefined) f.limit = limit;
  if (values.next !== undefined) f.next = values.next;
  const id = listValue(values.id);
  if (id) f.id = id;
  const type = listValue(values.type);
  if (type) f.type = type;
  const version = listValue(values.version);
  if (version) f.version = version;
  const specVersion = listValue(values['spec-version']);
  if (specVersion) f.specVersion = specVersion;
  checkFilters(f, endpoint, '2.1');
  return f;
}
