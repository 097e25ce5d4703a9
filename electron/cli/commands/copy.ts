/**
 * `taxiway copy SRC DST [filters]`: forwards what one collection has to another, with the publish
 * plan (publish-plan.ts): new objects and new versions are sent, unchanged ones are skipped, and
 * conflicts and invalid objects are reported, so a second run copies nothing.
 */
import { AppError } from '../../../shared/errors';
import type { StixObject } from '../../../shared/taxii/resources';
import { planPublish, publish } from '../../services/taxii';
import { defineCommand } from '../command';
import { connect, urlArgument, type Connected } from '../connection';
import { filtersFrom } from '../filters';
import { BASE_OPTIONS, CONNECTION_OPTIONS, FILTER_OPTIONS } from '../options';
import { pick } from '../paged';
import { planLine } from './publish';

/** Objects read from the source at most (they are held in memory for the plan). */
export const MAX_COPIED_OBJECTS = 100_000;

/** The copy command. */
export const copyCommand = defineCommand({
  name: 'copy',
  summary: 'forward the objects one collection has to another (new and new versions only)',
  args: 'SRC_COLLECTION_URL DST_COLLECTION_URL',
  minArgs: 2,
  maxArgs: 2,
  description: `
Reads every object of SRC (every version with --version all; filters as for \`taxiway objects\`),
plans them against DST as \`taxiway publish --plan\` does (new, new-version, unchanged, conflict,
invalid) and sends the new objects and new versions, following their status. Unchanged objects
are skipped, so running it again copies nothing; conflicts (same id and version, other content)
and invalid objects are reported and never sent. At most ${MAX_COPIED_OBJECTS.toLocaleString('en')}
objects per run: narrow larger copies with --type or --added-after.

Prints {"source", "destination", "counts", "requests", "copied", "status"} (status: the merged
status resource, or null when nothing was sent); --dry-run prints the plan as publish --plan does
and sends nothing. Exit code 1 when an object failed, is in conflict or is invalid.

--profile applies to SRC (and to DST when it is on the same server); --profile-b to DST.`,
  options: {
    'profile-b': {
      type: 'string',
      value: 'NAME',
      help: 'a saved profile for DST (default: the same connection options as SRC)',
    },
    'dry-run': { type: 'boolean', help: 'print the plan; send nothing' },
    ...pick(FILTER_OPTIONS, ['type', 'id', 'added-after', 'version', 'spec-version', 'limit']),
    ...BASE_OPTIONS,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway copy http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ http://127.0.0.1:8021/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/ --type malware --dry-run',
  ],
  async run({ values, positionals }, ctx) {
    const srcUrl = urlArgument(positionals[0]!, 'SRC_COLLECTION_URL');
    const dstUrl = urlArgument(positionals[1]!, 'DST_COLLECTION_URL');
    const filters = filtersFrom(values, 'objects');
    const src: Connected = await connect(ctx, values, srcUrl);
    let dst: Connected | undefined;
    try {
      dst = await connect(
        ctx,
        values['profile-b'] !== undefined ? { ...values, profile: values['profile-b'] } : values,
        dstUrl,
      );
      if (filters.limit === undefined && src.pageSize !== undefined) filters.limit = src.pageSize;
      const objects: StixObject[] = [];
      for await (const page of src.client.objectPages(src.url, filters, {
        signal: ctx.signal,
        cache: 'off',
      })) {
        if (objects.length + page.items.length > MAX_COPIED_OBJECTS) {
          throw new AppError({
            code: 'TOO_LARGE',
            message: `The source holds more than ${MAX_COPIED_OBJECTS.toLocaleString('en')} objects under these filters; a copy takes at most that many.`,
            hint: 'Copy in parts: narrow it with --type or --added-after.',
          });
        }
        objects.push(...page.items);
      }
      ctx.io.err(`taxiway: copy: read ${objects.length} object(s) from the source`);
      const plan = await planPublish(dst.client, dst.url, objects, { signal: ctx.signal });
      ctx.io.err(`taxiway: copy: ${planLine(plan)}`);
      for (const e of plan.entries) {
        if (e.action === 'conflict')
          ctx.io.err(
            `taxiway: conflict: ${e.id} (${e.version ?? 'no version'}) is in the destination with other content; not sent`,
          );
        if (e.action === 'invalid')
          ctx.io.err(`taxiway: invalid: ${e.id}: ${e.problems?.[0]?.message ?? ''}; not sent`);
      }
      const trouble = plan.counts.conflict + plan.counts.invalid > 0;
      const safe = {
        source: src.client.http.safe(src.url),
        destination: dst.client.http.safe(dst.url),
      };
      if (values['dry-run'] === true) {
        const { toSend: _toSend, collectionUrl: _url, entries, ...rest } = plan;
        await ctx.io.out.json({ ...safe, ...rest, objects: entries });
        return trouble ? 1 : 0;
      }
      if (plan.toSend.length === 0) {
        await ctx.io.out.json({
          ...safe,
          counts: plan.counts,
          requests: 0,
          copied: 0,
          status: null,
        });
        return trouble ? 1 : 0;
      }
      const result = await publish(dst.client, dst.url, plan.toSend, {
        signal: ctx.signal,
        source: 'the copied objects',
        onProgress: (p) => {
          if (p.phase === 'uploaded')
            ctx.io.err(
              `taxiway: request ${p.request}/${p.of}: status ${p.statusId} is ${p.status}`,
            );
        },
      });
      ctx.io.err(
        `taxiway: copy: ${result.counts.success} succeeded, ${result.counts.failure} failed, ${result.counts.pending} pending`,
      );
      await ctx.io.out.json({
        ...safe,
        counts: plan.counts,
        requests: plan.requests,
        copied: result.counts.success,
        status: result.status,
      });
      return trouble || result.counts.failure > 0 ? 1 : 0;
    } finally {
      await src.close().catch(() => undefined);
      await dst?.close().catch(() => undefined);
    }
  },
});
