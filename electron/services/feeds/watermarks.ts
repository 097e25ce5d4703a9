/**
 * "New since my last visit": per collection and per saved view, the newest date added the person
 * has marked as seen, echoed verbatim (exact to the server's precision, TAXII 2.1 §3.4.1), and the
 * id|versions seen at that very instant, so objects added later in the same microsecond still
 * count as new and nothing counts twice. Kept in `feeds.json` in the app folder (never a secret),
 * replaced atomically, so it survives restarts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../connections/atomic-file';

/** One watermark. */
export const Watermark = z.strictObject({
  /** The newest date added seen, exactly as the server wrote it. */
  dateAdded: z.string().max(64),
  /** `id|version` of the objects seen that were added at `dateAdded`. */
  seenAtInstant: z.array(z.string().max(600)).max(100_000),
  /** When the person marked it seen (ISO, local clock). */
  markedAt: z.string().max(64),
});
/** A watermark. */
export type Watermark = z.infer<typeof Watermark>;

const FeedsFile = z.strictObject({
  version: z.literal(1),
  watermarks: z.record(z.string(), Watermark),
});

/** The key of a collection's or a saved view's watermark. */
export function feedKey(
  connectionId: string,
  apiRoot: string,
  collectionId: string,
  savedViewId?: string,
): string {
  return JSON.stringify([connectionId, apiRoot, collectionId, savedViewId ?? null]);
}

/** The watermarks of this app folder; writes are serialised. */
export class Watermarks {
  readonly #file: string;
  #data: z.infer<typeof FeedsFile> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.#file = join(dir, 'feeds.json');
  }

  async #load(): Promise<z.infer<typeof FeedsFile>> {
    if (this.#data) return this.#data;
    try {
      const parsed = FeedsFile.safeParse(JSON.parse(await readFile(this.#file, 'utf8')));
      // A damaged file costs the "new" markers, never the app: start afresh.
      this.#data = parsed.success ? parsed.data : { version: 1, watermarks: {} };
    } catch {
      this.#data = { version: 1, watermarks: {} };
    }
    return this.#data;
  }

  /** The watermark of `key`, if the person ever marked it seen. */
  async get(key: string): Promise<Watermark | undefined> {
    return (await this.#load()).watermarks[key];
  }

  /** Sets (or with undefined, forgets) the watermark of `key`. */
  set(key: string, mark: Watermark | undefined): Promise<void> {
    const run = this.#queue.then(async () => {
      const data = await this.#load();
      if (mark) data.watermarks[key] = mark;
      else delete data.watermarks[key];
      await writeFileAtomic(this.#file, `${JSON.stringify(data, null, 1)}\n`);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Forgets every watermark of a connection (it was removed). */
  async forgetConnection(connectionId: string): Promise<void> {
    const data = await this.#load();
    const prefix = JSON.stringify([connectionId]).slice(0, -1);
    const keys = Object.keys(data.watermarks).filter((k) => k.startsWith(`${prefix},`));
    for (const k of keys) await this.set(k, undefined);
  }
}
