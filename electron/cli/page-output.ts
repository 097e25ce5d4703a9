/**
 * Printing paged results: one page as an envelope (`objects`/`versions`, `more`, `next`), a STIX
 * bundle or NDJSON; or every page, streamed as it arrives: each page is written (waiting for
 * stdout to drain) before the next one is asked for, so memory holds at most the client's two
 * pages, whatever the size of the collection.
 */
import type { Page } from '../../shared/taxii/page';
import type { QuirkNote } from '../../shared/taxii/notes';
import { newBundleId } from '../services/taxii';
import type { CommandContext } from './command';
import type { CliIo } from './io';

/** The output forms of paged commands. */
export const PAGE_FORMATS = ['envelope', 'bundle', 'ndjson'] as const;

/** One output form. */
export type PageFormat = (typeof PAGE_FORMATS)[number];

/** How to print pages. */
export interface PagePrintOptions {
  format: PageFormat;
  /** The list's name in the envelope form: `objects` (objects, manifest) or `versions`. */
  key: 'objects' | 'versions';
  /** The server's TAXII version, known once a page has arrived (a 2.0 bundle has spec_version). */
  taxiiVersion: () => '2.0' | '2.1' | undefined;
  verbose?: boolean;
}

/** Prints each quirk note once per run (by code and place) on stderr. */
export class NoteReporter {
  private readonly seen = new Set<string>();

  constructor(private readonly io: CliIo) {}

  /** Prints the notes not printed yet. */
  report(notes: readonly QuirkNote[]): void {
    for (const note of notes) {
      const key = `${note.code}|${note.where ?? ''}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.io.err(`taxiway: note: ${note.message}${note.where ? ` (${note.where})` : ''}`);
    }
  }
}

function bundleHead(version: '2.0' | '2.1' | undefined): string {
  const head: Record<string, string> = { type: 'bundle', id: newBundleId() };
  if (version === '2.0') head.spec_version = '2.0';
  return JSON.stringify(head).slice(0, -1);
}

function describeDates(page: Page<unknown>): string {
  if (!page.dateAddedFirst && !page.dateAddedLast) return '';
  return `, added ${page.dateAddedFirst ?? '?'} … ${page.dateAddedLast ?? '?'}`;
}

/** Prints one page in the chosen form; says on stderr how to continue when more remain. */
export async function printPage<T>(
  ctx: CommandContext,
  page: Page<T>,
  options: PagePrintOptions,
): Promise<void> {
  const { io } = ctx;
  new NoteReporter(io).report(page.notes);
  if (options.verbose) {
    io.err(
      `taxiway: ${page.items.length} item(s), more: ${page.more}${page.next !== undefined ? `, next: ${page.next}` : ''}${describeDates(page)}`,
    );
  }
  switch (options.format) {
    case 'envelope': {
      const envelope: Record<string, unknown> = {};
      if (page.items.length > 0) envelope[options.key] = page.items;
      envelope.more = page.more;
      if (page.next !== undefined) envelope.next = page.next;
      await io.out.json(envelope);
      return;
    }
    case 'bundle': {
      const items = page.items.map((o) => JSON.stringify(o)).join(',\n');
      await io.out.write(
        `${bundleHead(options.taxiiVersion())}${items ? `,"objects":[\n${items}\n]` : ''}}\n`,
      );
      break;
    }
    case 'ndjson':
      await io.out.write(page.items.map((o) => `${JSON.stringify(o)}\n`).join(''));
      break;
  }
  if (page.more) {
    io.err(
      page.next !== undefined
        ? `taxiway: more items remain: add --next ${page.next} for the next page, or --all for every page`
        : 'taxiway: more items remain: add --all to follow every page',
    );
  }
}

/** What a full walk printed. */
export interface WalkSummary {
  items: number;
  pages: number;
  /** The last page still said more (the walk stopped early, with a note saying why). */
  more: boolean;
  /** Pages that came from the page cache, and when the oldest of them was stored. */
  fromCache: number;
  storedFirst?: string;
}

/**
 * Streams every page of `pages` in the chosen form. The envelope and bundle forms are written
 * as one JSON document, one item per line, opened when the first item arrives.
 */
export async function printAllPages<T>(
  ctx: CommandContext,
  pages: AsyncIterable<Page<T>>,
  options: PagePrintOptions,
): Promise<WalkSummary> {
  const { io } = ctx;
  const notes = new NoteReporter(io);
  const started = performance.now();
  let items = 0;
  let count = 0;
  let more = false;
  let opened = false;
  let fromCache = 0;
  let storedFirst: string | undefined;
  for await (const page of pages) {
    count++;
    more = page.more;
    if (page.fromCache !== undefined) {
      fromCache++;
      if (storedFirst === undefined || page.fromCache < storedFirst) storedFirst = page.fromCache;
    }
    notes.report(page.notes);
    if (page.items.length > 0) {
      const lines = page.items.map((o) => JSON.stringify(o));
      let text: string;
      if (options.format === 'ndjson') {
        text = `${lines.join('\n')}\n`;
      } else {
        const head = opened
          ? ',\n'
          : options.format === 'bundle'
            ? `${bundleHead(options.taxiiVersion())},"objects":[\n`
            : `{"${options.key}":[\n`;
        opened = true;
        text = head + lines.join(',\n');
      }
      items += page.items.length;
      await io.out.write(text);
    }
    if (options.verbose) {
      io.err(
        `taxiway: page ${count}: ${page.items.length} item(s), ${items} so far${describeDates(page)}${page.fromCache !== undefined ? ` (from the cache, stored ${page.fromCache})` : ''}`,
      );
    }
  }
  if (options.format === 'envelope') {
    await io.out.write(opened ? `\n],"more":${more}}\n` : `{"more":${more}}\n`);
  } else if (options.format === 'bundle') {
    await io.out.write(opened ? '\n]}\n' : `${bundleHead(options.taxiiVersion())}}\n`);
  }
  if (options.verbose) {
    io.err(
      `taxiway: ${items} item(s) in ${count} page(s), ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return {
    items,
    pages: count,
    more,
    fromCache,
    ...(storedFirst !== undefined ? { storedFirst } : {}),
  };
}
