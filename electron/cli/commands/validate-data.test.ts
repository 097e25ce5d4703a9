/**
 * Every OASIS STIX 2.1 example and both MITRE ATT&CK for ICS releases, read where they lie in
 * ../shared/data, validate without a MUST error (warnings are allowed), object for object.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../shared/stix/validate';
import { REPO_ROOT, SHARED_DATA } from '../test-cli';

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? jsonFiles(path.join(dir, e.name))
        : e.name.endsWith('.json')
          ? [path.join(dir, e.name)]
          : [],
    ),
  );
  return nested.flat().sort();
}

const examples = await jsonFiles(path.join(SHARED_DATA, 'oasis-stix-examples', 'examples'));
const mitre = await jsonFiles(path.join(SHARED_DATA, 'mitre-attack-ics'));

describe('reference STIX data', () => {
  it('has the files this test expects', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(mitre.map((f) => path.basename(f))).toEqual([
      'ics-attack-16.1.json',
      'ics-attack-18.1.json',
    ]);
  });

  it.each([...examples, ...mitre].map((f) => [path.relative(SHARED_DATA, f), f]))(
    '%s has no MUST error',
    async (_name, full) => {
      const text = await readFile(full!, 'utf8');
      const result = validateText(text);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const errors = [
        ...result.report.problems,
        ...result.report.objects.flatMap((o) => o.problems),
      ].filter((p) => p.severity === 'error');
      expect(errors).toEqual([]);
      const input = JSON.parse(text) as { type?: string; objects?: unknown[] };
      expect(result.report.objects).toHaveLength(
        input.type === 'bundle' ? (input.objects?.length ?? 0) : 1,
      );
    },
  );
});

describe('docs/validation.md', () => {
  it('documents every rule the validator can report, with a clause', async () => {
    const dir = path.join(REPO_ROOT, 'shared', 'stix', 'validate');
    const sources = (await sourceFiles(dir)).filter((f) => !f.endsWith('.test.ts'));
    const code = (await Promise.all(sources.map((f) => readFile(f, 'utf8')))).join('\n');
    const rules = new Set<string>(['created-required', 'modified-required']);
    const re =
      /(?:error|warn)\(\s*'([a-z0-9-]+)'|add\(\s*'(?:error|warning)',\s*'([a-z0-9-]+)'|rule(?::| =) '([a-z0-9-]+)'/g;
    for (const m of code.matchAll(re)) rules.add((m[1] ?? m[2] ?? m[3])!);
    expect(rules.size).toBeGreaterThan(50);
    const doc = await readFile(path.join(REPO_ROOT, 'docs', 'validation.md'), 'utf8');
    for (const rule of rules) {
      const row = doc.split('\n').find((l) => new RegExp(`^\\| \`${rule}\` +\\|`).test(l));
      expect(row, rule).toMatch(/§\d/);
    }
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}
