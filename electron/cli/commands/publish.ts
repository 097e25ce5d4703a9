/** `taxiway publish COLLECTION_URL FILE|-`: publish a STIX bundle and follow its status. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { publish, type PublishProgress, type PublishResult } from '../../services/taxii';
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

/** The publish command. */
export const publishCommand = defineCommand({
  name: 'publish',
  summary: 'publish a STIX bundle (file or stdin) and report each object',
  args: 'COLLECTION_URL FILE|-',
  minArgs: 2,
  maxArgs: 2,
  description: `
Publishes the STIX content in FILE (- reads standard input): a bundle, an envelope, a list of
objects or one object. Every object is checked first; broken JSON (with its line and column) or an
invalid object (with its path) stops the command before anything is sent (exit code 2).

The objects go in as many requests as the API root's max_content_length requires (TAXII 2.1
envelopes; STIX bundles for 2.0). Then each request's status is followed until nothing is pending
(1 s, 2 s, 4 s… up to 30 s apart, 5 minutes at most) unless --no-wait is given.

Progress goes to stderr; stdout gets the final status resource (merged over all requests, its
successes, failures and pendings listing each object). Exit code 1 when any object failed.`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    'no-wait': {
      type: 'boolean',
      help: 'print the status the server first returns, without following it',
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
    return withConnection(ctx, values, url, async (c) => {
      const result = await publish(c.client, c.url, input.text, {
        source: input.source,
        wait: values['no-wait'] !== true,
        signal: ctx.signal,
        onProgress: (p) => {
          const line = progressLine(p);
          if (line) ctx.io.err(`taxiway: ${line}`);
        },
      });
      new NoteReporter(ctx.io).report(result.notes);
      summarise(result, ctx.io);
      await ctx.io.out.json(result.status);
      return result.counts.failure > 0 ? 1 : 0;
    });
  },
});
