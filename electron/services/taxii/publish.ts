/**
 * Publishing a STIX bundle to a collection: read and check it, split it below the API root's
 * `max_content_length`, POST each body (2.1 envelope / 2.0 bundle) with progress, then follow
 * every status until nothing is pending (backoff 1 s, 2 s, 4 s… capped, overall timeout,
 * cancellable), and report each object's outcome merged across requests (TAXII 2.1 §5.5, §4.3).
 */
import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/errors';
import {
  bundleProblemsError,
  parseBundleText,
  readBundleValue,
  type ParsedBundle,
} from '../../../shared/stix/bundle';
import { addNote, type QuirkNote } from '../../../shared/taxii/notes';
import { objectVersion } from '../../../shared/stix/common';
import type { Status, StixObject } from '../../../shared/taxii/resources';
import type { TaxiiVersion } from '../../../shared/taxii/media-types';
import type { TaxiiClient } from './client';
import { saysAlreadyThere, versionsAlreadyThere } from './publish-duplicates';
import { mergeStatuses, outcomeKey, outcomesFor } from './publish-outcomes';
import { splitUpload } from './split';
import { apiRootOf, normaliseUrl } from './urls';

/** Progress of a publish, in order. */
export type PublishProgress =
  | { phase: 'prepared'; objects: number; requests: number; maxBytes?: number }
  | {
      phase: 'uploading';
      request: number;
      of: number;
      objects: number;
      bytes: number;
      /** The ids this request carries, so a caller can say what landed if the upload stops. */
      ids: string[];
    }
  | { phase: 'uploaded'; request: number; of: number; statusId: string; status: string }
  | { phase: 'waiting'; pendingRequests: number; pendingObjects: number; waitMs: number }
  | { phase: 'done'; complete: boolean };

/** How a publish behaves. */
export interface PublishOptions {
  signal?: AbortSignal;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** A lower size limit than the API root's (bytes); the smaller of the two applies. */
  maxContentLength?: number;
  /** Follow statuses until nothing is pending (default true). */
  wait?: boolean;
  /** Status polling: first wait (default 1000 ms), cap (30 000 ms), overall limit (300 000 ms). */
  poll?: { initialDelayMs?: number; maxDelayMs?: number; timeoutMs?: number };
  /**
   * Read the collection's manifest for these objects before sending (at most
   * MAX_CHECKED_OBJECTS), so that a success for a version already there says "unchanged"
   * even when the status does not (default true).
   */
  checkExisting?: boolean;
  /** Refuse input with invalid objects before sending anything (default true). */
  validate?: boolean;
  /** Name of the input in messages (e.g. the file name). */
  source?: string;
  onProgress?: (progress: PublishProgress) => void;
}

/** One object's fate. `unknown`: the server's status does not say (lists omitted, or it expired). */
export interface ObjectOutcome {
  id: string;
  version?: string;
  /** The object's type and name, from what was sent. */
  type?: string;
  name?: string;
  outcome: 'success' | 'failure' | 'pending' | 'unknown';
  /** A success that stored nothing: the collection already held this exact version. */
  unchanged?: boolean;
  message?: string;
  /** 1-based index of the request that carried it. */
  request: number;
}

/** One POST and the last status seen for it. */
export interface PublishedRequest {
  index: number;
  objects: number;
  bytes: number;
  statusId: string;
  status: Status;
  /** The status answered 404 while being followed (expired or forgotten by the server). */
  expired?: boolean;
}

/** The outcome of a publish. */
export interface PublishResult {
  version: TaxiiVersion;
  collectionUrl: string;
  requests: PublishedRequest[];
  objects: ObjectOutcome[];
  counts: {
    total: number;
    success: number;
    failure: number;
    pending: number;
    unknown: number;
    /** Of the successes, those the collection already held. */
    unchanged: number;
  };
  /** One status resource for the whole publish: the only one, or all of them merged (id of the first). */
  status: Status;
  /** Nothing is pending any more. */
  complete: boolean;
  notes: QuirkNote[];
}

