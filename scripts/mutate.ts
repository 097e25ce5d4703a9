/**
 * `npm run mutate [-- --mutate <file>[:<from>-<to>][,…]]`: Stryker over the modules where a silent break
 * costs users, one module at a time, each mutant run only against the test files that cover its
 * module (too slow for CI on two cores: run it before resolving an issue that touches them, and
 * record the scores in docs/mutation.md). `MUTATE=<file>` does the same as `--mutate`.
 * Incremental: results are kept per module in reports/mutation/, so a re-run tests only the
 * mutants whose code or tests changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TAXII = 'electron/services/taxii';
const CONN = 'electron/services/connections';

/** A module under mutation: what is mutated, the tests that pin it, the tsconfig that types it. */
interface MutationModule {
  name: string;
  mutate: string[];
  tests: string[];
  tsconfig?: string;
}

/** In priority order (issue note: publish first, shared/stix last). */
export const MODULES: MutationModule[] = [
  {
    name: 'publish',
    mutate: [`${TAXII}/publish.ts`, `${TAXII}/publish-outcomes.ts`],
    tests: [
      `${TAXII}/publish-outcomes.test.ts`,
      `${TAXII}/publish.test.ts`,
      `${TAXII}/publish-status.test.ts`,
    ],
  },
  {
    name: 'http',
    mutate: [`${TAXII}/http.ts`],
    tests: [
      `${TAXII}/http.test.ts`,
      `${TAXII}/http-writes.test.ts`,
      `${TAXII}/waits.test.ts`,
      `${TAXII}/credentials.test.ts`,
    ],
  },
  {
    name: 'paging',
    mutate: [`${TAXII}/paging.ts`],
    tests: [`${TAXII}/paging.test.ts`],
  },
  {
    name: 'dispatch',
    mutate: ['electron/app/dispatch.ts'],
    tests: ['electron/app/dispatch.test.ts', 'electron/app/call-registry.test.ts'],
  },
  {
    name: 'bridge-server',
    mutate: ['electron/web/bridge-server.ts'],
    tests: ['electron/web/bridge-server.test.ts', 'electron/web/bridge-limits.test.ts'],
  },
  {
    name: 'web-rules',
    mutate: ['electron/app/web-rules.ts'],
    tests: ['electron/app/web-rules.test.ts'],
  },
  {
    name: 'url-secrets',
    mutate: [`${CONN}/url-secrets.ts`],
    tests: [`${CONN}/url-secrets.test.ts`, `${CONN}/connection-options.test.ts`],
  },
  {
    name: 'profile-store',
    mutate: [`${CONN}/profile-store.ts`],
    tests: [`${CONN}/profile-store.test.ts`],
  },
  {
    name: 'profiles',
    mutate: [`${CONN}/profiles.ts`, `${CONN}/profile-secrets.ts`, `${CONN}/profile-transfer.ts`],
    tests: [`${CONN}/profiles.test.ts`, `${CONN}/profile-secrets-cleanup.test.ts`],
  },
  {
    name: 'keychain',
    mutate: ['electron/services/keychain.ts'],
    tests: ['electron/services/keychain.test.ts', 'electron/app/session-keychain.test.ts'],
  },
  {
    name: 'retry',
    mutate: [`${TAXII}/retry.ts`],
    tests: [`${TAXII}/retry.test.ts`, `${TAXII}/waits.test.ts`],
  },
  {
    name: 'responses',
    mutate: [`${TAXII}/responses.ts`],
    tests: [`${TAXII}/responses.test.ts`, `${TAXII}/errors.test.ts`, `${TAXII}/tolerance.test.ts`],
  },
  {
    name: 'shared-stix',
    mutate: ['shared/stix/*.ts', '!shared/stix/*.test.ts'],
    tests: ['shared/stix/bundle.test.ts'],
    tsconfig: 'shared/tsconfig.json',
  },
];

