/**
 * The activity panel's memory: the most recent HTTP exchanges with TAXII servers, each pushed to
 * renderers as `activity.recorded`. Records come from the TAXII client already redacted; this
 * log redacts again (defence in depth), because what it holds goes straight to the renderer.
 */
import type { z } from 'zod';
import type { ActivityRecord } from '../../shared/contract';
import { isSecretName } from '../../shared/secret-names';
import type { ExchangeRecord } from '../services/taxii/options';
import type { EventHub } from './event-hub';

type Activity = z.output<typeof ActivityRecord>;

/** The placeholder shown instead of a secret header value. */
export const REDACTED = '[redacted]';

/** Replaces the values of secret headers (by name, case-insensitively) with a placeholder. */
export function redactHeaders(
  headers: Record<string, string> | undefined,
  secretNames: ReadonlySet<string> = new Set(),
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = isSecretName(lower) || secretNames.has(lower) ? REDACTED : String(value);
  }
  return out;
}

/** A bounded, newest-last list of exchanges. */
export class ActivityLog {
  readonly #records: Activity[] = [];
  readonly #max: number;
  readonly #hub: EventHub | undefined;

  constructor(opts: { max?: number; hub?: EventHub } = {}) {
    this.#max = opts.max ?? 2000;
    this.#hub = opts.hub;
  }

  /** Records one exchange of a connection; `secretHeaders` are header names to redact besides the usual ones. */
  record(
    exchange: ExchangeRecord,
    connectionId?: string,
    secretHeaders: readonly string[] = [],
  ): Activity {
    const secretNames = new Set(secretHeaders.map((h) => h.toLowerCase()));
    const entry: Activity = {
      id: exchange.id,
      ...(connectionId !== undefined ? { connectionId } : {}),
      method: exchange.method,
      url: stripCredentials(exchange.url),
      ...(exchange.status !== undefined ? { status: exchange.status } : {}),
      durationMs: exchange.durationMs,
      ...(exchange.bytes !== undefined ? { bytes: exchange.bytes } : {}),
      requestHeaders: redactHeaders(exchange.requestHeaders, secretNames) ?? {},
      ...(exchange.responseHeaders
        ? { responseHeaders: redactHeaders(exchange.responseHeaders, secretNames) }
        : {}),
      ...(exchange.error !== undefined ? { error: exchange.error } : {}),
      startedAt: exchange.startedAt,
    };
    this.#records.push(entry);
    if (this.#records.length > this.#max) this.#records.splice(0, this.#records.length - this.#max);
    this.#hub?.emit('activity.recorded', entry);
    return entry;
  }

  /** The newest `limit` records (oldest first), optionally of one connection. */
  list(opts: { connectionId?: string; limit?: number } = {}): Activity[] {
    const matching = opts.connectionId
      ? this.#records.filter((r) => r.connectionId === opts.connectionId)
      : this.#records;
    const limit = opts.limit ?? 500;
    return matching.slice(Math.max(0, matching.length - limit));
  }

  /** One record by id. */
  get(id: string): Activity | undefined {
    return this.#records.find((r) => r.id === id);
  }
}

/** The URL without user info; an unparsable URL is kept only up to its first `@`-free part. */
export function stripCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return raw.includes('@') ? '[unparsable URL]' : raw;
  }
}
