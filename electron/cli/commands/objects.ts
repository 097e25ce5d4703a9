/** `taxiway objects COLLECTION_URL [filters]`: a collection's objects, one page or all of them. */
import { freshObjectPages } from '../../services/collection-view';
import { defineCommand } from '../command';
import { urlArgument } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { CACHE_OPTIONS, FORMAT_OPTION, runPaged } from '../paged';

/** The objects command. */
export const objectsCommand = defineCommand({
  name: 'objects',
  summary: "a collection's objects, with filters; one page, or every page with --all",
  args: 'COLLECTION_URL',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints one page of a collection's objects as an envelope: {"objects": [...], "more": …, "next": …}.
Pass the next value back with --next for the following page, or use --all to follow every page to
the end (TAXII 2.1 next tokens, the added_after fallback, or TAXII 2.0 item ranges).

--format bundle prints a STIX bundle instead; --format ndjson prints one object a line and, with
--all, streams: each page is written as it arrives, so any number of objects fits in memory.

Filters: values in one option are ORed (--type indicator,malware), options are ANDed. Without
--version the server sends the latest version of each object.

With --profile (unless the profile was saved with --no-cache), pages walked with --all are kept in
the page cache in Taxiway's data folder: the same walk again costs no requests, and a walk that
was interrupted goes on from where it stopped. --refresh fetches every page again; --no-cache
leaves the cache alone.`,
  options: {
    ...BASE_OPTIONS,
    ...FILTER_OPTIONS,
    ...FORMAT_OPTION,
    ...CACHE_OPTIONS,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway objects http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ --type indicator --limit 5',
    'taxiway objects http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ --all --format ndjson',
  ],
  async run({ values, positionals }, ctx) {
    return runPaged(ctx, values, urlArgument(positionals[0]!, 'COLLECTION_URL'), {
      endpoint: 'objects',
      key: 'objects',
      bundle: true,
      one: (client, url, filters, signal) => client.objects(url, filters, { signal }),
      // Cached pages only once the server said what is new since them (as the app's views).
      all: (client, url, filters, signal, cache, cacheLifetimeMs) =>
        freshObjectPages(client, url, filters, { signal, cache, cacheLifetimeMs }),
    });
  },
});
