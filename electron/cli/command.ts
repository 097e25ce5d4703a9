/**
 * What a command is: a name, its help, its options (node:util parseArgs configs plus help text)
 * and a typed `run`. Commands are defined with `defineCommand` in ./commands/ and listed once in
 * ./registry.ts; the runner (./run.ts) finds them, parses, and turns errors into exit codes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { registerSecret } from '../services/log';
import type { CliIo } from './io';

/** One option: a parseArgs config plus what `--help` says about it. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line for `--help`. */
  help: string;
  /** The value's placeholder in `--help` (`NAME`, `FILE`…), for string options. */
  value?: string;
};

/** A command's options by long name. */
export type OptionSpecs = Record<string, OptionSpec>;

/** The values parseArgs gives for `O` (typed: strings, booleans, string lists). */
export type OptionValues<O extends OptionSpecs> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>['values'];

/** Bad usage: exit code 2, the message, and the command's usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every command gets besides its arguments. */
export interface CommandContext {
  io: CliIo;
  /** Aborted on Ctrl-C or when stdout's reader goes away. */
  signal: AbortSignal;
  /** The program's version (package.json). */
  version: string;
}

/** A command's parsed arguments. */
export interface CommandInput<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** What a command module declares. */
export interface CommandDefinition<O extends OptionSpecs> {
  /** `objects`, or `profiles add` for a sub-command. */
  name: string;
  /** One line for `taxiway --help`. */
  summary: string;
  /** The arguments as the usage line shows them: `COLLECTION_URL ID`. */
  args: string;
  /** How many positional arguments it takes. */
  minArgs: number;
  maxArgs: number;
  /** Paragraphs for `taxiway COMMAND --help`. */
  description: string;
  options: O;
  /** Command lines that really work against `npm run demo-server`. */
  examples?: string[];
  /** Runs the command; resolves to the exit code. Throws UsageError, AppError or OutputClosed. */
  run(input: CommandInput<O>, ctx: CommandContext): Promise<number>;
}

/** A registered command, its option types erased (the registry holds many kinds). */
export interface CliCommand {
  name: string;
  summary: string;
  args: string;
  description: string;
  options: OptionSpecs;
  examples: string[];
  /** Parses `argv` (what follows the command name) and runs. */
  execute(argv: string[], ctx: CommandContext): Promise<number>;
}

// Flags that would put a secret on the command line, with where the secret goes instead.
const SECRET_FLAGS: Record<string, string> = {
  password: 'set TAXIWAY_PASSWORD or pass --password-stdin',
  pass: 'set TAXIWAY_PASSWORD or pass --password-stdin',
  passwd: 'set TAXIWAY_PASSWORD or pass --password-stdin',
  secret: 'set TAXIWAY_TOKEN, TAXIWAY_API_KEY or TAXIWAY_PASSPHRASE, or pass --secret-stdin',
  'api-key': 'use --auth header --header-name NAME with TAXIWAY_API_KEY or --secret-stdin',
  apikey: 'use --auth header --header-name NAME with TAXIWAY_API_KEY or --secret-stdin',
  passphrase: 'set TAXIWAY_PASSPHRASE or pass --secret-stdin',
};

/**
 * Refuses a secret given on the command line (`--token=xyz`, `--password …`) before anything
 * else looks at the arguments, without repeating the value: command lines are visible to other
 * users (`ps`) and kept in shell history.
 */
export function refuseSecretArguments(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const m = /^--([^=]+)(=([\s\S]*))?$/.exec(arg);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (name === 'token' && m[2] !== undefined) {
      registerSecret(m[3]);
      throw new UsageError(
        '--token takes no value: the token is read from the TAXIWAY_TOKEN environment variable (or from standard input with --secret-stdin), because secrets never go on the command line, where other users and the shell history can see them.',
      );
    }
    if (name in SECRET_FLAGS) {
      if (m[3] !== undefined) registerSecret(m[3]);
      throw new UsageError(
        `--${name} is not an option: secrets never go on the command line, where other users and the shell history can see them; ${SECRET_FLAGS[name]}.`,
      );
    }
  }
}

function parseError(error: unknown): UsageError {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  // Node's own words, minus its advice about `--` (which does not apply to our options).
  const option = /Option '([^']+)'/.exec(text)?.[1] ?? /Unknown option '([^']+)'/.exec(text)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return new UsageError(`unknown option ${option.replace(/=.*$/, '')}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(text)
      ? new UsageError(`${option} takes no value`)
      : new UsageError(`${option.replace(/ <value>$/, '')} needs a value`);
  }
  return new UsageError(text.replace(/\. To specify a positional[\s\S]*$/, ''));
}

/** Help text for one command. */
export function commandHelp(command: Omit<CliCommand, 'execute'>): string {
  const lines = [
    `Usage: taxiway ${command.name}${command.args ? ` ${command.args}` : ''} [options]`,
  ];
  lines.push('', command.description.trim(), '', 'Options:');
  const rows = Object.entries(command.options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '';
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, spec.help] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([left]) => left.length)) + 2);
  for (const [left, help] of rows) {
    lines.push(
      left.length >= width ? `${left}\n${' '.repeat(width)}${help}` : left.padEnd(width) + help,
    );
  }
  if (command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The short usage line printed after a usage error. */
export function usageLine(command: Pick<CliCommand, 'name' | 'args'>): string {
  return `Usage: taxiway ${command.name}${command.args ? ` ${command.args}` : ''} [options]  (taxiway ${command.name} --help for more)`;
}

/** Makes a registrable command of a definition: parsing, --help, --version and argument counts. */
export function defineCommand<const O extends OptionSpecs>(def: CommandDefinition<O>): CliCommand {
  const command: CliCommand = {
    name: def.name,
    summary: def.summary,
    args: def.args,
    description: def.description,
    options: def.options,
    examples: def.examples ?? [],
    async execute(argv, ctx) {
      refuseSecretArguments(argv);
      let parsed: { values: OptionValues<O>; positionals: string[] };
      try {
        parsed = parseArgs({
          args: argv,
          options: def.options,
          allowPositionals: true,
          strict: true,
        }) as { values: OptionValues<O>; positionals: string[] };
      } catch (error) {
        throw parseError(error);
      }
      const values = parsed.values as Record<string, unknown>;
      if (values.help === true) {
        await ctx.io.out.write(commandHelp(command));
        return 0;
      }
      if (def.options.version?.type === 'boolean' && values.version === true) {
        await ctx.io.out.write(`${ctx.version}\n`);
        return 0;
      }
      const count = parsed.positionals.length;
      if (count < def.minArgs || count > def.maxArgs) {
        // Never echo the extra words: one of them may be a secret typed after a flag by mistake.
        const wanted =
          def.minArgs === def.maxArgs
            ? `${def.minArgs} argument${def.minArgs === 1 ? '' : 's'}`
            : `${def.minArgs} to ${def.maxArgs} arguments`;
        const tokenHint =
          count > def.maxArgs && argv.includes('--token')
            ? '; note that --token takes no value: the token comes from TAXIWAY_TOKEN'
            : '';
        throw new UsageError(
          `${def.name} takes ${wanted}${def.args ? ` (${def.args})` : ''}; ${count} given${tokenHint}`,
        );
      }
      return def.run(parsed, ctx);
    },
  };
  return command;
}
