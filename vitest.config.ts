import { defineConfig } from 'vitest/config';

// Node-side tests: services, app glue, CLI, test server, contract suite, and the renderer's pure modules. Browser flows are Playwright's (e2e/**/*.spec.ts).
export default defineConfig({
  test: {
    include: ['{shared,electron,e2e,bench,scripts,renderer}/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
