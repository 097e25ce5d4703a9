/**
 * A small JSON tokenizer for highlighting. The tokens are rendered as React text nodes with a
 * class each, never as HTML, so whatever a server put in a string stays text.
 */

/** The kinds of token the highlighter colours. */
export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'space' | 'other';

/** One run of text of one kind. */
export interface Token {
  kind: TokenKind;
  text: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const SPACE = /\s+/y;

/**
 * Splits JSON text into tokens; concatenating their text gives back the input exactly. Invalid
 * input does not throw: what cannot be read becomes `other` tokens.
 */
export function tokenizeJson(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, s: string): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind && (kind === 'other' || kind === 'space')) last.text += s;
    else out.push({ kind, text: s });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j + 1, text.length);
      const s = text.slice(i, j);
      // A string followed (after spaces) by a colon is a key.
      let k = j;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      push(text[k] === ':' ? 'key' : 'string', s);
      i = j;
      continue;
    }
    if ('{}[],:'.includes(c)) {
      push('punct', c);
      i++;
      continue;
    }
    let matched = false;
    for (const [re, kind] of [
      [SPACE, 'space'],
      [NUMBER, 'number'],
      [LITERAL, 'literal'],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[0].length > 0) {
        push(kind, m[0]);
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      push('other', c);
      i++;
    }
  }
  return out;
}
