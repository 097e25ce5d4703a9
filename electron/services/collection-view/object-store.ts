/**
 * The full objects of a view, paged back one at a time: in memory while the view is small, in a
 * spill file (the objects' JSON appended, with an offset and length per row) once it is not, so
 * a million objects cost the main process a few typed arrays rather than a million objects.
 * The file is written synchronously in page-sized blocks: small writes into the OS cache, and a
 * read can never race a write that has not landed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where the objects of one view are kept; see the file comment. */
export class ObjectStore {
  #memory: string[] | undefined = [];
  #memoryBytes = 0;
  #fd: number | undefined;
  #path: string | undefined;
  #offsets = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #count = 0;
  #fileBytes = 0;
  #bytes = 0;

  /**
   * `dir` holds spill files (created when first needed); objects stay in memory until their JSON
   * passes `memoryBytes`.
   */
  constructor(
    private readonly dir: string,
    private readonly memoryBytes: number,
  ) {}

  /** Objects held. */
  get size(): number {
    return this.#count;
  }

  /** Bytes of JSON held (memory and file). */
  get bytes(): number {
    return this.#bytes;
  }

  /** True once the objects went to the spill file. */
  get spilled(): boolean {
    return this.#fd !== undefined;
  }

  /** Appends the JSON texts of the next rows (in row order). */
  addAll(texts: readonly string[]): void {
    let size = 0;
    for (const t of texts) size += t.length;
    this.#bytes += size;
    if (this.#memory && this.#memoryBytes + size <= this.memoryBytes) {
      for (const t of texts) this.#memory.push(t);
      this.#memoryBytes += size;
      this.#count += texts.length;
      return;
    }
    if (this.#memory) {
      const held = this.#memory;
      this.#memory = undefined;
      this.#memoryBytes = 0;
      this.#open();
      this.#count = 0;
      this.#append(held);
    }
    this.#append(texts);
  }

  /** The JSON text of row `row`. */
  get(row: number): string {
    if (row < 0 || row >= this.#count) throw new RangeError(`no object at row ${row}`);
    if (this.#memory) return this.#memory[row] as string;
    const length = this.#lengths[row] as number;
    const buf = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(
        this.#fd as number,
        buf,
        read,
        length - read,
        (this.#offsets[row] as number) + read,
      );
      if (n === 0) break;
      read += n;
    }
    return buf.toString('utf8', 0, read);
  }

  /** Frees the memory and deletes the spill file. */
  close(): void {
    this.#memory = [];
    this.#memoryBytes = 0;
    if (this.#fd !== undefined) {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
    if (this.#path) rmSync(this.#path, { force: true });
    this.#path = undefined;
    this.#count = 0;
    this.#bytes = 0;
    this.#fileBytes = 0;
  }

  #open(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.#path = join(this.dir, `view-${randomBytes(8).toString('hex')}.ndjson`);
    this.#fd = openSync(this.#path, 'wx+', 0o600);
  }

  #append(texts: readonly string[]): void {
    const n = this.#count + texts.length;
    if (n > this.#offsets.length) {
      let size = this.#offsets.length;
      while (size < n) size *= 2;
      const offsets = new Float64Array(size);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
      const lengths = new Uint32Array(size);
      lengths.set(this.#lengths);
      this.#lengths = lengths;
    }
    const parts: Buffer[] = [];
    let at = this.#fileBytes;
    for (const t of texts) {
      const b = Buffer.from(`${t}\n`, 'utf8');
      parts.push(b);
      this.#offsets[this.#count] = at;
      this.#lengths[this.#count] = b.length - 1;
      this.#count++;
      at += b.length;
    }
    const block = Buffer.concat(parts);
    let written = 0;
    while (written < block.length)
      written += writeSync(
        this.#fd as number,
        block,
        written,
        block.length - written,
        this.#fileBytes + written,
      );
    this.#fileBytes = at;
  }
}
