import { describe, expect, it } from 'vitest';
import { validateText, validateValue } from './input';

const T = '2024-01-31T12:00:00.000Z';
const tool = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'tool',
  spec_version: '2.1',
  id: `tool--6b2a4c5d-0e1f-4a2b-8c3d-${String(n).padStart(12, '0')}`,
  created: T,
  modified: T,
  name: `tool ${n}`,
  ...extra,
});
const BUNDLE_ID = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d';

describe('the forms of input', () => {
  it('reads a bundle: its objects in order, with paths under $.objects', () => {
    const r = validateValue({
      type: 'bundle',
      id: BUNDLE_ID,
      objects: [tool(1), tool(2, { name: 7 })],
    });
    expect(r).toMatchObject({ valid: false, form: 'bundle', problems: [] });
    expect(r.objects.map((o) => [o.index, o.id, o.type, o.valid])).toEqual([
      [0, tool(1).id, 'tool', true],
      [1, tool(2).id, 'tool', false],
    ]);
    expect(r.objects[1]!.problems.map((p) => p.path)).toEqual(['$.objects[1].name']);
  });

  it("reports a bundle's own problems apart from its objects' (§8)", () => {
    const r = validateValue({
      type: 'bundle',
      id: 'bundle--1',
      spec_version: '2.1',
      objects: [tool(1)],
      more: true,
    });
    expect(r.problems.map((p) => `${p.severity} ${p.rule} ${p.path}`)).toEqual([
      'error bundle-id $.id',
      'warning bundle-spec-version $.spec_version',
      'warning bundle-property $.more',
    ]);
    expect(r.valid).toBe(false);
    expect(r.objects[0]!.valid).toBe(true);
    expect(validateValue({ type: 'bundle', objects: [] }).problems.map((p) => p.rule)).toEqual([
      'bundle-id',
      'empty-list',
    ]);
    expect(
      validateValue({ type: 'bundle', id: BUNDLE_ID, objects: {} }).problems.map((p) => p.rule),
    ).toEqual(['objects-list']);
    expect(validateValue({ type: 'bundle', id: BUNDLE_ID }).valid).toBe(true);
  });

  it('warns of the same object version twice', () => {
    const r = validateValue({
      type: 'bundle',
      id: BUNDLE_ID,
      objects: [tool(1), tool(2), tool(1)],
    });
    expect(r.problems.map((p) => `${p.rule} ${p.path}`)).toEqual(['duplicate-object $.objects[2]']);
    expect(r.valid).toBe(true);
  });

  it('reads an envelope, a list and one object', () => {
    const env = validateValue({ objects: [tool(1)], more: false });
    expect(env).toMatchObject({ form: 'envelope', valid: true, problems: [] });
    expect(validateValue({}).form).toBe('envelope');
    const list = validateValue([tool(1), { ...tool(2), id: 'x' }]);
    expect(list.form).toBe('array');
    expect(list.objects[1]!.problems.map((p) => p.path)).toEqual(['$[1].id']);
    const one = validateValue(tool(3, { created: 'x' }));
    expect(one.form).toBe('object');
    expect(one.objects[0]!.problems.map((p) => p.path)).toEqual(['$.created']);
    const untyped = validateValue({ title: 'not STIX' });
    expect(untyped.objects[0]!.problems.map((p) => p.rule)).toEqual([
      'type-required',
      'id-required',
    ]);
  });

  it('reads NDJSON, one object per line, and says which line an object is on', () => {
    const text = `${JSON.stringify(tool(1))}\n\n${JSON.stringify(tool(2, { name: 1 }))}\r\n${JSON.stringify(tool(3))}\n`;
    const r = validateText(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.form).toBe('ndjson');
    expect(r.report.objects.map((o) => [o.index, o.line, o.valid])).toEqual([
      [0, 1, true],
      [1, 3, false],
      [2, 4, true],
    ]);
    expect(r.report.objects[1]!.problems[0]!.path).toBe('$.name');
  });

  it('gives the line and column of broken JSON, in a file or in an NDJSON line', () => {
    expect(validateText('{\n  "type": "tool",\n  "id": "x"\n  "name": "y"\n}')).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/expected ',' or '}'/), line: 4, column: 3 },
    });
    const nd = `${JSON.stringify(tool(1))}\n${JSON.stringify(tool(2))}\n{"type": "tool",}\n`;
    expect(validateText(nd)).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/trailing comma/), line: 3, column: 17 },
    });
    expect(validateText('')).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
    expect(validateText('[1, 2')).toMatchObject({ ok: false, error: { line: 1, column: 6 } });
  });
});
