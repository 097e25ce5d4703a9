/**
 * The conformance area's handlers: checking a server against the specification (each line as
 * progress as soon as it is judged), and a report as the text of a file.
 */
import { renderReport, runConformance } from '../../services/conformance';
import type { HandlerMap } from '../dispatch';
import { waiting, type AppContext } from './context';

/** A file name for a conformance report of `target` (host and port only). */
function reportFileName(target: string, format: 'markdown' | 'json' | 'text'): string {
  let host = 'server';
  try {
    host = new URL(target).host.replace(/[^A-Za-z0-9.-]+/g, '-');
  } catch {
    // Keep the generic name.
  }
  const ext = format === 'markdown' ? 'md' : format === 'json' ? 'json' : 'txt';
  return `taxii-conformance-${host}.${ext}`;
}

const REPORT_MEDIA_TYPES = {
  markdown: 'text/markdown; charset=utf-8',
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
} as const;

/** Handlers of `conformance.check` and `conformance.render`. */
export const conformanceHandlers = (app: AppContext) =>
  ({
    'conformance.check': async (a, c) => {
      const { connection } = await app.clients.get(a.connectionId);
      // A client of the probe's own (no tolerance, its retry policy) on the same connection
      // options: credentials, trust, proxy, budget, and the activity log.
      return runConformance(a.url ?? connection.url, {
        connection: connection.options,
        signal: c.signal,
        onWait: waiting(app, a.connectionId, () => c.callId),
        onLine: (line) => c.progress(line),
        ...(a.writeCollectionId !== undefined ? { writeCollection: a.writeCollectionId } : {}),
      });
    },
    'conformance.render': async ({ report, format }) => ({
      fileName: reportFileName(report.target, format),
      mediaType: REPORT_MEDIA_TYPES[format],
      content: renderReport(report, format),
    }),
  }) satisfies HandlerMap;
