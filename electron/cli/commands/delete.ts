/** `taxiway delete COLLECTION_URL ID [--version …]`: delete an object's versions (TAXII 2.1). */
import { defineCommand } from '../command';
import { urlArgument, withConnection } from '../connection';
import { filtersFrom } from '../filters';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { pick } from '../paged';

/** The delete command. */
export const deleteCommand = defineCommand({
  name: 'delete',
  summary: 'delete an object (every version, unless --version says which)',
  args: 'COLLECTION_URL ID',
  minArgs: 2,
  maxArgs: 2,
  description: `
Deletes versions of the object ID from the collection (TAXII 2.1; 2.0 has no delete). Without
--version EVERY version is deleted: Taxiway always sends match[version] (here: all), because
servers disagree on what a DELETE without it removes (some remove only the latest version).
--version first, last or exact versions (modified values) narrows it; --spec-version too.

Prints {"deleted": true, "id": ID, "versions": [...]} (the server's answer has no body).`,
  options: {
    ...BASE_OPTIONS,
    ...pick(FILTER_OPTIONS, ['version', 'spec-version']),
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway delete http://127.0.0.1:8021/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/ indicator--5d7f9b1c-3e5a-4c7e-9f1b-2d4f6a8c0e12',
  ],
  async run({ values, positionals }, ctx) {
    const url = urlArgument(positionals[0]!, 'COLLECTION_URL');
    const id = positionals[1]!;
    const filters = filtersFrom(values, 'delete');
    const version = filters.version ?? ['all'];
    return withConnection(ctx, values, url, async (c) => {
      await c.client.deleteObject(
        c.url,
        id,
        { version, ...(filters.specVersion ? { specVersion: filters.specVersion } : {}) },
        { signal: ctx.signal },
      );
      await ctx.io.out.json({
        deleted: true,
        id,
        versions: version,
        ...(filters.specVersion ? { spec_versions: filters.specVersion } : {}),
      });
      return 0;
    });
  },
});
