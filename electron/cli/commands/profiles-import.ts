/** `taxiway profiles import FILE|-`: profiles from an exported document. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { defineCommand } from '../command';
import { openProfileService } from '../connection';
import { BASE_OPTIONS, oneOf, VERSION_OPTION } from '../options';

/** The profiles import command. */
export const profilesImportCommand = defineCommand({
  name: 'profiles import',
  summary: 'profiles from a file made by `profiles export`',
  args: 'FILE|-',
  minArgs: 1,
  maxArgs: 1,
  description: `
Imports the profiles of a "taxiway-profiles" document (- reads standard input). They get new ids
and no secrets (add those with \`taxiway profiles add NAME … --replace\`). A name already taken is
renamed "NAME (2)" unless --on-clash says skip or replace. Each invalid entry is reported with its
path and left out; prints what was imported, renamed, skipped and replaced. Exit code 2 when
nothing could be imported because of problems.`,
  options: {
    ...BASE_OPTIONS,
    ...VERSION_OPTION,
    'on-clash': {
      type: 'string',
      value: 'rename|skip|replace',
      help: 'what to do when a name is taken (default rename)',
    },
  },
  examples: ['taxiway profiles import demo-profile.json'],
  async run({ values, positionals }, ctx) {
    const onClash = oneOf(values['on-clash'], ['rename', 'skip', 'replace'] as const, '--on-clash');
    const file = positionals[0]!;
    let text: string;
    if (file === '-') text = await ctx.io.readStdin();
    else {
      try {
        text = await readFile(path.resolve(ctx.io.cwd, file), 'utf8');
      } catch (error) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
          hint: 'Give the path of a file made by `taxiway profiles export`.',
          where: file,
        });
      }
    }
    const result = await openProfileService(ctx.io).importProfiles(
      text,
      onClash ? { onClash } : {},
    );
    for (const p of result.problems) ctx.io.err(`taxiway: ${p.path}: ${p.message}`);
    for (const r of result.renamed) ctx.io.err(`taxiway: imported "${r.from}" as "${r.to}"`);
    await ctx.io.out.json(result);
    return result.imported.length === 0 && result.problems.length > 0 ? 2 : 0;
  },
});
