/**
 * What the command line prints can reach a terminal, and a server's words (error titles, notes,
 * object names) are not to be trusted with it: ESC sequences clear the screen, move the cursor
 * over an earlier line or retitle the window, and U+009B is a one-character CSI. Every control
 * character except tab and newline is therefore written as a visible `\u00XX` escape. In JSON
 * text that is the same JSON (controls can only stand inside strings, where `\u00XX` means the
 * same character), so data keeps every character while the terminal sees none of them.
 */

// C0 except \t and \n, DEL, C1 (U+0080–U+009F).
// eslint-disable-next-line no-control-regex -- finding controls is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- finding controls is the point
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** `text` with every control character but tab and newline written as `\u00XX`. */
export function terminalSafe(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
