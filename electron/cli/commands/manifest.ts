/** `taxiway manifest COLLECTION_URL [filters]`: one record per object version. */
import { freshManifestPages } from '../../services/collection-view';
import { defineCommand } from '../command';
import { urlArgument } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { CACHE_OPTIONS, LIST_FORMAT_OPTION, runPaged } from '../paged';

/** The manifest command. */
export const manifestCommand = defineCommand({
  name: 'manifest',
  summary: "a collection's manifest (id, date_added, version per object version)",
  args: 'COLLECTION_URL',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints one page of the manifest as {"objects": [records], "more": …, "next": …}: one record
(id, date_added, version, media_type) per object version. TAXII 2.0 manifest entries, which list
all versions of an object in one entry, are shown as one record per version too. Same filters and
paging as \`taxiway objects\`, and the same page cache with --profile (--refresh, --no-cache).`,
  options: {
    ...BASE_OPTIONS,
    ...FILTER_OPTIONS,
    ...LIST_FORMAT_OPTION,
    ...CACHE_OPTIONS,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway manifest http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ --version all --limit 10',
  ],
  async run({ values, positionals }, ctx) {
    return runPaged(ctx, values, urlArgument(positionals[0]!, 'COLLECTION_URL'), {
      endpoint: 'manifest',
      key: 'objects',
      bundle: false,
      one: (client, url, filters, signal) => client.manifest(url, filters, { signal }),
      // Cached pages only once the server said what is new since them (as for objects).
      all: (client, url, filters, signal, cache, cacheLifetimeMs) =>
        freshManifestPages(client, url, filters, { signal, cache, cacheLifetimeMs }),
    });
  },
});
