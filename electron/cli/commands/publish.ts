/** `taxiway publish COLLECTION_URL FILE|-`: publish a STIX bundle and follow its status. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../shared/errors';
import {
  planPublish,
  publish,
  readPublishInput,
  type PublishPlan,
  type PublishProgress,
  type PublishResult,
} from '../../services/taxii';
import { defineCommand, UsageError } from '../command';
import { urlArgument, withConnection } from '../connection';
import type { CliIo } from '../io';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function progressLine(p: PublishProgress): string | undefined {
  switch (p.phase) {
    case 'prepared':
      return `publishing ${p.objects} object(s) in ${p.requests} request(s)${p.maxBytes ? ` (the API root takes at most ${size(p.maxBytes)} per request)` : ''}`;
    case 'uploading':
      return `request ${p.request}/${p.of}: sending ${p.objects} object(s), ${size(p.bytes)}`;
    case 'uploaded':
      return `request ${p.request}/${p.of}: accepted, status ${p.statusId} is ${p.status}`;
    case 'waiting':
      return `waiting ${(p.waitMs / 1000).toFixed(0)} s: ${p.pendingObjects} object(s) pending in ${p.pendingRequests} request(s)`;
    case 'done':
      return undefined;
  }
}

async function readInput(file: string, io: CliIo): Promise<{ text: string; source: string }> {
  if (file === '-') return { text: await io.readStdin(), source: 'standard input' };
  const full = path.resolve(io.cwd, file);
  try {
    return { text: await readFile(full, 'utf8'), source: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `${file} cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'error')}).`,
      hint: 'Give the path of a STIX bundle file, or - to read it from standard input.',
      where: file,
    });
  }
}

/** The plan in one line: how many of each action, and the requests. */
export function planLine(plan: Pick<PublishPlan, 'counts' | 'requests'>): string {
  const c = plan.counts;
  return `${c.new} new, ${c['new-version']} new version(s), ${c.unchanged} unchanged, ${c.conflict} in conflict, ${c.invalid} invalid; ${plan.requests} request(s) to send`;
}

function summarise(result: PublishResult, io: CliIo): void {
  for (const o of result.objects) {
    if (o.outcome === 'failure' || o.outcome === 'unknown') {
      io.err(
        `taxiway: ${o.outcome === 'failure' ? 'failed' : 'unknown'}: ${o.id}${o.version ? ` (${o.version})` : ''}${o.message ? `: ${o.message}` : ''}`,
      );
    }
  }
  const c = result.counts;
  io.err(
    `taxiway: ${c.total} object(s): ${c.success} succeeded${c.unchanged ? ` (${c.unchanged} unchanged: already in the collection)` : ''}, ${c.failure} failed, ${c.pending} pending${c.unknown ? `, ${c.unknown} unknown` : ''}${result.complete ? '' : ' (the server is still processing)'}`,
  );
}

/** What an upload that stopped midway had done, object by object (printed on stdout). */
interface StoppedUpload {
  complete: false;
  /** Why it stopped, for a person. */
  stopped: string;
  /** Ids in requests the server accepted (each with a status id to follow with `taxiway status`). */
  accepted: string[];
  status_ids: string[];
  /** Ids in the request that was being sent: the server may or may not have them. */
  unknown: string[];
  /** Ids never sent. */
  not_sent: string[];
  /** Sends only what was not accepted (unknown and never sent). */
  resume: string;
}

/** Tracks which ids each request carried and which requests the server accepted. */
class UploadLedger {
  private readonly sending = new Map<number, string[]>();
  readonly accepted: string[] = [];
  readonly statusIds: string[] = [];

  constructor(private readonly allIds: readonly string[]) {}

  onProgress(p: PublishProgress): void {
    if (p.phase === 'uploading') this.sending.set(p.request, p.ids);
    if (p.phase === 'uploaded') {
      this.accepted.push(...(this.sending.get(p.request) ?? []));
      this.sending.delete(p.request);
      this.statusIds.push(p.statusId);
    }
  }

