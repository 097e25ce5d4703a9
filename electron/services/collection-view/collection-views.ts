/**
 * The open collection views of one app: open, window, counts, object, walk on, cancel, refresh,
 * close. Views are independent (two views of one collection each walk, and share only the page
 * cache, whose writes are atomic). Bounded: at most `maxViews` open (the least recently used is
 * closed), idle ones closed after `idleMs`; progress reported at most every `progressMs`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ViewColumn, ViewStateT } from '../../../shared/contract/views';
import { AppError } from '../../../shared/errors';
import { CollectionView, type ViewSource } from './collection-view';
import { DEFAULT_IDLE_MS, DEFAULT_MAX_VIEWS, viewLimits, type ViewLimits } from './limits';
import type { RowSort } from './row-order';
import { ViewWindows, type WindowQuery } from './view-windows';

/** A view's id, revision, handle number (later made, larger) and state. */
export interface ViewHandle {
  viewId: string;
  revision: number;
  seq: number;
  state: ViewStateT;
}

/** Options of the views. */
export interface CollectionViewsOptions {
  /** Folder for spill files (default: the system temp folder). */
  spillDir?: string;
  limits?: Partial<ViewLimits>;
  maxViews?: number;
  idleMs?: number;
  /** How long to wait, when opening cached pages, for the server to say what is new. */
  settleMs?: number;
  /** At most one progress report per view per this many ms (default 100: ≤ 10 a second). */
  progressMs?: number;
  /** Receives throttled progress of every view. */
  onProgress?: (handle: ViewHandle) => void;
}

/** How to open a view. */
export interface OpenOptions {
  refresh?: boolean;
  all?: boolean;
  /** Answer with the first rows too (server order): this many. */
  window?: number;
}

/** A window of rows, as `window()` answers. */
export interface WindowAnswer {
  revision: number;
  total: number;
  offset: number;
  rows: ReturnType<ViewWindows['window']>['rows'];
}

/** Pages asked for by one `more()` (a scroll near the end). */
const MORE_PAGES = 1;

interface Entry {
  view: CollectionView;
  windows: ViewWindows;
  timer: NodeJS.Timeout | undefined;
  lastReport: number;
}

/** The open views; see the file comment. */
export class CollectionViews {
  readonly #views = new Map<string, Entry>();
  readonly #limits: ViewLimits;
  readonly #spillDir: string;
  readonly #sweeper: NodeJS.Timeout;
  /** Numbers the handles made, so the renderer keeps the latest whatever the arrival order. */
  #seq = 0;

