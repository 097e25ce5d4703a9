/** `taxiway collection COLLECTION_URL`: one collection's information. */
import { defineCommand } from '../command';
import { urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

/** The collection command. */
export const collectionCommand = defineCommand({
  name: 'collection',
  summary: "one collection's information",
  args: 'COLLECTION_URL',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints the collection resource: id, title, description, alias, can_read, can_write, media_types.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: [
    'taxiway collection http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/',
  ],
  async run({ values, positionals }, ctx) {
    const url = urlArgument(positionals[0]!, 'COLLECTION_URL');
    return withConnection(ctx, values, url, async (c) => {
      const found = await c.client.collection(c.url, { signal: ctx.signal });
      new NoteReporter(ctx.io).report(found.notes);
      await ctx.io.out.json(found.value);
      return 0;
    });
  },
});
