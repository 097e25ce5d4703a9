/**
 * Collection aliases (TAXII 2.1 §5.2.1: an alias is unique within its API root): a collection URL
 * whose last segment is not a UUID may name a collection by its alias; requests then use its id.
 */
import { isAppError } from '../../../shared/errors';
import type { QuirkNote } from '../../../shared/taxii/notes';
import type { Collection } from '../../../shared/taxii/resources';
import type { CallOptions } from './exchange';
import type { HttpEngine } from './http';
import { apiRootOf, childUrl } from './urls';

/** Collection ids are UUIDs by the spec (identifier, §2); anything else may be an alias. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lists the collections of an API root (throws when they cannot be listed). */
export type ListCollections = (root: string, opts: CallOptions) => Promise<Collection[]>;

/** Aliases resolved once per client and URL, from each API root's collection list, listed once. */
export class CollectionAliases {
  /** Per API root: its collections, once listed (undefined: could not be listed). */
  private readonly lists = new Map<string, Collection[] | undefined>();
  /** Collection URL with an alias → URL with the id (null: not an alias). */
  private readonly resolved = new Map<string, { href: string; note: QuirkNote } | null>();

  constructor(
    private readonly http: HttpEngine,
    private readonly list: ListCollections,
  ) {}

  /**
   * The URL with the collection's id when `url` holds the alias of a listed collection (with a
   * note saying so), else `url`. Non-UUID ids themselves (MITRE's) are left alone.
   */
  async resolve(url: URL, opts: CallOptions): Promise<{ url: URL; notes: QuirkNote[] }> {
    const m = /^(.*\/collections\/)([^/]+)\/$/.exec(url.pathname);
    const segment = m ? decodeURIComponent(m[2] as string) : undefined;
    if (!m || segment === undefined || UUID_RE.test(segment)) return { url, notes: [] };
    const cached = this.resolved.get(url.href);
    if (cached) return { url: new URL(cached.href), notes: [cached.note] };
    if (cached === null) return { url, notes: [] };
    const list = await this.collectionsOf(apiRootOf(url), opts);
    const hit =
      list && !list.some((c) => c.id === segment)
        ? list.find((c) => c.alias === segment)
        : undefined;
    if (!hit) {
      this.resolved.set(url.href, null);
      return { url, notes: [] };
    }
    const target = childUrl(new URL(m[1] as string, url), hit.id);
    const note: QuirkNote = {
      code: 'COLLECTION_ALIAS',
      message: `"${segment}" is the alias of collection ${hit.id} (“${hit.title}”); its id is used in requests.`,
      where: this.http.safe(url),
    };
    this.resolved.set(url.href, { href: target.href, note });
    return { url: target, notes: [note] };
  }

  /**
   * The collections of an API root, listed once. Undefined when they cannot be listed (no
   * permission, not TAXII 2.1…).
   */
  private async collectionsOf(root: string, opts: CallOptions): Promise<Collection[] | undefined> {
    if (this.lists.has(root)) return this.lists.get(root);
    let list: Collection[] | undefined;
    try {
      list = await this.list(root, opts);
    } catch (err) {
      if (isAppError(err, 'CANCELLED')) throw err;
      list = undefined;
    }
    this.lists.set(root, list);
    return list;
  }
}
