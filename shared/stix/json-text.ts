/**
 * JSON text parsing with a position a person can find: when `JSON.parse` fails, a small scanner
 * walks the text to the first error and reports its line, column and offset (V8's own messages
 * do not always carry a position, and never a line).
 */

/** Where and why JSON text is broken. Line and column are 1-based; column counts UTF-16 units. */
export interface JsonSyntaxProblem {
  message: string;
  offset: number;
  line: number;
  column: number;
}

/** The outcome of parsing JSON text. */
export type JsonParseResult =
  { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

/** Parses `text` as JSON; on failure says where the first syntax error is. A leading BOM is ignored. */
export function parseJsonText(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    const found = findJsonError(body);
    const offset = found?.offset ?? body.length;
    const message = found?.message ?? 'not valid JSON';
    const shift = body === text ? 0 : 1;
    return {
      ok: false,
      problem: { message, offset: offset + shift, ...lineColumn(text, offset + shift) },
    };
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the text ends too early';
  const c = text[i] as string;
  const shown = c === '\n' ? 'a line break' : /\s/.test(c) ? 'whitespace' : `'${c}'`;
  return `unexpected ${shown}`;
}

/** Finds the first syntax error of `text` (which JSON.parse rejected); undefined if none is found. */
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  type Frame = { kind: 'object' | 'array'; state: 'start' | 'value' | 'comma' | 'key' | 'colon' };
  const stack: Frame[] = [];
  const fail = (message: string): { offset: number; message: string } => ({ offset: i, message });

  const scanString = (): string | undefined => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return 'a \\u escape needs four hex digits';
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          return `'\\${e ?? ''}' is not a JSON escape`;
        }
      } else if (c < 32) {
        return 'a control character (such as a raw line break) inside a string; strings must be closed on the same line';
      } else i++;
    }
    return 'a string is never closed';
  };

  const scanNumber = (): string | undefined => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') return 'not a valid number';
    i += m[0].length;
    return undefined;
  };

  // Scans one value start; pushes a frame for containers. Returns an error message or undefined.
  const scanValue = (): string | undefined => {
    ws();
    if (i >= n) return 'the text ends where a value was expected';
    const c = text[i] as string;
    if (c === '{') {
      i++;
      stack.push({ kind: 'object', state: 'start' });
      return undefined;
    }
    if (c === '[') {
      i++;
      stack.push({ kind: 'array', state: 'start' });
      return undefined;
    }
    if (c === '"') return scanString();
    if (c === '-' || (c >= '0' && c <= '9')) return scanNumber();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    return `${describe(text, i)} where a value was expected`;
  };

  // A parent's state is set to 'value' before its child is scanned, so closing a container needs
  // no bookkeeping beyond popping it.
  let err = scanValue();
  if (err) return fail(err);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    ws();
    if (i >= n)
      return fail(
        `the text ends inside an unfinished ${top.kind}; a closing ${top.kind === 'object' ? "'}'" : "']'"} is missing`,
      );
    const c = text[i] as string;
    if (top.kind === 'array') {
      if ((top.state === 'start' || top.state === 'value') && c === ']') {
        i++;
        stack.pop();
        continue;
      }
      if (top.state === 'value') {
        if (c !== ',') return fail(`${describe(text, i)}; expected ',' or ']' after an array item`);
        i++;
        top.state = 'comma';
        continue;
      }
      if (top.state === 'comma' && c === ']')
        return fail("a trailing comma before ']' is not allowed in JSON");
      top.state = 'value';
      err = scanValue();
      if (err) return fail(err);
      continue;
    }
    // object
    if (top.state === 'start' || top.state === 'comma') {
      if (c === '}' && top.state === 'start') {
        i++;
        stack.pop();
        continue;
      }
      if (c === '}') return fail("a trailing comma before '}' is not allowed in JSON");
      if (c !== '"') return fail(`${describe(text, i)}; expected a property name in double quotes`);
      err = scanString();
      if (err) return fail(err);
      top.state = 'key';
      continue;
    }
    if (top.state === 'key') {
      if (c !== ':') return fail(`${describe(text, i)}; expected ':' after a property name`);
      i++;
      top.state = 'value';
      err = scanValue();
      if (err) return fail(err);
      continue;
    }
    // state 'value': after a property value
    if (c === '}') {
      i++;
      stack.pop();
      continue;
    }
    if (c !== ',') return fail(`${describe(text, i)}; expected ',' or '}' after a property value`);
    i++;
    top.state = 'comma';
  }
  ws();
  if (i < n) return fail(`${describe(text, i)} after the end of the JSON value`);
  return undefined;
}
