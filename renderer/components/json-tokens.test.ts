import { describe, expect, it } from 'vitest';
import { tokenizeJson } from './json-tokens';

describe('JSON highlighting tokens', () => {
  it('gives back the exact text and tells keys from string values', () => {
    const text =
      '{\n  "name": "a \\"quoted\\" \\\\ value",\n  "n": -1.5e3,\n  "ok": true,\n  "none": null,\n  "list": [1, "x"]\n}';
    const tokens = tokenizeJson(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.filter((t) => t.kind === 'key').map((t) => t.text)).toEqual([
      '"name"',
      '"n"',
      '"ok"',
      '"none"',
      '"list"',
    ]);
    expect(tokens.find((t) => t.kind === 'number')?.text).toBe('-1.5e3');
    expect(tokens.filter((t) => t.kind === 'literal').map((t) => t.text)).toEqual(['true', 'null']);
  });

  it('keeps markup inside strings as one string token', () => {
    const tokens = tokenizeJson('{"name": "<img src=x onerror=alert(1)>"}');
    expect(tokens).toContainEqual({ kind: 'string', text: '"<img src=x onerror=alert(1)>"' });
  });

  it('does not throw on broken input and still covers every character', () => {
    const text = '{"a": tru, "b": "unterminated';
    expect(
      tokenizeJson(text)
        .map((t) => t.text)
        .join(''),
    ).toBe(text);
  });
});
