/**
 * What is printed can reach a terminal, and a server's words (error titles, notes, object names)
 * are not to be trusted with it: ESC sequences clear the screen, move the cursor over an earlier
 * line or retitle the window, U+009B is a one-character CSI, and bidi overrides reorder what is
 * shown. Every such character is written as a visible `\uXXXX` escape. In JSON text that is the
 * same JSON (controls can only stand inside strings, where `\uXXXX` means the same character),
 * so data keeps every character while the terminal sees none of them.
 */

// C0 except \t and \n, DEL, C1 (U+0080–U+009F), bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding controls is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The same, and the line breaks too: for text that must stay on its one line.
// eslint-disable-next-line no-control-regex -- finding controls is the point
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control character but tab and newline written as `\uXXXX`. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, escape);
}

/** `text` with every control character, tab and line breaks included, written as `\uXXXX`. */
export function oneLineSafe(text: string): string {
  return text.replace(LINE_CONTROLS, escape);
}
