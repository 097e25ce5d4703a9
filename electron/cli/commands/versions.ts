/** `taxiway versions COLLECTION_URL ID`: the versions (modified values) of one object. */
import { defineCommand } from '../command';
import { urlArgument } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { LIST_FORMAT_OPTION, pick, runPaged } from '../paged';

/** The versions command. */
export const versionsCommand = defineCommand({
  name: 'versions',
  summary: "one object's versions",
  args: 'COLLECTION_URL ID',
  minArgs: 2,
  maxArgs: 2,
  description: `
Prints {"versions": [...], "more": …} for the object ID: the modified value of each version the
collection holds, in the server's order. A TAXII 2.0 server has no versions endpoint; its manifest
entry for the object is read instead.`,
  options: {
    ...BASE_OPTIONS,
    ...pick(FILTER_OPTIONS, ['spec-version', 'added-after', 'limit', 'next', 'all']),
    ...LIST_FORMAT_OPTION,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway versions http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ indicator--5d7f9b1c-3e5a-4c7e-9f1b-2d4f6a8c0e12',
  ],
  async run({ values, positionals }, ctx) {
    const id = positionals[1]!;
    return runPaged(ctx, values, urlArgument(positionals[0]!, 'COLLECTION_URL'), {
      endpoint: 'versions',
      key: 'versions',
      bundle: false,
      one: (client, url, filters, signal) => client.versions(url, id, filters, { signal }),
      all: (client, url, filters, signal) => client.versionPages(url, id, filters, { signal }),
    });
  },
});
