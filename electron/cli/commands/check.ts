/** `taxiway check URL`: the conformance probe, for server owners. */
import { formatDuration } from '../../../shared/taxii/waits';
import { renderReport, runConformance } from '../../services/conformance';
import { defineCommand, UsageError } from '../command';
import { urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, oneOf, VERSION_OPTION } from '../options';

const FORMATS = ['text', 'json', 'markdown'] as const;

/** The check command. */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'check a TAXII 2.1 server against the specification (a report for server owners)',
  args: '[URL]',
  minArgs: 0,
  maxArgs: 1,
  description: `
Runs a checklist against a server and prints a report: one line per check with pass, fail or
warn, the clause of the TAXII 2.1 specification it checks, what was checked and what the server
sent. It covers media types on success and error answers, 406 for a foreign Accept, trailing
slashes, discovery and API root shapes, versions values, collection fields, filters and their
combinations, paging with next and more, the X-TAXII-Date-Added headers, match[version] values,
the versions endpoint, and, only with --write, POST (202 and status), 413 above
max_content_length, and DELETE on that collection (one test object is written, then deleted).

URL is a server address, its discovery URL, an API root or a collection URL (then that API root
and collection are checked in depth). Known field quirks are named in the report. Waits the
server asks for (429 Retry-After) are shown on stderr.

Exit code 0 when every MUST checked holds, 1 when one fails (or the server cannot be reached).`,
  options: {
    write: {
      type: 'string',
      value: 'COLLECTION_ID',
      help: 'also check writing: POST, status, 413 and DELETE on this collection',
    },
    format: { type: 'string', value: 'FORMAT', help: 'text (default), json or markdown' },
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    ...CONNECTION_OPTIONS,
  },
  examples: [
    'taxiway check http://127.0.0.1:8021/',
    'taxiway check http://127.0.0.1:8021/ --write 4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12 --format markdown',
  ],
  async run({ values, positionals }, ctx) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    const given = positionals[0];
    if (given === undefined && values.profile === undefined) {
      throw new UsageError('check needs the URL of the server, or --profile NAME');
    }
    if (values.write !== undefined && values.write.trim() === '') {
      throw new UsageError('--write needs the id of a collection the check may write to');
    }
    const target = given === undefined ? undefined : urlArgument(given, 'URL');
    return withConnection(
      ctx,
      values,
      target,
      async (c) => {
        const report = await runConformance(target ?? c.url, {
          client: c.client,
          signal: ctx.signal,
          ...(values.write !== undefined ? { writeCollection: values.write.trim() } : {}),
        });
        await ctx.io.out.write(renderReport(report, format));
        if (format !== 'text') {
          const s = report.summary;
          ctx.io.err(
            `taxiway: ${report.mustsHold ? 'every MUST checked holds' : 'some MUSTs do not hold'} (${s.pass} passed, ${s.fail} failed, ${s.warn} warnings; ${formatDuration(report.durationMs)})`,
          );
        }
        return report.mustsHold ? 0 : 1;
      },
      'discovery',
    );
  },
});
