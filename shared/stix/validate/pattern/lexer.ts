/**
 * Tokens of the STIX 2.1 patterning language (§9, grammar STIXPattern.g4): punctuation,
 * comparison operators, the upper-case keywords, identifiers and the constants (strings, integers,
 * floats, booleans, `t'…'` timestamps, `h'…'` hex, `b'…'` base64). Whitespace and comments are
 * skipped; the first unreadable character is a PatternSyntaxError with its offset.
 */

/** What a token is. */
export type TokenKind =
  | '['
  | ']'
  | '('
  | ')'
  | ':'
  | '.'
  | ','
  | '*'
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LE'
  | 'GT'
  | 'GE'
  | 'keyword'
  | 'identifier'
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'timestamp'
  | 'hex'
  | 'binary'
  | 'end';

/** One token and where it is in the pattern (0-based offsets, end exclusive). */
export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** For constants: the value (a string's unescaped text, a number, a boolean, the inner text of t/h/b). */
  value?: string | number | boolean;
  start: number;
  end: number;
}

/** A pattern that cannot be read: the message and the offending span. */
export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'PatternSyntaxError';
  }
}

/** The keywords of the grammar; they are case-sensitive. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;

/** Splits `text` into tokens, ending with an `end` token. Throws PatternSyntaxError. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: Token['value']): void => {
    tokens.push({
      kind,
      text: text.slice(start, end),
      start,
      end,
      ...(value !== undefined ? { value } : {}),
    });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0)
        throw new PatternSyntaxError('comment /* is never closed with */', i, text.length);
      i = close + 2;
      continue;
    }
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    const start = i;
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      push(two === '==' ? 'EQ' : two === '<=' ? 'LE' : two === '>=' ? 'GE' : 'NEQ', i, i + 2);
      i += 2;
      continue;
    }
    if ('[]():.,*'.includes(c)) {
      // A '.' followed by a digit starts a float such as .5.
      if (c === '.' && DIGIT.test(text[i + 1] ?? '') && !isPathContext(tokens)) {
        i = readNumber(text, i, push);
        continue;
      }
      push(c as TokenKind, i, i + 1);
      i++;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      push(c === '=' ? 'EQ' : c === '<' ? 'LT' : 'GT', i, i + 1);
      i++;
      continue;
    }
    if (c === "'") {
      i = readString(text, i, push);
      continue;
    }
    if ((c === 't' || c === 'h' || c === 'b') && text[i + 1] === "'") {
      i = readPrefixed(text, i, push);
      continue;
    }
    if (DIGIT.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      i = readNumber(text, i, push);
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (word === 'true' || word === 'false') push('bool', i, j, word === 'true');
      else push(KEYWORDS.has(word) ? 'keyword' : 'identifier', i, j);
      i = j;
      continue;
    }
    if (c === '"') {
      throw new PatternSyntaxError(
        "strings in a pattern are quoted with single quotes ('…'), not double quotes",
        start,
        start + 1,
      );
    }
    throw new PatternSyntaxError(`unexpected character ${JSON.stringify(c)}`, start, start + 1);
  }
  push('end', text.length, text.length);
  return tokens;
}

// After '[' (a list index) a '.5' cannot occur; after a path identifier '.x' is a path step.
function isPathContext(tokens: readonly Token[]): boolean {
  const last = tokens.at(-1);
  return (
    last !== undefined &&
    (last.kind === 'identifier' || last.kind === ']' || last.kind === 'string')
  );
}

function readString(
  text: string,
  start: number,
  push: (k: TokenKind, s: number, e: number, v?: Token['value']) => void,
): number {
  let i = start + 1;
  let value = '';
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') {
        throw new PatternSyntaxError(
          "in a pattern string only \\' and \\\\ are escapes: write \\\\ for a backslash",
          i,
          i + 2,
        );
      }
      value += next;
      i += 2;
      continue;
    }
    if (c === "'") {
      push('string', start, i + 1, value);
      return i + 1;
    }
    value += c;
    i++;
  }
  throw new PatternSyntaxError(
    "string is never closed: end it with a single quote (')",
    start,
    text.length,
  );
}

function readPrefixed(
  text: string,
  start: number,
  push: (k: TokenKind, s: number, e: number, v?: Token['value']) => void,
): number {
  const prefix = text[start]!;
  const close = text.indexOf("'", start + 2);
  if (close < 0)
    throw new PatternSyntaxError(
      `${prefix}'…' constant is never closed with a single quote`,
      start,
      text.length,
    );
  const inner = text.slice(start + 2, close);
  const end = close + 1;
  if (prefix === 'h') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(inner)) {
      throw new PatternSyntaxError(
        `hex constant h'${inner}' must hold pairs of hexadecimal digits (0-9, a-f)`,
        start,
        end,
      );
    }
    push('hex', start, end, inner);
  } else if (prefix === 'b') {
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(inner)) {
      throw new PatternSyntaxError(
        `binary constant b'${inner}' is not base64 (groups of four characters of A–Z, a–z, 0–9, +, /, padded with =)`,
        start,
        end,
      );
    }
    push('binary', start, end, inner);
  } else {
    push('timestamp', start, end, inner);
  }
  return end;
}

function readNumber(
  text: string,
  start: number,
  push: (k: TokenKind, s: number, e: number, v?: Token['value']) => void,
): number {
  const m = /^[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)/.exec(text.slice(start));
  const raw = m![0];
  const end = start + raw.length;
  if (IDENT_START.test(text[end] ?? '')) {
    throw new PatternSyntaxError(
      `${raw}${text[end]}… is neither a number nor a name`,
      start,
      end + 1,
    );
  }
  if (raw.includes('.')) {
    push('float', start, end, Number(raw));
    return end;
  }
  const digits = raw.replace(/^[+-]/, '');
  if (digits.length > 1 && digits.startsWith('0')) {
    throw new PatternSyntaxError(
      `integer ${raw} has a leading zero: write it without one`,
      start,
      end,
    );
  }
  push('int', start, end, Number(raw));
  return end;
}
