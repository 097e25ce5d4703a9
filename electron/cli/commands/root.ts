/** `taxiway root API_ROOT_URL`: the API root resource. */
import { defineCommand, UsageError } from '../command';
import { profileApiRoot, urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

/** The root command. */
export const rootCommand = defineCommand({
  name: 'root',
  summary: 'an API root: title, TAXII versions, max_content_length',
  args: '[API_ROOT_URL]',
  minArgs: 0,
  maxArgs: 1,
  description: `
Prints the API root resource (title, description, versions, max_content_length). The TAXII
version is detected from the answer (2.1 first, then 2.0) unless --taxii says which.

With --profile and no API_ROOT_URL: the profile's API root, or its server's default API root.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: ['taxiway root http://127.0.0.1:8021/api1/'],
  async run({ values, positionals }, ctx) {
    const given = positionals[0];
    if (given === undefined && values.profile === undefined) {
      throw new UsageError('root needs the API_ROOT_URL, or --profile NAME');
    }
    const target = given === undefined ? undefined : urlArgument(given, 'API_ROOT_URL');
    return withConnection(ctx, values, target, async (c) => {
      const url = target ?? (await profileApiRoot(c, ctx.signal));
      const root = await c.client.apiRoot(url, { signal: ctx.signal });
      new NoteReporter(ctx.io).report(root.notes);
      if (values.verbose) ctx.io.err(`taxiway: TAXII ${root.version} at ${root.url}`);
      await ctx.io.out.json(root.value);
      return 0;
    });
  },
});
