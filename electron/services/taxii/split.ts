/**
 * Splitting an upload into request bodies that each stay strictly below the API root's
 * `max_content_length` in UTF-8 bytes (TAXII 2.1 §4.2.1, §5.5: only bodies *smaller* than it are promised not
 * to get 413). Each object is serialised once; the body text is assembled from those pieces, so
 * the size computed is exactly the size sent.
 */
import { AppError } from '../../../shared/errors';
import type { StixObject } from '../../../shared/taxii/resources';
import { objectVersion } from '../../../shared/stix/common';

/** One request body, ready to send. */
export interface UploadChunk {
  /** The exact JSON text to POST. */
  body: string;
  /** Its UTF-8 length. */
  bytes: number;
  /** The objects in it, in order (id and version, for matching the status). */
  objects: { id: string; version?: string }[];
}

/** How bodies are wrapped: a 2.1 envelope or a 2.0 bundle (with a fresh id per body). */
export type Wrapper = { kind: 'envelope' } | { kind: 'bundle'; newId: () => string };

function wrap(wrapper: Wrapper): { prefix: string; suffix: string } {
  if (wrapper.kind === 'envelope') return { prefix: '{"objects":[', suffix: ']}' };
  return {
    prefix: `{"type":"bundle","id":${JSON.stringify(wrapper.newId())},"spec_version":"2.0","objects":[`,
    suffix: ']}',
  };
}

/**
 * Packs `objects` in order into as few bodies as possible, each `< maxBytes` (no limit when
 * `maxBytes` is undefined or 0). An object too big to fit on its own throws INVALID_INPUT naming it.
 */
export function splitUpload(
  objects: readonly StixObject[],
  wrapper: Wrapper,
  maxBytes?: number,
): UploadChunk[] {
  const limit = maxBytes && maxBytes > 0 ? maxBytes : Infinity;
  const chunks: UploadChunk[] = [];
  let parts: string[] = [];
  let meta: UploadChunk['objects'] = [];
  let w = wrap(wrapper);
  let size = Buffer.byteLength(w.prefix) + Buffer.byteLength(w.suffix);
  const flush = (): void => {
    if (parts.length === 0) return;
    const body = `${w.prefix}${parts.join(',')}${w.suffix}`;
    chunks.push({ body, bytes: size, objects: meta });
    w = wrap(wrapper);
    parts = [];
    meta = [];
    size = Buffer.byteLength(w.prefix) + Buffer.byteLength(w.suffix);
  };
  objects.forEach((object, index) => {
    const json = JSON.stringify(object);
    const bytes = Buffer.byteLength(json);
    const added = bytes + (parts.length > 0 ? 1 : 0);
    if (size + added >= limit && parts.length > 0) flush();
    const alone = size + bytes;
    if (alone >= limit) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `Object ${object.id ?? `#${index}`} is ${bytes} bytes; with its wrapper that is ${alone} bytes, and the server accepts only requests smaller than ${limit} bytes.`,
        hint: 'This object cannot be uploaded to this API root as it is. Shorten it (e.g. its description or lists), or use an API root with a larger max_content_length.',
        where: `objects[${index}]`,
        details: { id: String(object.id), bytes, limit },
      });
    }
    size += parts.length > 0 ? bytes + 1 : bytes;
    parts.push(json);
    const version = objectVersion(object);
    meta.push({ id: object.id, ...(version !== undefined ? { version } : {}) });
  });
  flush();
  return chunks;
}
