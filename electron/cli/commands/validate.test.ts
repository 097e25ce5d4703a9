/**
 * `taxiway validate` end to end: the real command in a child process, on files in a temp folder,
 * on standard input, and on the OASIS examples and MITRE ATT&CK for ICS read where they lie.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, taxiway, tempFolder } from '../test-cli';

type Report = {
  valid: boolean;
  problems?: { severity: string; rule: string; path: string; message: string }[];
  objects: {
    index: number;
    id: string | null;
    type: string | null;
    valid: boolean;
    problems: { severity: string; rule: string; path: string; message: string }[];
  }[];
};

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
const bundle = (objects: unknown[]): string =>
  JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

let dir: string;
let cleanup: () => Promise<void>;
const file = async (name: string, text: string): Promise<string> => {
  const full = path.join(dir, name);
  await writeFile(full, text);
  return full;
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempFolder('taxiway-validate-'));
});
afterAll(async () => {
  await cleanup();
});

describe('taxiway validate', () => {
  it('prints one JSON entry per object in input order, with the bundle’s own problems, and exits 1 on a MUST', async () => {
    const objects: Record<string, unknown>[] = [
      tool(1),
      tool(2, { created: '2024-01-31 12:00' }),
      tool(3, { tool_types: ['lockpick'] }),
    ];
    const f = await file(
      'mixed.json',
      JSON.stringify({ type: 'bundle', id: 'bundle--x', objects: [...objects, 'not an object'] }),
    );
    const run = await taxiway(['validate', '--format', 'json', f]);
    expect(run.code).toBe(1);
    const report = run.json<Report>();
    expect(Object.keys(report)).toEqual(['valid', 'problems', 'objects']);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      {
        severity: 'error',
        rule: 'bundle-id',
        path: '$.id',
        message: expect.stringContaining('bundle--<UUID>'),
      },
    ]);
    expect(report.objects.map((o) => [o.index, o.id, o.type, o.valid])).toEqual([
      [0, objects[0]!.id, 'tool', true],
      [1, objects[1]!.id, 'tool', false],
      [2, objects[2]!.id, 'tool', true],
      [3, null, null, false],
    ]);
    expect(Object.keys(report.objects[0]!)).toEqual(['index', 'id', 'type', 'valid', 'problems']);
    expect(report.objects[1]!.problems).toEqual([
      {
        severity: 'error',
        rule: 'timestamp-format',
        path: '$.objects[1].created',
        message: expect.stringMatching(/not an RFC 3339 UTC timestamp/),
      },
    ]);
    expect(report.objects[2]!.problems.map((p) => [p.severity, p.rule, p.path])).toEqual([
      ['warning', 'open-vocabulary', '$.objects[2].tool_types[0]'],
    ]);
    for (const o of report.objects)
      for (const p of o.problems)
        expect(Object.keys(p)).toEqual(['severity', 'rule', 'path', 'message']);
  });

  it('exits 0 when only warnings are found, and says so in text', async () => {
    const f = await file('warn.json', bundle([tool(1, { tool_types: ['lockpick'] }), tool(2)]));
    const run = await taxiway(['validate', f]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warning $.objects[0].tool_types[0]:');
    expect(run.stdout).toContain('[open-vocabulary]');
    expect(run.stdout).toMatch(/: valid: 2 objects \(bundle\), 0 invalid; 0 errors, 1 warning\n$/);
  });

  it('lists each invalid object and its errors in text', async () => {
    const pattern = "[file:name = 'a'] WITHIN 0 SECONDS";
    const indicator = {
      ...tool(1),
      type: 'indicator',
      id: 'indicator--6b2a4c5d-0e1f-4a2b-8c3d-000000000001',
      pattern,
      pattern_type: 'stix',
      valid_from: T,
    };
    delete (indicator as Record<string, unknown>).name;
    const f = await file('bad-pattern.json', JSON.stringify(indicator));
    const run = await taxiway(['validate', f]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`INVALID object 0: indicator ${indicator.id}`);
    expect(run.stdout).toContain(
      'error   $.pattern: pattern at column 26: WITHIN needs a positive number of seconds',
    );
    expect(run.stdout).toMatch(/NOT valid: 1 object \(object\), 1 invalid; 1 error, 0 warnings\n$/);
  });

  it('reads NDJSON from standard input; a single object has no top-level problems', async () => {
    const ndjson = [tool(1), tool(2, { name: 5 }), tool(3)]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const run = await taxiway(['validate', '-', '--format', 'json'], { stdin: `${ndjson}\n` });
    expect(run.code).toBe(1);
    const report = run.json<Report>();
    expect(Object.keys(report)).toEqual(['valid', 'objects']);
    expect(report.objects.map((o) => [o.index, o.valid])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    const one = await taxiway(['validate', '-', '--format', 'json'], {
      stdin: JSON.stringify(tool(1)),
    });
    expect(one.code).toBe(0);
    expect(one.json<Report>()).toEqual({
      valid: true,
      objects: [{ index: 0, id: tool(1).id, type: 'tool', valid: true, problems: [] }],
    });
  });

  it('exits 2 with the line and column of broken JSON, and for a missing file', async () => {
    const f = await file(
      'broken.json',
      '{\n  "type": "bundle",\n  "objects": [\n    {"type": "tool",}\n  ]\n}',
    );
    const run = await taxiway(['validate', f]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/is not valid JSON: .*trailing comma.* at line 4, column 21/);
    const missing = await taxiway(['validate', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot be read \(no such file\)/);
    const format = await taxiway(['validate', f, '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of text, json/);
  });

  it('lets no control character or bidi override from the input reach the terminal', async () => {
    const evil = '\u001b]0;owned\u0007\u001b[2J\u202e\u009b';
    const objects = [
      tool(1, { [`x_${evil}`]: 1, name: 5 }),
      { type: `x-${evil}`, id: `${evil}--1` },
    ];
    const f = await file('evil.json', bundle(objects));
    for (const format of ['text', 'json']) {
      const run = await taxiway(['validate', f, '--format', format]);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
      );
      if (format === 'json') {
        const report = run.json<Report>();
        expect(report.objects[0]!.problems.map((p) => p.path)).toContain(
          `$.objects[0][${JSON.stringify(`x_${evil}`)}]`,
        );
        expect(report.objects[1]!.type).toBe(`x-${evil}`);
      } else {
        expect(run.stdout).toContain('\\u001b]0;owned\\u0007');
      }
    }
  });
});

describe('the reference data validates clean of MUST errors', () => {
  const files = [
    'oasis-stix-examples/examples/threat-reports/poisonivy.json',
    'mitre-attack-ics/ics-attack-16.1.json',
    'mitre-attack-ics/ics-attack-18.1.json',
  ];
  it.each(files)('%s', async (name) => {
    const full = path.join(SHARED_DATA, name);
    const input = JSON.parse(await readFile(full, 'utf8')) as { objects: { id: string }[] };
    const run = await taxiway(['validate', full, '--format', 'json']);
    const report = run.json<Report>();
    const errors = report.objects.flatMap((o) => o.problems.filter((p) => p.severity === 'error'));
    expect(errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.valid).toBe(true);
    expect(report.objects.map((o) => o.id)).toEqual(input.objects.map((o) => o.id));
  });
});
