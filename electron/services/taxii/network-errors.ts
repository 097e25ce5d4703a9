/**
 * Turning what Node and undici throw into AppErrors a person can act on. Messages name the host
 * and say what to check; they never carry a URL's credentials (callers pass a safe `where`).
 */
import { AppError, isAppError } from '../../../shared/errors';

type CodedError = Error & { code?: string; cause?: unknown; reason?: string };

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as CodedError;
    if (typeof e.code === 'string') codes.push(e.code);
    if (e.name === 'AbortError') codes.push('AbortError');
    cur = e.cause;
  }
  return codes;
}

/** The first AppError in `err`'s cause chain, if any (the connector raises AppErrors). */
function findAppError(err: unknown): AppError | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (isAppError(cur)) return cur;
    cur = (cur as CodedError).cause;
  }
  return undefined;
}

/** What the request was doing when it failed, for the message. */
export interface FailureContext {
  /** URL without credentials. */
  where: string;
  /** host:port. */
  host: string;
  /** The timeout in force, ms. */
  timeoutMs: number;
  /** The caller's signal fired (as opposed to our own timeout). */
  cancelled: boolean;
  /** Our own timeout fired. */
  timedOut: boolean;
  /** The response had started (status and headers received). */
  inBody: boolean;
  /** The request went over TLS. */
  https: boolean;
  /** A client certificate was configured. */
  clientCert: boolean;
}

/** Bytes read on the socket before it closed, when undici says (`SocketError.socket.bytesRead`). */
function bytesReadOf(err: unknown): number | undefined {
  const socket = (err as { socket?: { bytesRead?: unknown } } | undefined)?.socket;
  return typeof socket?.bytesRead === 'number' ? socket.bytesRead : undefined;
}

/** Maps any error thrown while sending a request or reading its answer to an AppError. */
export function toNetworkError(err: unknown, ctx: FailureContext): AppError {
  const app = findAppError(err);
  if (app) {
    // The connector's TLS verdicts and proxy errors already say everything; just add where.
    return app.wire.where === ctx.where
      ? app
      : new AppError({ ...app.wire, where: app.wire.where ?? ctx.where }, { cause: app });
  }
  const codes = codesOf(err);
  const has = (...c: string[]): boolean => c.some((x) => codes.includes(x));
  const make = (
    code: AppError['code'],
    message: string,
    hint: string,
    retryable: boolean,
  ): AppError =>
    new AppError(
      {
        code,
        message,
        hint,
        where: ctx.where,
        retryable,
        ...(codes[0] ? { details: { cause: codes[0] } } : {}),
      },
      { cause: err },
    );

  if (
    ctx.timedOut ||
    has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')
  ) {
    const phase = has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')
      ? 'to accept the connection'
      : has('UND_ERR_BODY_TIMEOUT') || ctx.inBody
        ? 'to send the rest of its answer'
        : 'to answer';
    return make(
      'TIMEOUT',
      `${ctx.host} took longer than ${Math.round(ctx.timeoutMs / 100) / 10} s ${phase} (the timeout for each wait on the server).`,
      'The server may be busy, or it may silently ignore requests it does not authorise (TAXII allows that). Check the credentials, try again, or raise the timeout.',
      true,
    );
  }
  if (ctx.cancelled || has('AbortError', 'UND_ERR_ABORTED', 'ABORT_ERR')) {
    return new AppError(
      { code: 'CANCELLED', message: 'The request was cancelled.', where: ctx.where },
      { cause: err },
    );
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) {
    const host = ctx.host.replace(/:\d+$/, '');
    return make(
      'DNS',
      `The name ${host} could not be found${has('EAI_AGAIN') ? ' (the DNS server did not answer)' : ''}.`,
      'Check the spelling of the server address and this computer’s network and DNS settings.',
      has('EAI_AGAIN'),
    );
  }
  if (has('ECONNREFUSED')) {
    return make(
      'NETWORK',
      `${ctx.host} refused the connection.`,
      'Check the address and port, and that the server is running.',
      true,
    );
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN')) {
    return make(
      'NETWORK',
      `${ctx.host} cannot be reached from this computer.`,
      'Check the network connection, VPN or firewall.',
      true,
    );
  }
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH')) {
    return make(
      'NETWORK',
      `The answer from ${ctx.host} was cut off before its announced length.`,
      'The connection dropped mid-answer; try again.',
      true,
    );
  }
  if (ctx.https && !ctx.inBody && has('UND_ERR_SOCKET') && bytesReadOf(err) === 0) {
    // TLS 1.3 servers that require a client certificate check it after the handshake and just
    // close the connection; the client sees a clean close before any answer.
    return make(
      'TLS',
      ctx.clientCert
        ? `${ctx.host} closed the secure connection without answering: it probably did not accept the client certificate.`
        : `${ctx.host} closed the secure connection without answering: it probably requires a client certificate.`,
      ctx.clientCert
        ? 'Check that the client certificate is the one the server operator issued, and not expired.'
        : 'Add the client certificate and key the server operator gave you to the connection.',
      false,
    );
  }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED')) {
    return make(
      'NETWORK',
      ctx.inBody
        ? `The connection to ${ctx.host} closed before the whole answer arrived.`
        : `The connection to ${ctx.host} was closed before the server answered.`,
      'The server or something in between (proxy, load balancer) dropped the connection; try again.',
      true,
    );
  }
  const tlsCode = codes.find(
    (c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS') || c === 'EPROTO',
  );
  if (tlsCode) {
    const wantsCert = /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA/i.test(
      tlsCode,
    );
    return make(
      'TLS',
      wantsCert
        ? `${ctx.host} refused the secure connection: it wants a client certificate it trusts (${tlsCode}).`
        : `The secure connection to ${ctx.host} failed (${tlsCode}).`,
      wantsCert
        ? 'Add the client certificate and key the server operator gave you to the connection.'
        : 'Check that this is an HTTPS address and that the server supports TLS 1.2 or newer.',
      false,
    );
  }
  if (has('ERR_INVALID_URL', 'UND_ERR_INVALID_ARG')) {
    return make(
      'INVALID_INPUT',
      `The request to ${ctx.where} could not be made: ${(err as Error).message}.`,
      'Check the URL and headers.',
      false,
    );
  }
  return make(
    'NETWORK',
    `The request to ${ctx.host} failed (${codes[0] ?? (err as Error)?.message ?? 'unknown error'}).`,
    'Check the network connection and try again.',
    true,
  );
}
