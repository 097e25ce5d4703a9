/** `taxiway object COLLECTION_URL ID [--version …]`: one object, the versions asked for. */
import { defineCommand } from '../command';
import { urlArgument } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { FORMAT_OPTION, pick, runPaged } from '../paged';

/** The object command. */
export const objectCommand = defineCommand({
  name: 'object',
  summary: 'one object by id (its latest version, or the versions --version names)',
  args: 'COLLECTION_URL ID',
  minArgs: 2,
  maxArgs: 2,
  description: `
Prints an envelope with the object ID: by default its latest version; --version all for every
version, --version first, or exact versions (its modified values). The answer is paged like
\`taxiway objects\` (--limit, --next, --all).`,
  options: {
    ...BASE_OPTIONS,
    ...pick(FILTER_OPTIONS, ['version', 'spec-version', 'added-after', 'limit', 'next', 'all']),
    ...FORMAT_OPTION,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway object http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ indicator--5d7f9b1c-3e5a-4c7e-9f1b-2d4f6a8c0e12 --version all',
  ],
  async run({ values, positionals }, ctx) {
    const id = positionals[1]!;
    return runPaged(ctx, values, urlArgument(positionals[0]!, 'COLLECTION_URL'), {
      endpoint: 'object',
      key: 'objects',
      bundle: true,
      one: (client, url, filters, signal) => client.object(url, id, filters, { signal }),
      all: (client, url, filters, signal) => client.objectByIdPages(url, id, filters, { signal }),
    });
  },
});
