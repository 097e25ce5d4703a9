/**
 * Pages already fetched, kept on disk per connection and per query, so reopening a collection
 * costs no requests and a walk left unfinished continues where it stopped:
 *
 *   <dir>/<connection hash>/<query hash>/meta.json, page-000000.json, page-000001.json, …
 *
 * The connection hash covers origins, auth kind, user name (or API key header name) and an
 * optional connection key such as a profile id, never a secret; pages hold what the client hands
 * out (redacted URLs, items, notes, the walk's checkpoint), never a credential. The whole cache is
 * kept under `maxBytes` by dropping the least recently used queries. A cache is a convenience:
 * reading or writing failures never fail a walk, they just mean fetching again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalkCheckpoint, WalkEndpoint } from '../../../shared/taxii/checkpoint';
import { filtersIdentity } from '../../../shared/taxii/checkpoint';
import type { TaxiiFilters } from '../../../shared/taxii/filters';
import type { TaxiiVersion } from '../../../shared/taxii/media-types';
import type { Page } from '../../../shared/taxii/page';

/** Who a connection is, for the cache: nothing secret (see the file comment). */
export interface CacheIdentity {
  /** A stable id of the saved connection (profile id), when there is one. */
  connection?: string;
  /** Origins the connection's credentials go to (or the server's origin). */
  origins: string[];
  /** Auth kind: none, basic, bearer, header. */
  auth: string;
  /** Basic user name, or the API key header's name. */
  user?: string;
}

/** The query a stored walk answers. */
export interface WalkKey {
  endpoint: WalkEndpoint;
  /** Redacted URL walked. */
  url: string;
  filters: TaxiiFilters;
  version: TaxiiVersion;
}

/** What is stored about one walk. */
export interface WalkMeta {
  v: 1;
  endpoint: WalkEndpoint;
  url: string;
  filters: string;
  version: TaxiiVersion;
  /** Pages stored (page-000000 … page-(pages-1)). */
  pages: number;
  /** True when the walk reached the end: nothing more to fetch. */
  complete: boolean;
  /** Where the walk stands after the last stored page. */
  checkpoint?: WalkCheckpoint;
  /** When the first page was stored, and when the walk was last read or written. */
  storedAt: string;
  lastUsed: string;
  /** Bytes of the page files. */
  bytes: number;
}

/** A stored page: the page as handed out, checkpoint included. */
export type StoredPage<T> = Page<T> & { storedAt: string };

/** Options of the cache. */
export interface PageCacheOptions {
  /** Folder of the cache, e.g. `<data folder>/cache` (see `cacheDirOf`). */
  dir: string;
  /** Size limit for all page files together (default 256 MiB). */
  maxBytes?: number;
}

