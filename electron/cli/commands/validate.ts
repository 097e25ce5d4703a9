/** `taxiway validate FILE|-`: check STIX content against STIX 2.1, object by object, offline. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateText } from '../../../shared/stix/validate';
import { defineCommand } from '../command';
import { BASE_OPTIONS, oneOf, VERSION_OPTION } from '../options';
import { oneLineSafe } from '../../../shared/terminal-safe';
import { renderJson, renderText } from './validate-output';

const FORMATS = ['text', 'json'] as const;

/** Exit codes of validate: every MUST holds, some MUST fails, the input cannot be read. */
const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

/** The validate command. */
export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'check a STIX bundle, envelope, object or NDJSON file against STIX 2.1',
  args: 'FILE|-',
  minArgs: 1,
  maxArgs: 1,
  description: `
Checks the STIX content in FILE (- reads standard input) against every MUST of STIX 2.1 that an
object or a bundle can break: required properties, ids, timestamps, spec_version, references,
vocabularies and enumerations, custom properties and types, and indicator patterns (with the
column of the error). SHOULDs are reported as warnings. FILE holds a bundle, a TAXII envelope
({"objects": […]}), a JSON list of objects, one object, or NDJSON (one object per line). Nothing
is sent anywhere. docs/validation.md lists every rule.

Text by default; --format json prints one report {"valid", "problems" (a bundle's own),
"objects": [{"index", "id", "type", "valid", "problems": [{"severity", "rule", "path",
"message"}]}]}, one entry per object in input order. Exit code 0 when valid (warnings allowed),
1 when any MUST fails, 2 when the input cannot be read (broken JSON: with its line and column).`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    format: { type: 'string', value: 'FORMAT', help: 'text (default) or json' },
  },
  examples: [
    'taxiway validate bundle.json',
    'taxiway validate --format json bundle.json',
    'cat objects.ndjson | taxiway validate -',
  ],
  async run({ values, positionals }, ctx) {
    const format = oneOf(values.format, FORMATS, '--format') ?? 'text';
    const file = positionals[0]!;
    const source = file === '-' ? 'standard input' : file;
    let text: string;
    try {
      text =
        file === '-'
          ? await ctx.io.readStdin()
          : await readFile(path.resolve(ctx.io.cwd, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'it is a folder'
            : (code ?? 'error');
      ctx.io.err(
        oneLineSafe(
          `taxiway: ${source} cannot be read (${why}): give the path of a STIX file, or - for standard input`,
        ),
      );
      return EXIT.unreadable;
    }
    const result = validateText(text);
    if (!result.ok) {
      const { message, line, column } = result.error;
      ctx.io.err(
        oneLineSafe(
          `taxiway: ${source} is not valid JSON: ${message} at line ${line}, column ${column}: fix the JSON there (a missing comma, bracket or quote is the usual cause)`,
        ),
      );
      return EXIT.unreadable;
    }
    const { report } = result;
    await ctx.io.out.write(
      format === 'json' ? renderJson(report) : renderText(report, oneLineSafe(source)),
    );
    return report.valid ? EXIT.valid : EXIT.invalid;
  },
});
