/** `taxiway diff COLLECTION_URL_A COLLECTION_URL_B`: two collections compared by manifest. */
import { diffCollections, type DiffEntry } from '../../services/compare';
import { defineCommand } from '../command';
import { connect, urlArgument, type Connected } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, listValue, oneOf, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

const FORMATS = ['json', 'ndjson'] as const;

/** The diff command. */
export const diffCommand = defineCommand({
  name: 'diff',
  summary:
    'compare two collections by manifest: ids and versions only in A, only in B, newer in one',
  args: 'COLLECTION_URL_A COLLECTION_URL_B',
  minArgs: 2,
  maxArgs: 2,
  description: `
Reads the manifests of both collections (every version, and on TAXII 2.1 every spec version) and
prints the differences sorted by id: objects only in A, only in B, and objects in both whose
versions differ, with the versions each lacks and which side has the newer latest version. Only
ids and versions are kept in memory, and differences are written as they are found, so large
collections are fine; --format ndjson gives one difference a line.

JSON: {"a": URL, "b": URL, "differences": [...], "summary": {...}}. Each difference is
{"kind": "only-in-a" | "only-in-b", "id", "versions"} or {"kind": "versions-differ", "id",
"onlyInA", "onlyInB", "latestA", "latestB", "newer": "a" | "b" | "same"}.

--profile applies to A (and to B when it is on the same server); --profile-b to B.`,
  options: {
    'profile-b': {
      type: 'string',
      value: 'NAME',
      help: 'a saved profile for collection B (default: the same connection options as A)',
    },
    type: {
      type: 'string',
      multiple: true,
      value: 'T[,T]',
      help: 'compare only objects of these types',
    },
    format: { type: 'string', value: 'FORMAT', help: 'json (default) or ndjson' },
    'exit-code': { type: 'boolean', help: 'exit with 1 when the collections differ (0 when same)' },
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway diff http://127.0.0.1:8021/api1/collections/7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60/ http://127.0.0.1:8021/api1/collections/4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12/',
  ],
  async run({ values, positionals }, ctx) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'json';
    const urlA = urlArgument(positionals[0]!, 'COLLECTION_URL_A');
    const urlB = urlArgument(positionals[1]!, 'COLLECTION_URL_B');
    const types = listValue(values.type);
    const a: Connected = await connect(ctx, values, urlA);
    let b: Connected | undefined;
    try {
      b = await connect(
        ctx,
        values['profile-b'] !== undefined ? { ...values, profile: values['profile-b'] } : values,
        urlB,
      );
      const out = ctx.io.out;
      const diff = diffCollections(
        { client: a.client, url: urlA },
        { client: b.client, url: urlB },
        {
          signal: ctx.signal,
          ...(types ? { filters: { type: types } } : {}),
          ...(values.verbose
            ? {
                onProgress: (side, n) =>
                  ctx.io.err(`taxiway: ${side.toUpperCase()}: ${n} records read`),
              }
            : {}),
        },
      );
      const write = (e: DiffEntry, first: boolean): Promise<void> =>
        format === 'ndjson'
          ? out.write(`${JSON.stringify(e)}\n`)
          : out.write(`${first ? '' : ',\n'}    ${JSON.stringify(e)}`);
      let first = true;
      let r = await diff.next();
      if (format === 'json') {
        await out.write(
          `{\n  "a": ${JSON.stringify(a.client.http.safe(urlA))},\n  "b": ${JSON.stringify(b.client.http.safe(urlB))},\n  "differences": [${r.done ? '' : '\n'}`,
        );
      }
      for (; !r.done; r = await diff.next()) {
        await write(r.value, first);
        first = false;
      }
      const summary = r.value;
      const notes = new NoteReporter(ctx.io);
      notes.report(summary.a.notes);
      notes.report(summary.b.notes);
      const { a: sa, b: sb, ...totals } = summary;
      const plain = {
        ...totals,
        a: { objects: sa.objects, versions: sa.versions },
        b: { objects: sb.objects, versions: sb.versions },
      };
      if (format === 'json') {
        await out.write(`${first ? '' : '\n  '}],\n  "summary": ${JSON.stringify(plain)}\n}\n`);
      } else {
        await out.write(`${JSON.stringify({ kind: 'summary', ...plain })}\n`);
      }
      return values['exit-code'] && !summary.identical ? 1 : 0;
    } finally {
      await a.close().catch(() => undefined);
      await b?.close().catch(() => undefined);
    }
  },
});
