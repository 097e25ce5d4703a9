/** `taxiway root API_ROOT_URL`: the API root resource. */
import { defineCommand } from '../command';
import { urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

/** The root command. */
export const rootCommand = defineCommand({
  name: 'root',
  summary: 'an API root: title, TAXII versions, max_content_length',
  args: 'API_ROOT_URL',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints the API root resource (title, description, versions, max_content_length). The TAXII
version is detected from the answer (2.1 first, then 2.0) unless --taxii says which.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: ['taxiway root http://127.0.0.1:8021/api1/'],
  async run({ values, positionals }, ctx) {
    return withConnection(ctx, values, urlArgument(positionals[0]!, 'API_ROOT_URL'), async (c) => {
      const root = await c.client.apiRoot(c.url, { signal: ctx.signal });
      new NoteReporter(ctx.io).report(root.notes);
      if (values.verbose) ctx.io.err(`taxiway: TAXII ${root.version} at ${root.url}`);
      await ctx.io.out.json(root.value);
      return 0;
    });
  },
});
