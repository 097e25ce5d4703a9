/**
 * The contract's conformance area: checking a server against the specification, and the report
 * as a file. The report's schemas live with its renderings in ../taxii/conformance.ts.
 */
import { z } from 'zod';
import { ConformanceReport } from '../taxii/conformance';
import { ConnectionId, HttpUrl } from './building-blocks';

/** `conformance.check`: which server to check, and whether the check may write. */
export const ConformanceCheckArgs = z.strictObject({
  connectionId: ConnectionId,
  /** Server, discovery, API root or collection URL (default: the connection's own). */
  url: HttpUrl.optional(),
  /** A collection the check may write to (POST, status, 413, DELETE); absent: no writes. */
  writeCollectionId: z.string().min(1).max(512).optional(),
});

/** `conformance.render`: a report and the format of its file. */
export const ConformanceRenderArgs = z.strictObject({
  report: ConformanceReport,
  format: z.enum(['markdown', 'json', 'text']),
});

/** The report as a file's text, for the renderer to offer as a download or copy. */
export const RenderedReport = z.strictObject({
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
});
