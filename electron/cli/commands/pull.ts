/**
 * `taxiway pull COLLECTION_URL --state FILE`: what was added to a collection since the last pull,
 * as NDJSON, for cron. The state file's watermark moves only after the output is out, so a run
 * that fails or is interrupted changes nothing and the next one delivers it all again.
 */
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { objectVersion } from '../../../shared/stix/common';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import { compareTimestamps } from '../../../shared/taxii/timestamps';
import { UsageError, defineCommand } from '../command';
import { urlArgument, withConnection } from '../connection';
import { filtersFrom } from '../filters';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { NoteReporter } from '../page-output';
import { pick } from '../paged';
import {
  MAX_SEEN_AT_WATERMARK,
  justBefore,
  readPullState,
  stateIdentity,
  writePullState,
  type PullState,
} from './pull-state';
function keyOf(o: Record<string, unknown>): string {
  return `${String(o.id)}|${objectVersion(o) ?? ''}`;
}

/** The pull command. */
export const pullCommand = defineCommand({
  name: 'pull',
  summary: 'what was added to a collection since the last pull, as NDJSON (for cron)',
  args: 'COLLECTION_URL',
  minArgs: 1,
  maxArgs: 1,
  description: `
Prints, one object a line, the objects added to the collection since the watermark kept in the
--state file (all of them when the file does not exist yet), then moves the watermark to the newest
date_added delivered. The file changes only after the output has been written: a run that fails or
is interrupted leaves it as it was, and the next run delivers those objects again. A run with
nothing new prints nothing and exits 0. A summary goes to stderr.

The watermark is the server's own X-TAXII-Date-Added-Last, kept verbatim. Because added_after is
exclusive, the next pull asks from just before it and leaves out the objects already delivered at
that very instant, so an object added in the same microsecond as the last one is not missed.

One state file belongs to one collection and one set of filters; it holds no secret.`,
  options: {
    ...BASE_OPTIONS,
    state: {
      type: 'string',
      value: 'FILE',
      help: 'the watermark file (created on the first run)',
    },
    ...pick(FILTER_OPTIONS, ['type', 'id', 'version', 'spec-version', 'limit']),
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway pull http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ --state seed.pull.json >> seed.ndjson',
  ],
  async run({ values, positionals }, ctx) {
    const url = urlArgument(positionals[0]!, 'COLLECTION_URL');
    if (values.state === undefined || values.state === '') {
      throw new UsageError('pull needs --state FILE, where the watermark is kept between runs');
    }
    const statePath = path.resolve(ctx.io.cwd, values.state);
    const filters = filtersFrom(values, 'objects');
    const target = { collection: url, filters };
    const before = await readPullState(statePath, target);
    const { io } = ctx;

    return withConnection(ctx, values, url, async (c) => {
      if (filters.limit === undefined && c.pageSize !== undefined) filters.limit = c.pageSize;
      const asked: TaxiiFilters = { ...filters };
      const watermark = before?.watermark ?? null;
      if (watermark !== null) {
        asked.addedAfter = before?.exclusive ? watermark : justBefore(watermark);
      }
      const already = new Set(before?.exclusive ? [] : (before?.seenAtWatermark ?? []));

      // The newest date_added delivered and every key that may carry it. Pages come in ascending
      // date_added (§3.3), so a page whose last date_added is the newest holds those objects;
      // keeping its other keys too is harmless (older ones are never asked for again).
      let newest = watermark;
      let atNewest = new Set(already);
      let delivered = 0;
      let pages = 0;
      let undated = 0;
      const notes = new NoteReporter(io);
      for await (const page of c.client.objectPages(c.url, asked, {
        signal: ctx.signal,
        cache: 'off',
      })) {
        pages++;
        notes.report(page.notes);
        const keys = page.items.map(keyOf);
        const fresh = page.items.filter((_, i) => !already.has(keys[i]!));
        if (fresh.length > 0) {
          await io.out.write(`${fresh.map((o) => JSON.stringify(o)).join('\n')}\n`);
          delivered += fresh.length;
        }
        const last = page.dateAddedLast;
        if (page.items.length === 0) continue;
        if (last === undefined) {
          undated += page.items.length;
          continue;
        }
        const order = newest === null ? 1 : compareTimestamps(last, newest);
        if (order > 0) {
          newest = last;
          atNewest = new Set(keys);
        } else if (order === 0) {
          for (const k of keys) atNewest.add(k);
        }
        if (values.verbose) {
          io.err(`taxiway: page ${pages}: ${fresh.length} new object(s), added up to ${last}`);
        }
      }
      await io.out.flush();

      if (undated > 0 && delivered > 0) {
        throw new AppError({
          code: 'INVALID_RESPONSE',
          message: `The server sent ${undated} object(s) without an X-TAXII-Date-Added-Last header, so there is no watermark to keep; the state file was left as it was.`,
          hint: 'The next pull delivers them again. The server breaks TAXII 2.1 §3.2 (the header is required on object pages); tell its operator.',
          where: c.url,
        });
      }
      const exclusive = atNewest.size > MAX_SEEN_AT_WATERMARK;
      const after: PullState = {
        version: 1,
        ...stateIdentity(target),
        watermark: newest,
        seenAtWatermark: exclusive ? [] : [...atNewest].sort(),
        ...(exclusive ? { exclusive: true } : {}),
      };
      await writePullState(statePath, after);
      if (exclusive) {
        io.err(
          `taxiway: note: more than ${MAX_SEEN_AT_WATERMARK} objects share the date_added ${newest}; the next pull asks strictly after it`,
        );
      }
      io.err(
        `taxiway: pulled ${delivered} new object(s) in ${pages} page(s); watermark ${newest ?? 'none yet'}${newest !== watermark ? ` (was ${watermark ?? 'none'})` : ' (unchanged)'}`,
      );
      return 0;
    });
  },
});
