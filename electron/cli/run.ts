/**
 * The runner: finds the command named by the first word(s), runs it, and turns whatever it throws
 * into a message on stderr and an exit code: 0 success, 1 a TAXII, HTTP, network or keychain
 * failure (with the server's error resource in plain words), 2 bad usage or bad input (nothing
 * was sent), 130 interrupted.
 */
import { formatWireError, isAppError } from '../../shared/errors';
import { redact, setLogLevel } from '../services/log';
import { commandHelp, usageLine, UsageError, type CliCommand } from './command';
import { isUsageLike } from './connection';
import { OutputClosed, type CliIo } from './io';
import { COMMANDS } from './registry';
import { VERSION } from './version';

/** Exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** The program's version. */
export { VERSION };

/** `taxiway --help`. */
export function programHelp(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  return `Usage: taxiway COMMAND [arguments] [options]

Taxiway's command line: browse and publish to TAXII 2.1 and 2.0 servers. Output is JSON on stdout;
progress and errors go to stderr. Exit code 0 on success, 1 on a TAXII, HTTP or network failure,
2 on bad usage or bad input.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Every command that talks to a server takes --profile NAME (a saved profile and its keychain
secrets), --user NAME (password from TAXIWAY_PASSWORD or --password-stdin), --token (bearer token
from TAXIWAY_TOKEN), --header-name NAME (API key from TAXIWAY_API_KEY), --header 'NAME: VALUE',
--ca FILE, --pin SHA256, --cert/--key/--pfx FILE, --proxy URL, --taxii 2.0|2.1,
--timeout SECONDS and --verbose. Secrets never go on the command line.

Profiles live in TAXIWAY_HOME when it is set (else the app's data folder); their secrets live in
the OS keychain.

Run 'taxiway COMMAND --help' for a command's options and examples. 'taxiway --version' prints the
version.
`;
}

function findCommand(
  argv: readonly string[],
  commands: readonly CliCommand[],
): { command?: CliCommand; rest: string[]; group?: string } {
  const [first = '', second] = argv;
  const grouped = commands.filter((c) => c.name.startsWith(`${first} `));
  if (grouped.length > 0) {
    const command = grouped.find((c) => c.name === `${first} ${second}`);
    return command ? { command, rest: argv.slice(2) } : { rest: argv.slice(1), group: first };
  }
  return { command: commands.find((c) => c.name === first), rest: argv.slice(1) };
}

function groupHelp(group: string, commands: readonly CliCommand[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  const width = Math.max(...members.map((c) => c.name.length)) + 4;
  return `Usage: taxiway ${group} SUBCOMMAND [arguments] [options]\n\n${members
    .map((c) => `  ${c.name.padEnd(width)}${c.summary}`)
    .join('\n')}\n\nRun 'taxiway ${group} SUBCOMMAND --help' for details.\n`;
}

/** What `runCli` needs besides the arguments. */
export interface RunOptions {
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  commands?: readonly CliCommand[];
}

/** Runs `taxiway` with `argv` (without the program name); resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  options: RunOptions = {},
): Promise<number> {
  const commands = options.commands ?? COMMANDS;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // The reader of stdout went away (`| head`): stop fetching, and end quietly.
  io.out.onClose(() => controller.abort());
  const ctx = { io, signal: controller.signal, version: VERSION };
  let command: CliCommand | undefined;
  try {
    const [first] = argv;
    if (first === undefined) {
      io.err(programHelp(commands).trimEnd());
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? argv.slice(1) : [];
      const found = topic.length > 0 ? findCommand(topic, commands) : undefined;
      if (found?.command) await io.out.write(commandHelp(found.command));
      else if (found?.group) await io.out.write(groupHelp(found.group, commands));
      else if (topic.length > 0) throw new UsageError(`unknown command "${topic.join(' ')}"`);
      else await io.out.write(programHelp(commands));
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      await io.out.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first.startsWith('-')) {
      throw new UsageError(`the command comes first: taxiway COMMAND [arguments] [options]`);
    }
    const found = findCommand(argv, commands);
    if (found.group !== undefined && !found.command) {
      const sub = argv[1];
      if (sub === undefined || sub === '--help' || sub === '-h') {
        await (sub === undefined
          ? Promise.resolve(io.err(groupHelp(found.group, commands).trimEnd()))
          : io.out.write(groupHelp(found.group, commands)));
        return sub === undefined ? EXIT.usage : EXIT.ok;
      }
      throw new UsageError(
        `unknown command "${found.group} ${sub}"; see taxiway ${found.group} --help`,
      );
    }
    if (!found.command) {
      throw new UsageError(`unknown command "${first}"; see taxiway --help for the list`);
    }
    command = found.command;
    if (found.rest.includes('--verbose')) setLogLevel('info');
    return await command.execute(found.rest, ctx);
  } catch (error) {
    return report(error, io, command, controller.signal);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function report(
  error: unknown,
  io: CliIo,
  command: CliCommand | undefined,
  signal: AbortSignal,
): number {
  if (error instanceof OutputClosed || io.out.isClosed) return EXIT.ok;
  if (error instanceof UsageError) {
    io.err(`taxiway: ${error.message}`);
    io.err(
      command
        ? usageLine(command)
        : 'Usage: taxiway COMMAND [arguments] [options]  (taxiway --help for the list)',
    );
    return EXIT.usage;
  }
  if (isAppError(error)) {
    if (error.code === 'CANCELLED') {
      io.err('taxiway: interrupted');
      return EXIT.interrupted;
    }
    io.err(`taxiway: ${formatWireError(error.toWire())}`);
    if (!isUsageLike(error)) return EXIT.failure;
    if (command) io.err(usageLine(command));
    return EXIT.usage;
  }
  if (signal.aborted) {
    io.err('taxiway: interrupted');
    return EXIT.interrupted;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`taxiway: internal error: ${redact(text)}`);
  return EXIT.failure;
}
