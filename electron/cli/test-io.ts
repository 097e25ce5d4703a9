/**
 * An in-memory CliIo for tests that run the command line in-process (`runCli`): what it writes
 * on stdout and stderr is captured, stdin is a given string. Not used by the product.
 */
import { Writable } from 'node:stream';
import { redact } from '../services/log';
import { firstLine, Output, type CliIo } from './io';

/** A CliIo whose output is kept in `stdout` and `stderr`. */
export interface MemoryIo extends CliIo {
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh in-memory CliIo. */
export function memoryIo(
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): MemoryIo {
  let stdout = '';
  let stderr = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      stdout += chunk.toString('utf8');
      done();
    },
  });
  return {
    out: new Output(sink),
    err: (line) => {
      stderr += `${redact(line)}\n`;
    },
    errIsTty: false,
    readStdin: async () => options.stdin ?? '',
    readSecret: async () => firstLine(options.stdin ?? ''),
    stdinIsTty: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