function cancelled(): AppError {
  return new AppError({
    code: 'CANCELLED',
    message: 'Publishing was cancelled.',
    hint: 'Objects already sent stay on the server.',
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads `input` (JSON text or an already-parsed value) as STIX content. */
export function readPublishInput(
  input: string | unknown,
  options: Pick<PublishOptions, 'validate' | 'source'> = {},
): ParsedBundle {
  const source = options.source ?? 'the bundle';
  const parsed =
    typeof input === 'string' ? parseBundleText(input, source) : readBundleValue(input, source);
  if ((options.validate ?? true) && parsed.problems.length > 0)
    throw bundleProblemsError(parsed.problems, source);
  if (parsed.objects.length === 0) {
    throw new AppError({
      code: 'INVALID_BUNDLE',
      message: `${source.charAt(0).toUpperCase()}${source.slice(1)} holds no objects; there is nothing to publish.`,
      hint: 'Check that this is the file you meant.',
    });
  }
  return parsed;
}

/** An object's id and STIX version, as the upload's chunks and manifests name them. */
function identityOf(o: StixObject): { id: string; version?: string } {
  const version = objectVersion(o);
  return { id: o.id, ...(version !== undefined ? { version } : {}) };
}

/**
 * Publishes `input` (bundle text, or a parsed bundle/envelope/list) to `collectionUrl`.
 * Throws INVALID_BUNDLE / INVALID_INPUT before sending anything when the input is unusable,
 * and the POST's typed error when a request fails (earlier requests stay published; their
 * statuses are not followed then).
 */
export async function publish(
  client: TaxiiClient,
  collectionUrl: string,
  input: string | unknown,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const { signal } = options;
  const call = { signal, timeoutMs: options.timeoutMs };
  const parsed = readPublishInput(input, options);
  const url = normaliseUrl(collectionUrl, 'collection URL').href;
  const version = await client.versionFor(url, call);
  const rootLimit = await client.maxContentLength(apiRootOf(url), call);
  const limits = [rootLimit, options.maxContentLength].filter(
    (n): n is number => typeof n === 'number' && n > 0,
  );
  const maxBytes = limits.length > 0 ? Math.min(...limits) : undefined;
  const chunks = splitUpload(
    parsed.objects,
    version === '2.1'
      ? { kind: 'envelope' }
      : { kind: 'bundle', newId: () => `bundle--${randomUUID()}` },
    maxBytes,
  );
  options.onProgress?.({
    phase: 'prepared',
    objects: parsed.objects.length,
    requests: chunks.length,
    ...(maxBytes ? { maxBytes } : {}),
  });

  const existing =
    (options.checkExisting ?? true)
      ? await versionsAlreadyThere(client, url, parsed.objects.map(identityOf), call)
      : undefined;

  const notes: QuirkNote[] = [];
  const requests: PublishedRequest[] = [];
  for (const [i, chunk] of chunks.entries()) {
    if (signal?.aborted) throw cancelled();
    options.onProgress?.({
      phase: 'uploading',
      request: i + 1,
      of: chunks.length,
      objects: chunk.objects.length,
      bytes: chunk.bytes,
      ids: chunk.objects.map((o) => o.id),
    });
    const posted = await client.postObjects(url, chunk.body, call);
    for (const n of posted.notes) addNote(notes, n);
    requests.push({
      index: i + 1,
      objects: chunk.objects.length,
      bytes: chunk.bytes,
      statusId: posted.value.id,
      status: posted.value,
    });
    options.onProgress?.({
      phase: 'uploaded',
      request: i + 1,
      of: chunks.length,
      statusId: posted.value.id,
      status: posted.value.status,
    });
  }

  if (options.wait ?? true) {
    const first = options.poll?.initialDelayMs ?? 1000;
    const cap = options.poll?.maxDelayMs ?? 30_000;
    const deadline = Date.now() + (options.poll?.timeoutMs ?? 300_000);
    let delay = first;
    for (;;) {
      const pending = requests.filter((r) => r.status.status !== 'complete' && !r.expired);
      if (pending.length === 0) break;
      const waitMs = Math.min(delay, Math.max(0, deadline - Date.now()));
      if (waitMs <= 0) {
        addNote(notes, {
          code: 'STATUS_WAIT_TIMEOUT',
          message: `Stopped waiting after ${Math.round((options.poll?.timeoutMs ?? 300_000) / 1000)} s; ${pending.length} request(s) were still pending on the server.`,
        });
        break;
      }
      options.onProgress?.({
        phase: 'waiting',
        pendingRequests: pending.length,
        pendingObjects: pending.reduce((n, r) => n + r.status.pending_count, 0),
        waitMs,
      });
      await sleep(waitMs, signal);
      delay = Math.min(delay * 2, cap);
      for (const r of pending) {
        try {
          const got = await client.status(url, r.statusId, call);
          for (const n of got.notes) addNote(notes, n);
          r.status = got.value;
        } catch (err) {
          if (!isAppError(err, 'NOT_FOUND')) throw err;
          r.expired = true;
          addNote(notes, {
            code: 'STATUS_EXPIRED',
            message: `Status ${r.statusId} answered 404 while still pending: the server expired or forgot it, so the outcome of its ${r.objects} object(s) is unknown.`,
            where: err.wire.where,
          });
        }
      }
    }
  }

  // The server may store objects after the POST answered: drop pages cached meanwhile too.
  await client.forgetCachedPages(url);
  // Outcomes name each object's type and name too, so a person reads more than ids.
  const described = new Map<string, { type: string; name?: string }>();
  for (const o of parsed.objects) {
    const name = typeof o.name === 'string' ? o.name : undefined;
    described.set(outcomeKey(o.id, objectVersion(o)), {
      type: String(o.type),
      ...(name !== undefined ? { name } : {}),
    });
  }
  const objects = chunks
    .flatMap((chunk, i) => outcomesFor(chunk, requests[i] as PublishedRequest))
    .map((o) => ({ ...o, ...described.get(outcomeKey(o.id, o.version)) }))
    .map((o) =>
      o.outcome === 'success' &&
      (saysAlreadyThere(o.message) || existing?.has(outcomeKey(o.id, o.version)))
        ? { ...o, unchanged: true }
        : o,
    );
  const counts = {
    total: objects.length,
    success: 0,
    failure: 0,
    pending: 0,
    unknown: 0,
    unchanged: 0,
  };
  for (const o of objects) {
    counts[o.outcome]++;
    if (o.unchanged) counts.unchanged++;
  }
  const complete = requests.every((r) => r.status.status === 'complete' || r.expired);
  options.onProgress?.({ phase: 'done', complete });
  return {
    version,
    collectionUrl: url,
    requests,
    objects,
    counts,
    status: mergeStatuses(requests),
    complete,
    notes,
  };
}