function chosen(argv: string[], env: NodeJS.ProcessEnv): MutationModule[] {
  const asked: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--mutate' && argv[i + 1]) asked.push(...(argv[++i] as string).split(','));
    else if (a.startsWith('--mutate=')) asked.push(...a.slice('--mutate='.length).split(','));
  }
  if (env.MUTATE) asked.push(...env.MUTATE.split(','));
  // `--tests <file>[,…]`: a narrower test set than the table's, for a module too slow to run
  // against all of its tests (say so next to its score).
  const t = argv.indexOf('--tests');
  const tests = t >= 0 && argv[t + 1] ? (argv[t + 1] as string).split(',') : undefined;
  const narrowed = (m: MutationModule): MutationModule => (tests ? { ...m, tests } : m);
  if (asked.length === 0) return MODULES.map(narrowed);
  return asked.map((asked) => narrowed(pick(asked)));
}

/** The module `asked` names: a table entry, a line range of one, or a file with its own test. */
function pick(asked: string): MutationModule {
  // `<file>:<from>-<to>` mutates those lines only (Stryker's syntax): a slow module in parts,
  // each part with its own report.
  const range = /^(.*):(\d+-\d+)$/.exec(asked);
  const file = range ? (range[1] as string) : asked;
  const rel = path.relative(ROOT, path.resolve(ROOT, file));
  if (range) {
    const m = MODULES.find((k) => k.name === file || k.mutate.includes(rel));
    if (!m) throw new Error(`no module known for ${rel}`);
    const only = m.mutate.length === 1 ? (m.mutate[0] as string) : rel;
    return { ...m, name: `${m.name}@${range[2]}`, mutate: [`${only}:${range[2]}`] };
  }
  const known = MODULES.find(
    (m) => m.name === file || m.mutate.includes(rel) || rel.startsWith('shared/stix/'),
  );
  if (known) return rel.startsWith('shared/stix/') ? { ...known, mutate: [rel] } : known;
  // Not in the table: its own *.test.ts beside it.
  const test = rel.replace(/\.ts$/, '.test.ts');
  if (!existsSync(path.join(ROOT, test))) throw new Error(`no tests known for ${rel}`);
  return { name: path.basename(rel, '.ts'), mutate: [rel], tests: [test] };
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

/** Stryker's score: (killed + timeout) / (killed + timeout + survived + no coverage). */
function score(reportFile: string): string {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const n: Record<string, number> = {};
  for (const f of Object.values(report.files))
    for (const m of f.mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  const detected = (n.Killed ?? 0) + (n.Timeout ?? 0);
  const valid = detected + (n.Survived ?? 0) + (n.NoCoverage ?? 0);
  const pct = valid === 0 ? 100 : (100 * detected) / valid;
  return `${pct.toFixed(1)}% (${detected}/${valid} killed; survived ${n.Survived ?? 0}, no coverage ${n.NoCoverage ?? 0})`;
}

const modules = chosen(process.argv.slice(2), process.env);
const outDir = path.join(ROOT, 'reports/mutation');
mkdirSync(outDir, { recursive: true });
const summary: string[] = [];
let failed = false;
for (const m of modules) {
  const report = path.join(outDir, `${m.name}.json`);
  console.log(`\nmutate: ${m.name} (${m.mutate.join(', ')}) against ${m.tests.join(', ')}`);
  const run = spawnSync(
    'npx',
    [
      'stryker',
      'run',
      'stryker.config.mjs',
      '--mutate',
      m.mutate.join(','),
      '--incrementalFile',
      path.join(outDir, `${m.name}.incremental.json`),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        MUTATE_TESTS: m.tests.join(','),
        MUTATE_TSCONFIG: m.tsconfig ?? 'electron/tsconfig.json',
        MUTATE_REPORT: report,
      },
    },
  );
  if (run.status !== 0 || !existsSync(report)) {
    failed = true;
    summary.push(`${m.name}: Stryker failed (exit ${run.status})`);
    continue;
  }
  summary.push(`${m.name}: ${score(report)}`);
}
console.log(`\nMutation scores:\n${summary.map((s) => `  ${s}`).join('\n')}`);
process.exitCode = failed ? 1 : 0;
