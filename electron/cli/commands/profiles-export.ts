/** `taxiway profiles export [NAME...]`: profiles as a shareable JSON document, no secrets. */
import { defineCommand } from '../command';
import { openProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';

/** The profiles export command. */
export const profilesExportCommand = defineCommand({
  name: 'profiles export',
  summary: 'profiles as JSON to share (never with secrets)',
  args: '[NAME...]',
  minArgs: 0,
  maxArgs: Number.POSITIVE_INFINITY,
  description: `
Prints the named profiles (all when none is named) as a "taxiway-profiles" document: settings
only, no secrets, to give a colleague or partner a server's set-up. Its "note" says which secrets
the recipient has to enter. Read it back with \`taxiway profiles import\`.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION },
  examples: ['taxiway profiles export demo > demo-profile.json'],
  async run({ positionals }, ctx) {
    const doc = await openProfileService(ctx.io).exportProfiles(
      positionals.length > 0 ? positionals : undefined,
    );
    await ctx.io.out.json(doc);
    return 0;
  },
});
