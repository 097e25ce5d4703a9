// Mutation testing (`npm run mutate`): scripts/mutate.ts runs Stryker once per module with the
// test files that cover it (MUTATE_TESTS, read by vitest.mutate.config.ts) and its tsconfig.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // The TypeScript checker drops mutants that would not compile, at a cost of seconds per mutant
  // on two shared cores: on with MUTATE_TYPECHECK=1. Without it such mutants run as plain JS.
  checkers: process.env.MUTATE_TYPECHECK === '1' ? ['typescript'] : [],
  tsconfigFile: process.env.MUTATE_TSCONFIG ?? 'electron/tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 1,
  incremental: true,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: process.env.MUTATE_REPORT ?? 'reports/mutation/mutation.json' },
  timeoutMS: 15_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    'out',
    'dist',
    'docs',
    'build',
    'renderer',
    'test-results',
    'playwright-report',
    '.tmp',
    'reports',
  ],
};
