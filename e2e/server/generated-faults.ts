/**
 * Faults whose bodies are made up on the spot rather than read from the store, so a test can
 * meet a hostile server without the server holding the data: a manifest or objects endpoint
 * that never ends, a page of any size (streamed, never held whole), and JSON nested deeper than
 * any parser's stack. TAXII 2.1 only.
 */
import type { ServerResponse } from 'node:http';
import { TAXII21 } from './media-types';
import { formatMicros } from './timestamps';

/** A fault that writes its own body. */
export type GeneratedFault =
  /** Manifest/objects pages full of new objects with `more: true`, forever (`pageItems`, default `limit`). */
  | { kind: 'endless'; pageItems?: number }
  /** A 200 envelope of `bytes` octets of small objects, streamed in 64 KiB writes. */
  | { kind: 'huge-page'; bytes: number }
  /** A 200 page whose one object has a custom property nesting arrays `depth` deep. */
  | { kind: 'deep-json'; depth: number };

const BASE_MICROS = Date.UTC(2024, 0, 1) * 1000;

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function indicator(n: number): string {
  const at = formatMicros(BASE_MICROS + n * 1000);
  return JSON.stringify({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidOf(n)}`,
    created: at,
    modified: at,
    pattern: `[ipv4-addr:value = '10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: 'stix',
    valid_from: at,
  });
}

function manifestRecord(n: number): string {
  const at = formatMicros(BASE_MICROS + n * 1000);
  return JSON.stringify({
    id: `indicator--${uuidOf(n)}`,
    date_added: at,
    version: at,
    media_type: 'application/stix+json;version=2.1',
  });
}

/** Writes the fault's answer for a manifest/objects request; false when it does not apply. */
export async function sendGenerated(
  res: ServerResponse,
  fault: GeneratedFault,
  endpoint: string,
  query: URLSearchParams,
): Promise<boolean> {
  if (endpoint !== 'manifest' && endpoint !== 'objects') return false;
  const item = endpoint === 'manifest' ? manifestRecord : indicator;
  if (fault.kind === 'deep-json') {
    // Inside a custom property of a well-formed object: every check up to the value passes.
    const object = item(0).slice(0, -1);
    const deep = `${'['.repeat(fault.depth)}${']'.repeat(fault.depth)}`;
    const body = `{"more":false,"objects":[${object},"x_taxiway_deep":${deep}}]}`;
    res.writeHead(200, { 'Content-Type': TAXII21, 'Content-Length': String(body.length) });
    res.end(body);
    return true;
  }
  if (fault.kind === 'endless') {
    const start = Number(query.get('next') ?? '0') || 0;
    const count = fault.pageItems ?? (Number(query.get('limit')) || 100);
    const items: string[] = [];
    for (let n = start; n < start + count; n++) items.push(item(n));
    const body = `{"more":true,"next":"${start + count}","objects":[${items.join(',')}]}`;
    res.writeHead(200, {
      'Content-Type': TAXII21,
      'Content-Length': String(Buffer.byteLength(body)),
      'X-TAXII-Date-Added-First': formatMicros(BASE_MICROS + start * 1000),
      'X-TAXII-Date-Added-Last': formatMicros(BASE_MICROS + (start + count - 1) * 1000),
    });
    res.end(body);
    return true;
  }
  // huge-page: streamed, so neither side of the test holds more than the client reads.
  res.writeHead(200, { 'Content-Type': TAXII21 });
  let written = 0;
  let n = 0;
  const write = (text: string): Promise<void> =>
    new Promise((resolve) => {
      written += Buffer.byteLength(text);
      if (res.write(text)) return resolve();
      // The client may hang up instead of reading on (it refused the page).
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  await write('{"more":false,"objects":[');
  while (written < fault.bytes - 64 * 1024 && !res.destroyed) {
    const chunk: string[] = [];
    let size = 0;
    while (size < 64 * 1024) {
      const text = item(n++);
      chunk.push(text);
      size += text.length + 1;
    }
    await write(`${n > chunk.length ? ',' : ''}${chunk.join(',')}`);
  }
  if (!res.destroyed) res.end(']}');
  return true;
}
