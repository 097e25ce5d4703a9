/**
 * Errors as data. Every failure that reaches a person (CLI, renderer, contract) is a WireError:
 * a code to branch on, a message saying what failed, a hint saying what to do, and a `where`
 * (URL, JSON path, step) that never holds a secret.
 */
import { z } from 'zod';

/** Every error code Taxiway produces. Grouped by the layer that usually raises it. */
export const ERROR_CODES = [
  // contract and transport
  'INVALID_ARGS',
  'UNKNOWN_CALL',
  'FORBIDDEN_SENDER',
  'INTERNAL',
  // any long operation
  'CANCELLED',
  'TIMEOUT',
  // the network and TLS
  'NETWORK',
  'DNS',
  'TLS_UNTRUSTED',
  'TLS_PIN_MISMATCH',
  'TLS',
  'PROXY',
  // HTTP and TAXII
  'HTTP_STATUS',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_ACCEPTABLE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_LARGE',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'INVALID_RESPONSE',
  'NOT_TAXII',
  'REDIRECT_REFUSED',
  'PAGING_LOOP',
  // user input
  'INVALID_INPUT',
  'INVALID_BUNDLE',
  // local resources
  'KEYCHAIN_UNAVAILABLE',
  'PROFILE_NOT_FOUND',
  'PROFILE_STORE',
] as const;

/** One of the codes above. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The TAXII `error` resource (spec §3.6.1), as the server sent it. `http_status` is a string. */
export const TaxiiErrorResource = z.object({
  title: z.string(),
  description: z.string().optional(),
  error_id: z.string().optional(),
  error_code: z.string().optional(),
  http_status: z.string().optional(),
  external_details: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** The TAXII `error` resource. */
export type TaxiiErrorResource = z.infer<typeof TaxiiErrorResource>;

/**
 * An error as it crosses a process boundary or reaches a person: plain, serialisable data. STRICT,
 * so a result carrying one cannot smuggle extra fields; the server's own error resource (`taxii`)
 * keeps its properties, so extras are allowed there.
 */
export const WireError = z.strictObject({
  code: z.enum(ERROR_CODES),
  /** What failed, in plain words. */
  message: z.string(),
  /** What the person can do about it. */
  hint: z.string().optional(),
  /** URL (without credentials), JSON path or step name. Never a secret. */
  where: z.string().optional(),
  /** HTTP status, when the failure came from a response. */
  status: z.number().optional(),
  /** The server's TAXII error resource, when it sent one. */
  taxii: TaxiiErrorResource.optional(),
  /** True when trying again later may succeed (timeouts, 5xx, 429, resets). */
  retryable: z.boolean().optional(),
  /** Seconds the server asked us to wait (Retry-After), when it did. */
  retryAfterSeconds: z.number().optional(),
  /** Small structured extras (certificate subject, fingerprint, JSON line and column...). */
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
});
/** An error as it crosses a process boundary or reaches a person. */
export type WireError = z.infer<typeof WireError>;

/** A result that never throws across a boundary. */
export type Wire<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The only error type Taxiway throws inside a process; `toWire()` is what leaves it. */
export class AppError extends Error {
  readonly wire: WireError;

  constructor(wire: WireError, options?: { cause?: unknown }) {
    super(wire.message, options);
    this.name = 'AppError';
    this.wire = wire;
  }

  /** The error code, for branching. */
  get code(): ErrorCode {
    return this.wire.code;
  }

  /** The serialisable form; the cause (which may hold raw detail) is left behind. */
  toWire(): WireError {
    return { ...this.wire };
  }
}

/** True for an AppError carrying the given code (or any code when none is given). */
export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}

/** One line for a terminal or a log: message, then hint. */
export function formatWireError(error: WireError): string {
  const parts = [error.message];
  if (error.taxii?.title && !error.message.includes(error.taxii.title)) {
    parts.push(
      `Server said: ${error.taxii.title}${error.taxii.description ? ` (${error.taxii.description})` : ''}.`,
    );
  }
  if (error.where) parts.push(`Where: ${error.where}.`);
  if (error.hint) parts.push(error.hint);
  return parts.join(' ');
}