/** Default size limit: 256 MiB. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/** The cache folder inside Taxiway's data folder. */
export function cacheDirOf(dataFolder: string): string {
  return join(dataFolder, 'cache');
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

function pageName(i: number): string {
  return `page-${String(i).padStart(6, '0')}.json`;
}

/** Writes a file through a temp file and a rename, so a reader never sees half of it. */
async function writeWhole(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The pages of one connection. */
export class CacheScope {
  constructor(
    readonly cache: PageCache,
    readonly dir: string,
  ) {}

  /** Folder of the walk for `key`. */
  walkDir(key: WalkKey): string {
    return join(this.dir, hash([key.endpoint, key.url, filtersIdentity(key.filters), key.version]));
  }

  /** The stored walk for `key`, if any (and if it really is that query). */
  async meta(key: WalkKey): Promise<WalkMeta | undefined> {
    const meta = await readJson<WalkMeta>(join(this.walkDir(key), 'meta.json'));
    if (
      !meta ||
      meta.v !== 1 ||
      meta.endpoint !== key.endpoint ||
      meta.url !== key.url ||
      meta.filters !== filtersIdentity(key.filters) ||
      meta.version !== key.version
    )
      return undefined;
    return meta;
  }

  /** Page `i` of the walk for `key`, or undefined when missing or unreadable. */
  async page<T>(key: WalkKey, i: number): Promise<StoredPage<T> | undefined> {
    return readJson<StoredPage<T>>(join(this.walkDir(key), pageName(i)));
  }

  /**
   * Stores page `i` and the meta that goes with it; returns the new meta, or null (nothing
   * written) when the walk's pages would then pass `maxWalkBytes`.
   */
  async put<T>(
    key: WalkKey,
    i: number,
    page: Page<T>,
    before: WalkMeta | undefined,
    maxWalkBytes = Number.POSITIVE_INFINITY,
  ): Promise<WalkMeta | null> {
    const dir = this.walkDir(key);
    const now = new Date().toISOString();
    const text = JSON.stringify({ ...page, storedAt: now });
    if ((i === 0 ? 0 : (before?.bytes ?? 0)) + Buffer.byteLength(text) > maxWalkBytes) return null;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeWhole(join(dir, pageName(i)), text);
    const meta: WalkMeta = {
      v: 1,
      endpoint: key.endpoint,
      url: key.url,
      filters: filtersIdentity(key.filters),
      version: key.version,
      pages: i + 1,
      complete: page.checkpoint?.done ?? !page.more,
      ...(page.checkpoint ? { checkpoint: page.checkpoint } : {}),
      storedAt: before?.storedAt ?? now,
      lastUsed: now,
      bytes: (i === 0 ? 0 : (before?.bytes ?? 0)) + Buffer.byteLength(text),
    };
    await writeWhole(join(dir, 'meta.json'), JSON.stringify(meta));
    return meta;
  }

  /** Marks the walk as just used (for the size limit's least-recently-used order). */
  async touch(key: WalkKey, meta: WalkMeta): Promise<void> {
    await writeWhole(
      join(this.walkDir(key), 'meta.json'),
      JSON.stringify({ ...meta, lastUsed: new Date().toISOString() }),
    );
  }

  /** Drops what is stored for `key` (a refresh). */
  async invalidate(key: WalkKey): Promise<void> {
    await rm(this.walkDir(key), { recursive: true, force: true });
  }

  /**
   * Drops every stored walk whose URL starts with `urlPrefix` (a collection URL ending in `/`):
   * after a write to a collection, none of its stored pages can be trusted. Returns how many.
   */
  async invalidateUnder(urlPrefix: string): Promise<number> {
    let walks: string[];
    try {
      walks = await readdir(this.dir);
    } catch {
      return 0;
    }
    let dropped = 0;
    for (const w of walks) {
      const dir = join(this.dir, w);
      const meta = await readJson<WalkMeta>(join(dir, 'meta.json'));
      if (meta && meta.url.startsWith(urlPrefix)) {
        await rm(dir, { recursive: true, force: true });
        dropped++;
      }
    }
    return dropped;
  }

  /** Drops everything stored for this connection. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The page cache; see the file comment. */
export class PageCache {
  readonly dir: string;
  readonly maxBytes: number;

  constructor(options: PageCacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
  }

  /** The pages of one connection. */
  scope(identity: CacheIdentity): CacheScope {
    const origins = [...identity.origins].sort();
    return new CacheScope(
      this,
      join(this.dir, hash({ ...identity, origins, user: identity.user ?? null })),
    );
  }

  /** Every stored walk, with its folder. */
  async walks(): Promise<{ dir: string; meta: WalkMeta }[]> {
    const out: { dir: string; meta: WalkMeta }[] = [];
    let scopes: string[];
    try {
      scopes = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const s of scopes) {
      let walks: string[];
      try {
        walks = await readdir(join(this.dir, s));
      } catch {
        continue;
      }
      for (const w of walks) {
        const dir = join(this.dir, s, w);
        const meta = await readJson<WalkMeta>(join(dir, 'meta.json'));
        if (meta) out.push({ dir, meta });
        else {
          // A walk folder without meta (interrupted first write) is of no use.
          const age = await stat(dir).then(
            (st) => Date.now() - st.mtimeMs,
            () => 0,
          );
          if (age > 60_000) await rm(dir, { recursive: true, force: true });
        }
      }
    }
    return out;
  }

  /** Bytes of page files in the cache. */
  async size(): Promise<number> {
    return (await this.walks()).reduce((n, w) => n + w.meta.bytes, 0);
  }

  /**
   * Drops the least recently used walks until the cache is within `maxBytes` (never the walk in
   * `keep`, which is being written). Returns the bytes freed.
   */
  async enforceLimit(keep?: string): Promise<number> {
    const walks = await this.walks();
    let total = walks.reduce((n, w) => n + w.meta.bytes, 0);
    if (total <= this.maxBytes) return 0;
    let freed = 0;
    walks.sort((a, b) => (a.meta.lastUsed < b.meta.lastUsed ? -1 : 1));
    for (const w of walks) {
      if (total <= this.maxBytes) break;
      if (w.dir === keep) continue;
      await rm(w.dir, { recursive: true, force: true });
      total -= w.meta.bytes;
      freed += w.meta.bytes;
    }
    return freed;
  }

  /** Drops everything. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
