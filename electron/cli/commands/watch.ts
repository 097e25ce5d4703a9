/**
 * `taxiway watch`: the app's watches (whole collections, and saved views marked watched) from the
 * profiles of this data folder, each with its interval and how far it was seen (the watermark the
 * app keeps in feeds.json). The checks themselves run in the app; their last results live there.
 */
import { dataDir } from '../../services/connections/data-dir';
import { feedKey, Watermarks } from '../../services/feeds';
import { defineCommand } from '../command';
import { openProfileService } from '../connection';
import { BASE_OPTIONS, VERSION_OPTION } from '../options';

/** One watch as printed. */
interface WatchLine {
  profile: string;
  apiRoot: string;
  collectionId: string;
  savedView?: string;
  intervalMinutes: number;
  /** The newest date added marked seen, as the server wrote it; null: never marked. */
  seenUpTo: string | null;
  markedAt: string | null;
}

/** The watch command. */
export const watchCommand = defineCommand({
  name: 'watch',
  summary: "list the app's watches and how far each was seen",
  args: '',
  minArgs: 0,
  maxArgs: 0,
  description: `
Lists the watches saved with the profiles of this data folder: whole collections and saved views
marked watched in the app. Prints {"watches": [{"profile", "apiRoot", "collectionId", "savedView",
"intervalMinutes", "seenUpTo", "markedAt"}]}: seenUpTo is the newest date added the person marked
seen (exactly as the server wrote it), null when never. The app asks the servers on each watch's
interval while it runs; \`taxiway pull --state FILE\` is the command line's own incremental walk.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION },
  examples: ['taxiway watch'],
  async run(_parsed, ctx) {
    const marks = new Watermarks(dataDir(ctx.io.env));
    const watches: WatchLine[] = [];
    for (const p of (await openProfileService(ctx.io).list()).profiles) {
      const add = async (
        apiRoot: string,
        collectionId: string,
        intervalMinutes: number,
        savedView?: { id: string; name: string },
      ): Promise<void> => {
        const mark = await marks.get(feedKey(p.id, apiRoot, collectionId, savedView?.id));
        watches.push({
          profile: p.name,
          apiRoot,
          collectionId,
          ...(savedView ? { savedView: savedView.name } : {}),
          intervalMinutes,
          seenUpTo: mark?.dateAdded ?? null,
          markedAt: mark?.markedAt ?? null,
        });
      };
      for (const w of p.watches ?? []) await add(w.apiRoot, w.collectionId, w.intervalMinutes);
      for (const v of p.savedViews ?? [])
        if (v.watch) await add(v.apiRoot, v.collectionId, v.watch.intervalMinutes, v);
    }
    await ctx.io.out.json({ watches });
    if (watches.length === 0) ctx.io.err('taxiway: no watches (watch a collection in the app)');
    return 0;
  },
});
