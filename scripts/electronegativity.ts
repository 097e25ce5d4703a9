/**
 * `@doyensec/electronegativity` over the Electron-facing code (the lint step). It scans a staging
 * copy of electron/main, electron/preload, electron/app and renderer/, with renderer/index.html
 * carrying the CSP exactly as the build injects it, so the real policy is what gets evaluated.
 * Every finding must be in scripts/electronegativity-allow.json with a reason; an allow-list
 * entry that no longer matches anything fails too, so the list stays true.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_DIRECTIVES } from '../electron/app/csp';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOW_FILE = path.join(REPO_ROOT, 'scripts/electronegativity-allow.json');

/** One explained finding. */
export interface AllowEntry {
  check: string;
  file: string;
  reason: string;
}

/** One finding as electronegativity reports it. */
export interface Finding {
  check: string;
  file: string;
  line: number;
  message: string;
}

/** The findings not explained by `allow`, and the entries of `allow` that matched nothing. */
export function compare(
  findings: Finding[],
  allow: AllowEntry[],
): { unexplained: Finding[]; stale: AllowEntry[] } {
  const matches = (f: Finding, a: AllowEntry) => f.check === a.check && f.file === a.file;
  return {
    unexplained: findings.filter((f) => !allow.some((a) => matches(f, a))),
    stale: allow.filter((a) => !findings.some((f) => matches(f, a))),
  };
}

function stage(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'taxiway-electronegativity-'));
  const copy = (from: string) =>
    cpSync(path.join(REPO_ROOT, from), path.join(dir, from), {
      recursive: true,
      filter: (src) => !/\.test\.tsx?$/.test(src),
    });
  for (const folder of ['electron/main', 'electron/preload', 'electron/app', 'renderer'])
    copy(folder);
  cpSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
  // The policy as the build puts it in the page (electron.vite.config.ts), from the one source.
  const policy = Object.entries(CSP_DIRECTIVES)
    .filter(([name]) => name !== 'frame-ancestors')
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
  const html = path.join(dir, 'renderer/index.html');
  writeFileSync(
    html,
    readFileSync(html, 'utf8').replace(
      '<head>',
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
    ),
  );
  mkdirSync(path.join(dir, 'report'));
  return dir;
}

function scan(dir: string): Finding[] {
  const report = path.join(dir, 'report', 'findings.sarif');
  const electronVersion = (
    JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  const result = spawnSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i',
      dir,
      '-r',
      '-e',
      electronVersion,
      '-o',
      report,
    ],
    { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
  );
  if (result.status !== 0)
    throw new Error(`electronegativity failed: ${result.stderr.split('\n')[0] ?? ''}`);
  const sarif = JSON.parse(readFileSync(report, 'utf8')) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        message: { text: string };
        locations: Array<{
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        }>;
      }>;
    }>;
  };
  return (sarif.runs[0]?.results ?? []).map((r) => {
    const loc = r.locations[0]?.physicalLocation;
    const uri = loc?.artifactLocation.uri ?? '';
    return {
      check: r.ruleId,
      file: uri.startsWith('file:') ? '(global)' : uri,
      line: loc?.region.startLine ?? 0,
      message: r.message.text,
    };
  });
}

function main(): number {
  const dir = stage();
  try {
    const findings = scan(dir);
    const allow = JSON.parse(readFileSync(ALLOW_FILE, 'utf8')) as AllowEntry[];
    const missingReason = allow.filter(
      (a) => typeof a.reason !== 'string' || a.reason.trim().length < 20,
    );
    const { unexplained, stale } = compare(findings, allow);
    for (const f of unexplained) {
      process.stderr.write(
        `electronegativity: ${f.check} in ${f.file}:${f.line}: ${f.message} (not in ${path.basename(ALLOW_FILE)})\n`,
      );
    }
    for (const a of stale) {
      process.stderr.write(
        `electronegativity: allow-list entry ${a.check} for ${a.file} matches nothing; remove it.\n`,
      );
    }
    for (const a of missingReason) {
      process.stderr.write(
        `electronegativity: allow-list entry ${a.check} for ${a.file} needs a real reason.\n`,
      );
    }
    if (unexplained.length + stale.length + missingReason.length > 0) return 1;
    process.stdout.write(
      `electronegativity: ${findings.length} findings, all explained in ${path.basename(ALLOW_FILE)}.\n`,
    );
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exit(main());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
