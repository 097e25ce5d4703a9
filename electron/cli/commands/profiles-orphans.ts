/**
 * `taxiway profiles orphans [--delete]`: keychain entries of Taxiway's service that no profile of
 * this data folder owns. Interrupted saves since the journal (secret-journal.ts) are swept on
 * start; entries left by older builds, or by a data folder deleted by hand, are found here. They
 * are never deleted without asking: another data folder (TAXIWAY_HOME) shares the service, and
 * its profiles' entries look exactly the same from here.
 */
import { defineCommand } from '../command';
import { cliKeychain, openProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';

/** The profiles orphans command. */
export const profilesOrphansCommand = defineCommand({
  name: 'profiles orphans',
  summary: 'list (or delete) keychain entries no profile owns',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  description: `
Lists the keychain entries of Taxiway's service whose profile does not exist in this data folder
(left by an interrupted save in an older build, or a data folder deleted by hand). Prints
{"unowned": [accounts], "deleted": [accounts]}; account names hold a profile id and a secret's
name, never its value. With --delete they are deleted. If you keep other data folders
(TAXIWAY_HOME), their profiles' entries are listed too: delete only when this is your one folder.`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    delete: { type: 'boolean', help: 'delete the entries listed' },
  },
  examples: ['taxiway profiles orphans', 'taxiway profiles orphans --delete'],
  async run({ values }, ctx) {
    const keychain = cliKeychain(ctx.io);
    const state = await keychain.available();
    if (!state.available) {
      ctx.io.err(`taxiway: the keychain cannot be reached: ${state.error.message}`);
      return 1;
    }
    const owned = new Set((await openProfileService(ctx.io).list()).profiles.map((p) => p.id));
    const unowned = (await keychain.accounts())
      .filter((a) => !owned.has(a.slice(0, a.indexOf(':'))))
      .sort();
    const deleted: string[] = [];
    if (values.delete === true) {
      for (const account of unowned) if (await keychain.delete(account)) deleted.push(account);
    }
    await ctx.io.out.json({ unowned, deleted });
    return 0;
  },
});
