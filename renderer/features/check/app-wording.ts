/**
 * The probe is shared with the command line, so a few of its "not checked" reasons tell the
 * person how to fix things in command-line terms. This says the same in the app's terms; any
 * other text passes through unchanged.
 */
const REWRITES: readonly [RegExp, string][] = [
  [/name a writable collection \(--write COLLECTION_ID\)/g, 'choose a writable collection above'],
  [/ ?\(--write COLLECTION_ID\)/g, ''],
  [
    /\(give them as for any command, or use --profile\)/g,
    '(check a connection that has them, or add them to this connection)',
  ],
];

/** `text` with command-line advice put in the app's words. */
export function inAppWords(text: string): string {
  return REWRITES.reduce((out, [pattern, words]) => out.replace(pattern, words), text);
}
