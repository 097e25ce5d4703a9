/**
 * The shared body of the paged commands (objects, manifest, object, versions): filters from the
 * options, one page by default, every page with `--all`, printed as an envelope, a bundle or NDJSON.
 */
import { cacheLifetimeMs } from '../../shared/profile';
import type { FilterEndpoint, TaxiiFilters } from '../../shared/taxii/filters';
import type { Page } from '../../shared/taxii/page';
import type { TaxiiClient } from '../services/taxii';
import { UsageError, type CommandContext, type OptionSpec } from './command';
import { withConnection, type ConnectionValues } from './connection';
import { filtersFrom, type FilterValues } from './filters';
import { oneOf } from './options';
import { PAGE_FORMATS, printAllPages, printPage, type PageFormat } from './page-output';

/** `--format`, for the commands whose items are STIX objects. */
export const FORMAT_OPTION = {
  format: {
    type: 'string',
    value: 'FORMAT',
    help: 'envelope (default: one JSON document), bundle (a STIX bundle) or ndjson (one item a line, streamed)',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--format`, for manifest and versions (their items are not STIX objects: no bundle). */
export const LIST_FORMAT_OPTION = {
  format: {
    type: 'string',
    value: 'FORMAT',
    help: 'envelope (default: one JSON document) or ndjson (one item a line, streamed)',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--refresh` and `--no-cache`, for the commands whose `--all` walks go through the page cache. */
export const CACHE_OPTIONS = {
  refresh: {
    type: 'boolean',
    help: "with --all and --profile: fetch every page again, replacing the profile's cached pages",
  },
  'no-cache': {
    type: 'boolean',
    help: 'with --all and --profile: neither read nor write the page cache',
  },
} as const satisfies Record<string, OptionSpec>;

/** How a walk uses the page cache. */
export type CacheUse = 'use' | 'refresh' | 'off';

/** The options a subset of keys of `from`, typed. */
export function pick<T extends Record<string, OptionSpec>, K extends keyof T>(
  from: T,
  keys: readonly K[],
): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = from[k];
  return out;
}

/** What a paged command fetches. */
export interface PagedSpec<T> {
  endpoint: FilterEndpoint;
  key: 'objects' | 'versions';
  bundle: boolean;
  one(
    client: TaxiiClient,
    url: string,
    filters: TaxiiFilters,
    signal: AbortSignal,
  ): Promise<Page<T>>;
  all(
    client: TaxiiClient,
    url: string,
    filters: TaxiiFilters,
    signal: AbortSignal,
    cache: CacheUse,
    /** The profile's cache lifetime (0 without a profile): cached pages older are refetched. */
    cacheLifetimeMs: number,
  ): AsyncIterable<Page<T>>;
}

/** Runs a paged command against `url` (a checked URL argument, or undefined with --profile). */
export async function runPaged<T>(
  ctx: CommandContext,
  values: ConnectionValues &
    FilterValues & { format?: string; refresh?: boolean; 'no-cache'?: boolean },
  url: string,
  spec: PagedSpec<T>,
): Promise<number> {
  const format: PageFormat =
    oneOf(
      values.format,
      spec.bundle ? PAGE_FORMATS : PAGE_FORMATS.filter((f) => f !== 'bundle'),
      '--format',
    ) ?? 'envelope';
  const filters = filtersFrom(values, spec.endpoint);
  if (values.refresh && values['no-cache'])
    throw new UsageError('--refresh and --no-cache cannot be used together');
  const cache: CacheUse = values['no-cache'] ? 'off' : values.refresh ? 'refresh' : 'use';
  return withConnection(ctx, values, url, async (c) => {
    if (filters.limit === undefined && c.pageSize !== undefined) filters.limit = c.pageSize;
    const version = await c.client.versionFor(c.url, { signal: ctx.signal });
    const options = {
      format,
      key: spec.key,
      taxiiVersion: () => version,
      verbose: values.verbose === true,
    };
    if (values.all) {
      const summary = await printAllPages(
        ctx,
        spec.all(
          c.client,
          c.url,
          filters,
          ctx.signal,
          cache,
          c.profile ? cacheLifetimeMs(c.profile) : 0,
        ),
        options,
      );
      if (summary.fromCache > 0) {
        ctx.io.err(
          `taxiway: ${summary.fromCache} of ${summary.pages} page(s) came from the page cache (stored ${summary.storedFirst}); --refresh fetches them again`,
        );
      }
    } else {
      await printPage(ctx, await spec.one(c.client, c.url, filters, ctx.signal), options);
    }
    return 0;
  });
}
