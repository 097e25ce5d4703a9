/** `taxiway profiles list`: the saved connection profiles, without secrets. */
import { defineCommand } from '../command';
import { openSweptProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';
import { reportStoreNotices } from './profiles-common';

/** The profiles list command. */
export const profilesListCommand = defineCommand({
  name: 'profiles list',
  summary: 'the saved connection profiles (secrets shown only as set or missing)',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  description: `
Prints {"profiles": [...], "keychain": {...}}: every saved profile with its settings, and for its
secrets only whether each is stored in the keychain. The profile file lives in TAXIWAY_HOME when
set, else in the app's data folder.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION },
  examples: ['taxiway profiles list'],
  async run(_input, ctx) {
    const list = await (await openSweptProfileService(ctx.io)).list();
    reportStoreNotices(ctx.io, list.notices);
    if (!list.keychain.available) {
      ctx.io.err(`taxiway: note: ${list.keychain.error.message} ${list.keychain.error.hint ?? ''}`);
    }
    await ctx.io.out.json({ profiles: list.profiles, keychain: list.keychain });
    return 0;
  },
});
