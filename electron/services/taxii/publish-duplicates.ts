/**
 * Telling "added" from "unchanged" after a publish. TAXII 2.1 §5.5 says an exact duplicate of an
 * object already in the collection is not an error, and servers list it under `successes`
 * (medallion with "Object already added"): a success alone does not say that anything was stored.
 * Two signs settle it: the status message of a success says so, or a manifest read before the
 * POST already listed that id and version (a STIX version, id plus `modified`, never changes
 * content; a changed object needs a later `modified`).
 */
import type { TaxiiClient } from './client';

export { saysAlreadyThere } from '../../../shared/taxii/duplicates';

/** At most this many objects are looked up before a publish (ids per manifest request below). */
export const MAX_CHECKED_OBJECTS = 1000;
const IDS_PER_REQUEST = 40;

/**
 * `id|version` of every given object version the collection already holds, read from its
 * manifest; undefined when that cannot be told (too many objects, no read access, any error),
 * so that nothing is called unchanged on a guess.
 */
export async function versionsAlreadyThere(
  client: TaxiiClient,
  collectionUrl: string,
  objects: readonly { id: string; version?: string }[],
  call: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
): Promise<Set<string> | undefined> {
  if (objects.length === 0 || objects.length > MAX_CHECKED_OBJECTS) return undefined;
  const ids = [...new Set(objects.map((o) => o.id))];
  const found = new Set<string>();
  try {
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const batch = ids.slice(i, i + IDS_PER_REQUEST);
      for await (const page of client.manifestPages(
        collectionUrl,
        { id: batch, version: ['all'] },
        { ...(call.signal ? { signal: call.signal } : {}), cache: 'off' },
      )) {
        for (const r of page.items) found.add(`${r.id}|${r.version ?? ''}`);
      }
    }
  } catch (error) {
    if (call.signal?.aborted) throw error;
    return undefined;
  }
  return found;
}