  constructor(private readonly o: CollectionViewsOptions = {}) {
    this.#limits = viewLimits(o.limits);
    this.#spillDir = o.spillDir ?? join(tmpdir(), `taxiway-views-${process.pid}`);
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  /** Views open. */
  get size(): number {
    return this.#views.size;
  }

  /** Opens a view of `source` and walks its first page (or all of it). */
  async open(
    source: ViewSource,
    opts: OpenOptions = {},
  ): Promise<ViewHandle & { window?: WindowAnswer }> {
    const max = this.o.maxViews ?? DEFAULT_MAX_VIEWS;
    while (this.#views.size >= max) {
      const oldest = [...this.#views.values()].sort((a, b) => a.view.lastUsed - b.view.lastUsed)[0];
      if (!oldest) break;
      this.close(oldest.view.id);
    }
    const view = new CollectionView(source, this.#limits, this.#spillDir, (v) => this.#report(v));
    const entry: Entry = {
      view,
      windows: new ViewWindows(() => view.index, view.text),
      timer: undefined,
      lastReport: 0,
    };
    this.#views.set(view.id, entry);
    try {
      await view.start({
        ...(opts.refresh ? { refresh: true } : {}),
        ...(opts.all ? { all: true } : {}),
        settleMs: this.o.settleMs ?? 1500,
      });
    } catch (error) {
      this.close(view.id);
      throw error;
    }
    const failed = view.failedFirst;
    if (failed) {
      // Nothing to show: the open fails with the whole error (and the server's error resource).
      this.close(view.id);
      throw failed;
    }
    const handle = this.handle(view.id);
    if (opts.window === undefined) return handle;
    // The same revision as the handle: nothing runs between the two.
    return { ...handle, window: this.window(view.id, { offset: 0, count: opts.window }) };
  }

  /** The view's id, revision and state. */
  handle(viewId: string): ViewHandle {
    const { view } = this.#get(viewId);
    return { viewId, revision: view.revision, seq: ++this.#seq, state: view.state() };
  }

  /** A window of rows of the current ordering. */
  window(
    viewId: string,
    q: Omit<WindowQuery, 'sort'> & { sort?: { column: ViewColumn; direction: 'asc' | 'desc' } },
  ): WindowAnswer {
    const { view, windows } = this.#get(viewId);
    const revision = view.revision;
    const { total, rows } = windows.window(
      { ...q, ...(q.sort ? { sort: q.sort as RowSort } : {}) },
      revision,
    );
    return { revision, total, offset: q.offset, rows };
  }

  /** Counts by type (of the rows a find matches). */
  counts(
    viewId: string,
    find?: string,
  ): { revision: number; byType: Record<string, number>; total: number } {
    const { view, windows } = this.#get(viewId);
    return { revision: view.revision, ...windows.counts(find) };
  }

  /** One full object by id (and version; default the latest loaded), with its date added. */
  object(
    viewId: string,
    id: string,
    version?: string,
  ): { object: Record<string, unknown>; dateAdded?: string } {
    const { view } = this.#get(viewId);
    const row = view.index.find(id, version);
    if (row < 0) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: `This view holds no object ${id}${version ? ` at version ${version}` : ''}.`,
        hint: 'Load more of the collection, or check the id.',
        where: 'id',
      });
    }
    const object = JSON.parse(view.store.get(row)) as Record<string, unknown>;
    const dateAdded = view.index.dateAddedOf(row);
    return { object, ...(dateAdded !== undefined ? { dateAdded } : {}) };
  }

  /**
   * The view and the other open views of the same collection over the same connection (for the
   * pictures, which read the whole loaded collection whatever one view's filters).
   */
  scope(viewId: string): { view: CollectionView; siblings: CollectionView[] } {
    const { view } = this.#get(viewId);
    const siblings = [...this.#views.values()]
      .map((e) => e.view)
      .filter(
        (v) =>
          v !== view &&
          v.source.client === view.source.client &&
          v.source.collectionUrl === view.source.collectionUrl,
      );
    return { view, siblings };
  }

  /** Walks on: about one page more, or to the end. */
  more(viewId: string, how: 'page' | 'all'): ViewHandle {
    this.#get(viewId).view.more(how === 'all' ? 'all' : MORE_PAGES);
    return this.handle(viewId);
  }

  /** Stops the walk (the request in flight is aborted); rows loaded stay. */
  cancel(viewId: string): ViewHandle {
    this.#get(viewId).view.cancel();
    return this.handle(viewId);
  }

  /** Drops every row and fetches afresh (the page cache is bypassed and rewritten). */
  async refresh(viewId: string): Promise<ViewHandle> {
    await this.#get(viewId).view.refresh(this.o.settleMs ?? 1500);
    return this.handle(viewId);
  }

  /** Closes a view: its walk stops, its memory and spill file are freed. False when unknown. */
  close(viewId: string): boolean {
    const entry = this.#views.get(viewId);
    if (!entry) return false;
    this.#views.delete(viewId);
    if (entry.timer) clearTimeout(entry.timer);
    entry.view.close();
    entry.windows.reset();
    return true;
  }

  /** Closes every view. */
  closeAll(): void {
    for (const id of [...this.#views.keys()]) this.close(id);
    clearInterval(this.#sweeper);
  }

  #get(viewId: string): Entry {
    const entry = this.#views.get(viewId);
    if (!entry) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'This view is closed (or was never opened here).',
        hint: 'Open the collection again.',
        where: 'viewId',
      });
    }
    entry.view.lastUsed = Date.now();
    return entry;
  }

  /** Throttled progress: at once when quiet, else once at the end of the interval. */
  #report(view: CollectionView): void {
    const entry = this.#views.get(view.id);
    const onProgress = this.o.onProgress;
    if (!entry || !onProgress) return;
    const every = this.o.progressMs ?? 100;
    const send = (): void => {
      entry.timer = undefined;
      entry.lastReport = Date.now();
      if (this.#views.get(view.id) === entry) onProgress(this.handle(view.id));
    };
    if (entry.timer) return;
    const wait = entry.lastReport + every - Date.now();
    if (wait <= 0) send();
    else {
      entry.timer = setTimeout(send, wait);
      entry.timer.unref();
    }
  }

  #sweep(): void {
    const idle = this.o.idleMs ?? DEFAULT_IDLE_MS;
    const now = Date.now();
    for (const [id, entry] of this.#views) if (now - entry.view.lastUsed > idle) this.close(id);
  }
}