  /** Ids of requests sent and not (yet) answered. */
  get inFlight(): string[] {
    return [...this.sending.values()].flat();
  }

  stopped(why: string, resume: string): StoppedUpload {
    const unknown = this.inFlight;
    const sent = new Set([...this.accepted, ...unknown]);
    return {
      complete: false,
      stopped: why,
      accepted: this.accepted,
      status_ids: this.statusIds,
      unknown,
      not_sent: this.allIds.filter((id) => !sent.has(id)),
      resume,
    };
  }
}

/**
 * Ids to leave out, from FILE: the JSON this command prints when an upload stops (its `accepted`
 * list), a JSON list of ids, or one id per line.
 */
async function readSkipIds(file: string, io: CliIo): Promise<Set<string>> {
  const { text } = await readInput(file, io);
  let ids: unknown;
  try {
    const value = JSON.parse(text) as unknown;
    ids = Array.isArray(value) ? value : (value as { accepted?: unknown } | null)?.accepted;
  } catch {
    ids = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw new UsageError(
      `--skip-ids ${file}: expected one id per line, a JSON list of ids, or the JSON a stopped publish printed`,
    );
  return new Set(ids);
}

/** The publish command. */
export const publishCommand = defineCommand({
  name: 'publish',
  summary: 'publish a STIX bundle (file or stdin) and report each object',
  args: 'COLLECTION_URL FILE|-',
  minArgs: 2,
  maxArgs: 2,
  description: `
Publishes the STIX content in FILE (- reads standard input): a bundle, an envelope, a list of
objects or one object. Every object is checked first against every MUST of STIX 2.1 (see
\`taxiway validate\`); broken JSON (with its line and column) or an invalid object (with its path
and rule) stops the command before anything is sent (exit code 2). --valid-only sends the valid
objects and lists the others on stderr instead.

--plan sends nothing: it reads the collection and prints, per object, what publishing would do
(new, new-version, unchanged: the same id, version and content are there, conflict: the same id
and version with other content, invalid) and how many requests the API root's size limit needs:
{"collection", "counts", "requests", "objects": [{"index", "id", "type", "version", "name",
"action", "problems"}]}. Exit code 1 when any object is in conflict or invalid.

The objects go in as many requests as the API root's max_content_length requires (TAXII 2.1
envelopes; STIX bundles for 2.0). Then each request's status is followed until nothing is pending
(1 s, 2 s, 4 s… up to 30 s apart, 5 minutes at most) unless --no-wait is given.

Progress goes to stderr; stdout gets the final status resource (merged over all requests, its
successes, failures and pendings listing each object). Exit code 1 when any object failed, or
when the server gave no outcome for any object.

When the upload stops midway (a dropped connection, Ctrl-C), stdout gets what landed instead:
{"complete": false, "accepted": [ids], "status_ids", "unknown": [ids in the request in flight],
"not_sent": [ids], "resume"}. Save it and give it to --skip-ids to send only the rest.`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    'no-wait': {
      type: 'boolean',
      help: 'print the status the server first returns, without following it',
    },
    plan: { type: 'boolean', help: 'print what publishing would do per object; send nothing' },
    'valid-only': {
      type: 'boolean',
      help: 'send only the objects that break no MUST; list the others on stderr',
    },
    'skip-ids': {
      type: 'string',
      value: 'FILE',
      help: 'leave out these ids (one a line, a JSON list, or what a stopped publish printed)',
    },
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway publish http://127.0.0.1:8021/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/ bundle.json',
    'cat bundle.json | taxiway publish http://127.0.0.1:8021/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/ -',
  ],
  async run({ values, positionals }, ctx) {
    const url = urlArgument(positionals[0]!, 'COLLECTION_URL');
    const file = positionals[1]!;
    if (file === '-' && (values['password-stdin'] || values['secret-stdin'])) {
      throw new UsageError(
        'the bundle and the secret cannot both come from standard input: give the secret in its environment variable, or the bundle as a file',
      );
    }
    const input = await readInput(file, ctx.io);
    const skipFile = values['skip-ids'];
    if (skipFile !== undefined && skipFile === file)
      throw new UsageError('--skip-ids needs its own file, not the bundle');
    const skip = skipFile === undefined ? undefined : await readSkipIds(skipFile, ctx.io);
    // Parsed here too (publish checks it again) so the ids are known before anything is sent.
    const lenient = values['valid-only'] === true || values.plan === true;
    const parsed = readPublishInput(input.text, { source: input.source, validate: !lenient });
    let objects = skip ? parsed.objects.filter((o) => !skip.has(o.id)) : parsed.objects;
    if (values.plan === true) {
      return withConnection(ctx, values, url, async (c) => {
        const plan = await planPublish(c.client, c.url, objects, { signal: ctx.signal });
        const { toSend: _toSend, collectionUrl, entries, ...rest } = plan;
        await ctx.io.out.json({
          collection: c.client.http.safe(collectionUrl),
          ...rest,
          objects: entries,
        });
        ctx.io.err(`taxiway: plan: ${planLine(plan)}`);
        return plan.counts.conflict + plan.counts.invalid > 0 ? 1 : 0;
      });
    }
    if (values['valid-only'] === true) {
      const bad = new Map<number, string>();
      for (const p of parsed.problems)
        if (!bad.has(p.index)) bad.set(p.index, `${p.path}: ${p.message}`);
      for (const [index, why] of bad)
        ctx.io.err(
          `taxiway: --valid-only: leaving out ${parsed.objects[index]?.id ?? `object ${index}`}: ${why}`,
        );
      const kept = new Set(parsed.objects.filter((_o, i) => !bad.has(i)));
      objects = objects.filter((o) => kept.has(o));
      if (objects.length === 0) {
        ctx.io.err('taxiway: --valid-only: no valid object to publish');
        return 1;
      }
    }
    if (skip) {
      ctx.io.err(
        `taxiway: --skip-ids: leaving out ${parsed.objects.length - objects.length} of ${parsed.objects.length} object(s)`,
      );
      if (objects.length === 0) {
        ctx.io.err('taxiway: nothing left to publish');
        return 0;
      }
    }
    const ledger = new UploadLedger(objects.map((o) => o.id));
    return withConnection(ctx, values, url, async (c) => {
      let result: PublishResult;
      try {
        result = await publish(c.client, c.url, objects, {
          source: input.source,
          wait: values['no-wait'] !== true,
          signal: ctx.signal,
          onProgress: (p) => {
            ledger.onProgress(p);
            const line = progressLine(p);
            if (line) ctx.io.err(`taxiway: ${line}`);
          },
        });
      } catch (error) {
        const interrupted = ctx.signal.aborted || isAppError(error, 'CANCELLED');
        // Before the first request nothing landed: the error alone says it all.
        if (ledger.accepted.length === 0 && ledger.inFlight.length === 0) throw error;
        const why = interrupted
          ? 'interrupted'
          : isAppError(error)
            ? error.toWire().message
            : String(error);
        const report = ledger.stopped(
          why,
          `taxiway publish ${url} ${file === '-' ? '-' : file} --skip-ids ACCEPTED.json  (ACCEPTED.json: this output)`,
        );
        await ctx.io.out.json(report);
        ctx.io.err(
          `taxiway: stopped: ${report.accepted.length} object(s) accepted, ${report.unknown.length} unknown, ${report.not_sent.length} not sent; resend the rest with --skip-ids and this output saved to a file`,
        );
        throw error;
      }
      new NoteReporter(ctx.io).report(result.notes);
      summarise(result, ctx.io);
      await ctx.io.out.json(result.status);
      if (result.counts.failure > 0) return 1;
      // "complete" with no outcome for any object (total_count 0, say) is not a success.
      if (result.counts.total > 0 && result.counts.unknown === result.counts.total) {
        ctx.io.err(
          'taxiway: the server gave no outcome for any object: nothing is known to have landed',
        );
        return 1;
      }
      return 0;
    });
  },
});
