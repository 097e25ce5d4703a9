/** `taxiway profiles remove NAME`: delete a profile and its keychain entries. */
import { defineCommand } from '../command';
import { openProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';

/** The profiles remove command. */
export const profilesRemoveCommand = defineCommand({
  name: 'profiles remove',
  summary: 'delete a profile and its secrets',
  args: 'NAME',
  minArgs: 1,
  maxArgs: 1,
  description: `
Deletes the profile NAME and every keychain entry it had. Prints {"id", "name", "secretsRemoved"}.
If the keychain cannot be reached, the profile is still deleted, its keychain entries stay, and
the exit code is 1.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION },
  examples: ['taxiway profiles remove demo'],
  async run({ positionals }, ctx) {
    const result = await openProfileService(ctx.io).remove(positionals[0]!);
    if (result.secretsLeft) {
      ctx.io.err(
        `taxiway: the profile was removed, but its keychain entries were not: ${result.secretsLeft.message} ${result.secretsLeft.hint ?? ''}`,
      );
    }
    await ctx.io.out.json(result);
    return result.secretsLeft ? 1 : 0;
  },
});
