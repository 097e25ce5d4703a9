/**
 * The one choke point for both transports (Electron IPC and the web bridge): unknown name →
 * UNKNOWN_CALL; bad arguments → INVALID_ARGS with the path; the handler; in dev/test a STRICT
 * check of the result against the contract (so a secret-bearing field cannot slip out); any
 * throw → a WireError. It never rejects, so no exception is ever serialised across a boundary.
 */
import type { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type ParsedArgs,
  type Progress,
  type Result,
} from '../../shared/contract';
import { AppError, type Wire, type WireError } from '../../shared/errors';

/** What a handler gets besides its arguments. */
export interface CallContext<K extends CallName = CallName> {
  /** Aborted on cancel, renderer reload, window close or HTTP disconnect. */
  signal: AbortSignal;
  /** Reports progress; ignored once the call has ended. */
  progress(progress: Progress<K>): void;
  /** The id the caller gave the call (events about it, such as `request.waiting`, carry it). */
  callId?: string;
}

/** The handler of one call: parsed arguments in, the call's result out. */
export type Handler<K extends CallName> = (
  args: ParsedArgs<K>,
  ctx: CallContext<K>,
) => Promise<Result<K>>;

/** One function per contract call. */
export type Handlers = { [K in CallName]: Handler<K> };

/**
 * Some calls' handlers (an area's). Written `{ … } satisfies HandlerMap`, each handler's
 * arguments and result are typed from its call name, and a name that is no call is an error.
 */
export type HandlerMap = Partial<Handlers>;

/** Where dispatch reports what it hides from the renderer (an INTERNAL error's detail). */
export interface DispatchLog {
  error(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
}

/** How dispatch runs. */
export interface DispatchOptions {
  /** Check every result and progress report against its strict schema (dev and test builds). */
  checkResults: boolean;
  log: DispatchLog;
}

/** What the transport hands dispatch for one call. */
export interface DispatchContext {
  signal: AbortSignal;
  progress(progress: unknown): void;
  callId?: string;
}

/** True in dev and test runs, where results are checked against the strict contract. */
export function defaultCheckResults(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV !== 'production';
}

/** Runs one call. Resolves to a Wire; never rejects. */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  ctx: DispatchContext,
  opts: DispatchOptions,
): Promise<Wire<unknown>> {
  if (!isCallName(name)) {
    return fail({
      code: 'UNKNOWN_CALL',
      message: `There is no call named ${JSON.stringify(String(name).slice(0, 100))}.`,
      hint: 'The renderer and the main process may be from different builds; restart the app.',
    });
  }
  const spec = calls[name];
  const parsed = spec.args.safeParse(rawArgs === undefined ? {} : rawArgs);
  if (!parsed.success) return fail(invalidArgs(name, parsed.error));
  if (ctx.signal.aborted) return fail(cancelled(name));

  let ended = false;
  const progressSchema = spec.progress as z.ZodType | undefined;
  const progress = (p: unknown): void => {
    if (ended || ctx.signal.aborted) return;
    if (opts.checkResults && progressSchema) {
      const checked = progressSchema.safeParse(p);
      if (!checked.success) {
        opts.log.error('progress report does not match the contract', {
          call: name,
          issues: summarise(checked.error),
        });
        return;
      }
    }
    ctx.progress(p);
  };

  const handler = handlers[name] as (args: unknown, c: CallContext) => Promise<unknown>;
  let value: unknown;
  try {
    value = await handler(parsed.data, {
      signal: ctx.signal,
      progress: progress as CallContext['progress'],
      ...(ctx.callId !== undefined ? { callId: ctx.callId } : {}),
    });
  } catch (error) {
    ended = true;
    return fail(toWireError(name, error, ctx.signal, opts.log));
  }
  ended = true;
  if (ctx.signal.aborted) return fail(cancelled(name));

  if (opts.checkResults) {
    const checked = (spec.result as z.ZodType).safeParse(value);
    if (!checked.success) {
      opts.log.error('result does not match the contract', {
        call: name,
        issues: summarise(checked.error),
      });
      return fail({
        code: 'INTERNAL',
        message: `The app produced a result for ${name} that does not match its contract.`,
        hint: 'This is a bug in Taxiway; the log has the details.',
        where: name,
      });
    }
  }
  return { ok: true, value };
}

/** Turns anything thrown into a WireError: AppErrors keep theirs, the rest become CANCELLED or INTERNAL. */
export function toWireError(
  name: string,
  error: unknown,
  signal: AbortSignal,
  log: DispatchLog,
): WireError {
  if (error instanceof AppError) return plain(error.toWire());
  if (signal.aborted) return cancelled(name);
  log.error('call failed unexpectedly', { call: name, error: describe(error) });
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside Taxiway while running ${name}.`,
    hint: 'Try again; if it keeps failing, the log has the details.',
    where: name,
  };
}

function invalidArgs(name: CallName, error: z.ZodError): WireError {
  const first = error.issues[0];
  const where = first ? formatPath(first.path) : 'args';
  const message = first
    ? `Invalid arguments for ${name}: ${where}: ${first.message}.`
    : `Invalid arguments for ${name}.`;
  return {
    code: 'INVALID_ARGS',
    message,
    hint: 'Correct the highlighted value and try again.',
    where,
    details: { issues: error.issues.length },
  };
}

function cancelled(name: string): WireError {
  return { code: 'CANCELLED', message: `${name} was cancelled.`, where: name };
}

/** `args.filters.types[0]` from a zod path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = 'args';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : `.${String(s)}`;
  return out;
}

function summarise(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}

/** A JSON round trip: the wire error is plain data whatever a service put into it. */
function plain(error: WireError): WireError {
  return JSON.parse(JSON.stringify(error)) as WireError;
}

function fail(error: WireError): Wire<never> {
  return { ok: false, error };
}
