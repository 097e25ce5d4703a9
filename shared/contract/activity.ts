/** The contract's activity area: every HTTP exchange with a server, and a request as curl. */
import { z } from 'zod';
import { WaitReason } from '../taxii/waits';
import { ConnectionId, HttpUrl } from './building-blocks';

/** One HTTP exchange with a TAXII server, secrets redacted. */
export const ActivityRecord = z.strictObject({
  id: z.string(),
  connectionId: z.string().optional(),
  method: z.string(),
  url: z.string(),
  status: z.number().optional(),
  durationMs: z.number(),
  bytes: z.number().optional(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
  startedAt: z.string(),
});

/** `activity.list`: whose exchanges, and how many of the newest. */
export const ActivityListArgs = z.strictObject({
  connectionId: ConnectionId.optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

/** `request.curl`: an exchange from the activity log, or a request to spell out. */
export const RequestCurlArgs = z.union([
  z.strictObject({ exchangeId: z.string().min(1).max(200) }),
  z.strictObject({
    connectionId: ConnectionId,
    method: z.enum(['GET', 'POST', 'DELETE']).optional(),
    url: HttpUrl,
  }),
]);

/** `command` has the secret as a placeholder such as `$TAXIWAY_PASSWORD`, never the value. */
export const CurlCommand = z.strictObject({
  command: z.string(),
  placeholders: z.array(z.string()),
  /** Why credentials were left out (a URL on another origin than the connection's). */
  note: z.string().optional(),
});

/** A request of a call waits on purpose (Retry-After, backoff, request budget). */
export const RequestWaiting = z.strictObject({
  connectionId: z.string(),
  /** The call the wait belongs to (the id the renderer gave it). */
  callId: z.string().optional(),
  /** Plain words: `waiting 12 s: server asked (429)`. */
  message: z.string(),
  /** How long, in seconds (may be fractional). */
  seconds: z.number(),
  /** When the wait ends (ISO 8601). */
  until: z.string(),
  reason: WaitReason,
  /** HTTP status that caused it, if any. */
  status: z.number().optional(),
  /** The attempt about to be made after the wait, of how many. */
  attempt: z.number().optional(),
  maxAttempts: z.number().optional(),
  /** The request waiting (no credentials). */
  url: z.string().optional(),
});
