/**
 * The one Transport the queries use, installed once at start-up by main.tsx (the transport is
 * chosen asynchronously: web mode first trades or reads its token).
 */
import type { CallOptions, Transport } from '../../shared/api';
import type { Args, CallName, Result } from '../../shared/contract';
import { AppError, isAppError } from '../../shared/errors';

let current: Transport | undefined;

/** Makes `transport` the one every query and mutation goes through. */
export function installTransport(transport: Transport): void {
  current = transport;
}

/** The installed transport; throws an AppError when none is installed yet. */
export function transport(): Transport {
  if (!current) {
    throw new AppError({
      code: 'INTERNAL',
      message: 'The page is not connected to Taxiway yet.',
      hint: 'Reload the page.',
    });
  }
  return current;
}

/** One contract call; always rejects with an AppError (anything else is wrapped as INTERNAL). */
export async function call<K extends CallName>(
  name: K,
  args: Args<K>,
  opts?: CallOptions<K>,
): Promise<Result<K>> {
  try {
    return await transport().call(name, args, opts);
  } catch (error) {
    throw asAppError(error, name);
  }
}

/** `error` as an AppError; a stray exception becomes INTERNAL with the call named. */
export function asAppError(error: unknown, where?: string): AppError {
  if (isAppError(error)) return error;
  return new AppError(
    {
      code: 'INTERNAL',
      message: 'Something went wrong in the page.',
      hint: 'Try again; if it keeps happening, reload the page.',
      ...(where ? { where } : {}),
    },
    { cause: error },
  );
}
