/**
 * The publish area's handlers: validating a bundle's text, uploading it as envelopes with
 * progress (each status also goes out as `status.updated`), and reading a status again.
 */
import type { Result } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import type { StixObject } from '../../../shared/taxii/resources';
import { parseBundleText } from '../../../shared/stix/bundle';
import { publish, readPublishInput } from '../../services/taxii';
import type { HandlerMap } from '../dispatch';
import { callOptions, clientOf, collectionUrl, type AppContext } from './context';

/** Validates bundle text: every problem by object and JSON path, or the JSON error's line and column. */
export function validateBundle(text: string): Result<'bundle.validate'> {
  const bytes = Buffer.byteLength(text, 'utf8');
  try {
    const parsed = parseBundleText(text, 'the bundle');
    const types: Record<string, number> = {};
    const specVersions = new Set<string>();
    for (const object of parsed.objects) {
      types[object.type] = (types[object.type] ?? 0) + 1;
      if (typeof object.spec_version === 'string') specVersions.add(object.spec_version);
    }
    return {
      valid: parsed.problems.length === 0 && parsed.objects.length > 0,
      form: parsed.form,
      objectCount: parsed.objects.length,
      types,
      specVersions: [...specVersions].sort(),
      problems: [
        ...(parsed.objects.length === 0
          ? [{ severity: 'error' as const, message: 'The bundle holds no objects.', path: '$' }]
          : []),
        ...parsed.problems.map((p) => ({
          severity: 'error' as const,
          message: p.message,
          path: p.path,
          objectIndex: p.index,
          ...(p.id !== undefined ? { objectId: p.id } : {}),
        })),
      ],
      bytes,
    };
  } catch (error) {
    if (!isAppError(error, 'INVALID_BUNDLE')) throw error;
    const d = error.wire.details ?? {};
    return {
      valid: false,
      objectCount: 0,
      types: {},
      specVersions: [],
      problems: [
        {
          severity: 'error',
          message: error.message,
          path: typeof d.path === 'string' ? d.path : '$',
          ...(typeof d.line === 'number' ? { line: d.line } : {}),
          ...(typeof d.column === 'number' ? { column: d.column } : {}),
        },
      ],
      bytes,
    };
  }
}

/** The objects of `text` that break no rule; INVALID_BUNDLE when none is left. */
function validObjects(text: string, source = 'the bundle'): StixObject[] {
  const parsed = readPublishInput(text, { validate: false, source });
  const bad = new Set(parsed.problems.map((p) => p.index));
  const kept = parsed.objects.filter((_o, i) => !bad.has(i));
  if (kept.length === 0) {
    throw new AppError({
      code: 'INVALID_BUNDLE',
      message: `Every object of ${source} has a problem; there is nothing valid to publish.`,
      hint: 'Fix the problems listed and try again.',
    });
  }
  return kept;
}

function withoutIds<T extends { ids: string[] }>(p: T): Omit<T, 'ids'> {
  const { ids: _ids, ...rest } = p;
  return rest;
}

/** Handlers of `bundle.validate`, `bundle.upload` and `status.get`. */
export const publishHandlers = (app: AppContext) =>
  ({
    'bundle.validate': async ({ text }) => validateBundle(text),
    'bundle.upload': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const result = await publish(
        client,
        collectionUrl(a.apiRoot, a.collectionId),
        a.validOnly ? validObjects(a.text, a.source) : a.text,
        {
          signal: c.signal,
          wait: a.followStatus ?? true,
          ...(a.source ? { source: a.source } : {}),
          // The ids a request carries are for the command line's "what landed" report; the app
          // shows per-object outcomes from the result instead, so they stay out of the contract.
          onProgress: (p) => c.progress(p.phase === 'uploading' ? withoutIds(p) : p),
        },
      );
      for (const r of result.requests) {
        app.hub.emit('status.updated', {
          connectionId: a.connectionId,
          apiRoot: a.apiRoot,
          status: r.status,
        });
      }
      return result;
    },
    'status.get': async ({ connectionId, apiRoot, statusId }, c) =>
      (await clientOf(app, connectionId)).status(
        apiRoot,
        statusId,
        callOptions(app, connectionId, c.signal, c.callId),
      ),
  }) satisfies HandlerMap;
