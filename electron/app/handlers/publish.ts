/**
 * The publish area's handlers: validating a bundle's text, uploading it as envelopes with
 * progress (each status also goes out as `status.updated`), and reading a status again.
 */
import type { Result } from '../../../shared/contract';
import { isAppError } from '../../../shared/errors';
import { parseBundleText } from '../../../shared/stix/bundle';
import { publish } from '../../services/taxii';
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

/** Handlers of `bundle.validate`, `bundle.upload` and `status.get`. */
export const publishHandlers = (app: AppContext) =>
  ({
    'bundle.validate': async ({ text }) => validateBundle(text),
    'bundle.upload': async (a, c) => {
      const client = await clientOf(app, a.connectionId);
      const result = await publish(client, collectionUrl(a.apiRoot, a.collectionId), a.text, {
        signal: c.signal,
        wait: a.followStatus ?? true,
        ...(a.source ? { source: a.source } : {}),
        onProgress: c.progress,
      });
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
