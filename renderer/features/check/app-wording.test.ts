import { describe, expect, it } from 'vitest';
import { inAppWords } from './app-wording';

describe('the probe’s advice in the app’s words', () => {
  it('points at the writable collection picker instead of a command-line flag', () => {
    expect(
      inAppWords(
        'POST, status, 413 and DELETE: name a writable collection (--write COLLECTION_ID) to check them.',
      ),
    ).toBe('POST, status, 413 and DELETE: choose a writable collection above to check them.');
  });

  it('talks of connections instead of --profile', () => {
    expect(
      inAppWords(
        'The API root http://h/secure/ beyond its 401: it needs credentials (give them as for any command, or use --profile).',
      ),
    ).not.toContain('--profile');
  });

  it('leaves other text alone', () => {
    const t = 'Filters: the collection has no objects to filter.';
    expect(inAppWords(t)).toBe(t);
  });
});
