/**
 * `export.objects`: a collection's filtered objects, or a selection, streamed page by page into
 * a STIX bundle or NDJSON file. Never holds more than the client's two pages in memory.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedArgs, Progress, Result } from '../../shared/contract';
import type { TaxiiFilters } from '../../shared/taxii/filters';
import { freshObjectPages } from '../services/collection-view';
import type { TaxiiClient } from '../services/taxii';
import { safeFileName, type ExportSink } from './export-sink';

type ExportArgs = ParsedArgs<'export.objects'>;

/** How many ids go into one `match[id]` (URLs stay well under common 8 KB limits). */
export const IDS_PER_REQUEST = 40;

/** The contract's filters as the client's. */
export function toTaxiiFilters(f: ParsedArgs<'objects.page'>['filters']): TaxiiFilters {
  if (!f) return {};
  return {
    ...(f.types ? { type: f.types } : {}),
    ...(f.ids ? { id: f.ids } : {}),
    ...(f.addedAfter ? { addedAfter: f.addedAfter } : {}),
    ...(f.specVersions ? { specVersion: f.specVersions } : {}),
    ...(f.versions ? { version: f.versions } : {}),
  };
}

/** The default file name: collection, date, format. */
export function exportFileName(
  args: Pick<ExportArgs, 'collectionId' | 'format' | 'fileName'>,
  now = new Date(),
): string {
  const ext = args.format === 'ndjson' ? '.ndjson' : '.json';
  const base =
    args.fileName ??
    `taxiway-${args.collectionId.slice(0, 36)}-${now.toISOString().slice(0, 10)}${ext}`;
  const safe = safeFileName(base, `taxiway-export${ext}`);
  return safe.endsWith(ext) ? safe : `${safe}${ext}`;
}

/**
 * Runs an export into `sink`. Cancelling removes the partial file. Cached pages are written only
 * once the server has answered for them (`freshObjectPages`): never from an unchecked cache.
 */
export async function exportObjects(
  args: ExportArgs,
  client: TaxiiClient,
  collectionUrl: string,
  sink: ExportSink,
  signal: AbortSignal,
  onProgress: (p: Progress<'export.objects'>) => void,
  cacheLifetimeMs = 0,
): Promise<Result<'export.objects'>> {
  const target = await sink.open(exportFileName(args));
  if (target === null) return { kind: 'cancelled' };
  const filters = toTaxiiFilters(args.filters);
  const queries: TaxiiFilters[] = args.ids
    ? chunk(args.ids, IDS_PER_REQUEST).map((ids) => ({ ...filters, id: ids }))
    : [filters];
  let count = 0;
  let pages = 0;
  try {
    if (args.format === 'bundle') {
      await target.write(`{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`);
    }
    for (const query of queries) {
      for await (const page of freshObjectPages(client, collectionUrl, query, {
        signal,
        cacheLifetimeMs,
      })) {
        let text = '';
        for (const object of page.items) {
          const json = JSON.stringify(object);
          text += args.format === 'ndjson' ? `${json}\n` : `${count === 0 ? '\n' : ',\n'}${json}`;
          count++;
        }
        if (text !== '') await target.write(text);
        pages++;
        onProgress({ written: count, pages });
      }
    }
    if (args.format === 'bundle') await target.write(`${count === 0 ? '' : '\n'}]}\n`);
    return await target.finish(count);
  } catch (error) {
    await target.abort();
    throw error;
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
