/** `taxiway profiles show NAME`: one saved profile, without secrets. */
import { defineCommand } from '../command';
import { openProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';

/** The profiles show command. */
export const profilesShowCommand = defineCommand({
  name: 'profiles show',
  summary: 'one saved profile',
  args: 'NAME',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints one profile (by name, case-insensitive, or id): its settings and, for each secret it uses,
whether the keychain holds it ("secrets": {"hasPassword": true, …, "missing": [...]}).`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION },
  examples: ['taxiway profiles show demo'],
  async run({ positionals }, ctx) {
    await ctx.io.out.json(await openProfileService(ctx.io).summary(positionals[0]!));
    return 0;
  },
});
