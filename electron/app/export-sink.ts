/**
 * Where `export.objects` writes: a file the user picked in a save dialog (Electron), or a
 * temporary file the web bridge hands to the browser once as a download (web mode). The handler
 * streams page by page into an ExportTarget, so an export never holds a whole collection.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { ExportResult } from '../../shared/contract';

type ExportOutcome = z.output<typeof ExportResult>;

/** An open export: text goes in, a contract result comes out. */
export interface ExportTarget {
  write(text: string): Promise<void>;
  /** Closes the file and reports where it went. */
  finish(count: number): Promise<ExportOutcome>;
  /** Removes whatever was written (failure or cancel). */
  abort(): Promise<void>;
}

/** Opens export targets; null means the user cancelled the save dialog. */
export interface ExportSink {
  open(fileName: string): Promise<ExportTarget | null>;
}

/** A safe file name: no path separators, no control characters, not empty. */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = Array.from(name)
    .filter((c) => c.charCodeAt(0) >= 0x20 && !'/\\:*?"<>|'.includes(c))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' ? fallback : cleaned;
}

/** Writes to `finalPath` through a temporary sibling, renamed into place only when complete. */
export function fileExportTarget(
  finalPath: string,
  done: (info: { path: string; bytes: number; count: number }) => ExportOutcome,
): ExportTarget {
  const partial = `${finalPath}.${randomBytes(4).toString('hex')}.partial`;
  const stream: WriteStream = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  let failed: Error | undefined;
  stream.on('error', (e) => {
    failed = e;
  });
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        if (stream.write(text)) resolve();
        else stream.once('drain', resolve);
      }),
    finish: async (count) => {
      await new Promise<void>((resolve, reject) =>
        stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      if (failed) throw failed;
      await rename(partial, finalPath);
      const { size } = await stat(finalPath);
      return done({ path: finalPath, bytes: size, count });
    },
    abort: async () => {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** One finished web-mode export waiting to be fetched. */
export interface PendingDownload {
  file: string;
  fileName: string;
  contentType: string;
}

/**
 * Web mode: exports land in a private temp folder and are fetched once through the bridge
 * (`/api/download/<id>`, token required), then deleted.
 */
export class DownloadSink implements ExportSink {
  readonly #pending = new Map<string, PendingDownload>();
  #dir: string | undefined;

  async open(fileName: string): Promise<ExportTarget> {
    this.#dir ??= await mkdtemp(path.join(tmpdir(), 'taxiway-exports-'));
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.#dir, id);
    const contentType = fileName.endsWith('.ndjson')
      ? 'application/x-ndjson'
      : fileName.endsWith('.csv')
        ? 'text/csv; charset=utf-8'
        : 'application/json';
    return fileExportTarget(file, ({ bytes, count }) => {
      this.#pending.set(id, { file, fileName, contentType });
      return { kind: 'download', downloadId: id, fileName, count, bytes };
    });
  }

  /** Hands out a download once; the caller deletes the file after sending it. */
  take(id: string): PendingDownload | undefined {
    const found = this.#pending.get(id);
    this.#pending.delete(id);
    return found;
  }

  /** Deletes every pending export. */
  async close(): Promise<void> {
    this.#pending.clear();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }
}
