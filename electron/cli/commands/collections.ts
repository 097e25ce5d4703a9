/** `taxiway collections API_ROOT_URL`: the collections of an API root. */
import { defineCommand, UsageError } from '../command';
import { profileApiRoot, urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

/** The collections command. */
export const collectionsCommand = defineCommand({
  name: 'collections',
  summary: 'the collections of an API root (id, title, can_read, can_write…)',
  args: '[API_ROOT_URL]',
  minArgs: 0,
  maxArgs: 1,
  description: `
Prints the collections resource of an API root: {"collections": [...]} (the key is left out when
there are none, as TAXII does). On a TAXII 2.0 server every Range page of the list is gathered.

With --profile and no API_ROOT_URL: the profile's API root, or its server's default API root.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: ['taxiway collections http://127.0.0.1:8021/api1/'],
  async run({ values, positionals }, ctx) {
    const given = positionals[0];
    if (given === undefined && values.profile === undefined) {
      throw new UsageError('collections needs the API_ROOT_URL, or --profile NAME');
    }
    const target = given === undefined ? undefined : urlArgument(given, 'API_ROOT_URL');
    return withConnection(ctx, values, target, async (c) => {
      const url = target ?? (await profileApiRoot(c, ctx.signal));
      const found = await c.client.collections(url, { signal: ctx.signal });
      new NoteReporter(ctx.io).report(found.notes);
      await ctx.io.out.json(found.value.length > 0 ? { collections: found.value } : {});
      return 0;
    });
  },
});
