/**
 * The command line's streams: stdout for JSON (with backpressure, and a quiet stop when the
 * reader goes away, as `| head` does), stderr for progress and errors (every line redacted),
 * stdin for a bundle or one secret. Both outputs pass through `terminalSafe`: no control
 * character a server sent reaches a terminal.
 */
import { once } from 'node:events';
import { AppError } from '../../shared/errors';
import { redact } from '../services/log';
import { terminalSafe } from '../../shared/terminal-safe';

/** Thrown by `Output.write` once the reader of stdout has gone (EPIPE): the command stops quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed by its reader');
    this.name = 'OutputClosed';
  }
}

/** What `Output` writes to: process.stdout, or a test's stream. */
export interface WritableLike {
  write(chunk: string): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  writableNeedDrain?: boolean;
}

/**
 * Stdout for data. `write` waits for 'drain' whenever the stream says its buffer is full, so a
 * slow reader slows the producer down instead of filling memory; after EPIPE every write throws
 * OutputClosed and `onClose` listeners (e.g. the command's abort) run once.
 */
export class Output {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly stream: WritableLike) {
    // EPIPE is the usual one (`taxiway … | head`); any other write error ends output just the same.
    stream.on('error', () => this.markClosed());
  }

  /** True once the reader has gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `listener` once when the reader goes away. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /** Writes text, waiting while the stream's buffer is full. */
  async write(text: string): Promise<void> {
    if (this.closed) throw new OutputClosed();
    if (text === '') return;
    const ok = this.stream.write(terminalSafe(text));
    if (!ok) await this.drain();
    if (this.closed) throw new OutputClosed();
  }

  /**
   * Resolves once everything written so far has left this process's buffer (stdout to a pipe or
   * file on Linux and macOS is synchronous, so then it is with the OS); throws OutputClosed when
   * the reader went away first. For commands that record progress only after output is out.
   */
  async flush(): Promise<void> {
    if (this.stream.writableNeedDrain) await this.drain();
    if (this.closed) throw new OutputClosed();
  }

  /** One JSON value, indented, on its own lines. */
  async json(value: unknown): Promise<void> {
    await this.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  private async drain(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.removeListener('drain', done);
        this.stream.removeListener('close', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('close', done);
      this.onClose(done);
    });
  }
}

/** Everything a command reads from and writes to outside itself. */
export interface CliIo {
  out: Output;
  /** Writes one line on stderr, redacted (no secret reaches a terminal or a log file). */
  err(line: string): void;
  /** True when stderr is a terminal (live progress lines are worth drawing). */
  errIsTty: boolean;
  /** Reads all of stdin as UTF-8 text. */
  readStdin(): Promise<string>;
  /**
   * Reads one secret: the first line of stdin, or, when stdin is a terminal, what the person
   * types after `prompt` (on stderr) without echoing it.
   */
  readSecret(prompt: string): Promise<string>;
  /** True when stdin is a terminal (a person typing, not a pipe). */
  stdinIsTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Reads a readable stream to its end as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of `text`, without its line ending. */
export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

// A terminal: raw mode, so the secret is not echoed; Enter ends it, Ctrl-C cancels.
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: AppError): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') {
          return finish(new AppError({ code: 'CANCELLED', message: 'Cancelled at the prompt.' }));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    out: new Output(process.stdout),
    err: (line) => {
      process.stderr.write(`${terminalSafe(redact(line))}\n`);
    },
    errIsTty: process.stderr.isTTY === true,
    readStdin: async () => {
      try {
        return await readAll(process.stdin);
      } finally {
        process.stdin.destroy();
      }
    },
    readSecret: async (prompt) => {
      if (process.stdin.isTTY) return promptHidden(prompt);
      try {
        return firstLine(await readAll(process.stdin));
      } finally {
        process.stdin.destroy();
      }
    },
    stdinIsTty: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Resolves once `stream` has flushed what was written (used before exiting). */
export async function flushed(stream: NodeJS.WritableStream): Promise<void> {
  const s = stream as { writableNeedDrain?: boolean; destroyed?: boolean };
  if (s.destroyed || !s.writableNeedDrain) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'close'), once(stream, 'error')]);
}
