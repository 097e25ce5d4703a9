/** `taxiway status API_ROOT_URL STATUS_ID`: a status resource. */
import { defineCommand } from '../command';
import { urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

/** The status command. */
export const statusCommand = defineCommand({
  name: 'status',
  summary: 'the status of an earlier publish',
  args: 'API_ROOT_URL STATUS_ID',
  minArgs: 2,
  maxArgs: 2,
  description: `
Prints the status resource STATUS_ID of the API root (the id a publish printed): whether it is
complete, its counts, and the successes, failures and pendings it lists. A TAXII 2.0 status (id
lists) is shown in the 2.1 form. A collection URL is accepted in place of the API root URL.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: ['taxiway status http://127.0.0.1:8021/api1/ STATUS_ID'],
  async run({ values, positionals }, ctx) {
    const url = urlArgument(positionals[0]!, 'API_ROOT_URL');
    return withConnection(ctx, values, url, async (c) => {
      const found = await c.client.status(c.url, positionals[1]!, { signal: ctx.signal });
      new NoteReporter(ctx.io).report(found.notes);
      await ctx.io.out.json(found.value);
      return 0;
    });
  },
});
