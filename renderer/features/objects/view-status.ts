/**
 * What the objects toolbar says about a view, in words: how much is loaded and what is still
 * arriving, the walk's progress, and how current the rows are. "Loaded" is said only when every
 * object page and every date added is in (a date-added sort before that would be wrong).
 */
import { formatBytes, formatCachedAt, formatCount, plural } from '../../components/format';
import { isLoaded, type ViewState } from '../../queries/views';

/** The count line: `100,000 objects loaded` only when everything is in, else what is to come. */
export function countText(state: ViewState): string {
  const n = plural(state.objects, 'object');
  if (isLoaded(state)) return `${n} loaded`;
  if (state.phase === 'complete')
    return state.datesPending > 0
      ? `${n}; date added for ${plural(state.datesPending, 'row')} still arriving`
      : `${n}; dates added still arriving`;
  if (state.phase === 'loading') return `${n} loaded, loading more`;
  return `${n} loaded, more on the server`;
}

/** The walk's progress beside the count: pages, bytes, rate (the count says the objects). */
export function progressText(state: ViewState): string {
  return [
    plural(state.pages, 'page'),
    formatBytes(state.bytes),
    `${formatCount(Math.round(state.ratePerSecond))} objects/s`,
  ].join(' · ');
}

/** Why deletions made by others do not show until a full refresh (TAXII has no deletion feed). */
export const DELETIONS_NOTE =
  'Objects that others deleted on the server show as gone only after Refresh, which loads everything again.';

/** The freshness badge: its words, its longer title, and its tone (fresh, cached and checked, unchecked). */
export function freshnessText(
  freshness: ViewState['freshness'],
  now?: string,
): { text: string; title: string; tone: 'fresh' | 'cached' | 'unchecked' } {
  switch (freshness.kind) {
    case 'live':
      return {
        text: `Loaded ${formatCachedAt(freshness.at, now)}`,
        title: `${freshness.note} ${DELETIONS_NOTE}`,
        tone: 'fresh',
      };
    case 'checked':
      return {
        text: `Checked ${formatCachedAt(freshness.at, now)}`,
        title: `${freshness.note} ${DELETIONS_NOTE}`,
        tone: 'cached',
      };
    case 'cached-unchecked':
      return {
        text: `Cached ${formatCachedAt(freshness.since, now)}, not checked: ${freshness.reason}`,
        title: `${freshness.note} ${DELETIONS_NOTE}`,
        tone: 'unchecked',
      };
  }
}
