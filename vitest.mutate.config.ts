import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The mutation run's tests: only those named in MUTATE_TESTS (comma-separated), one worker.
const tests = (process.env.MUTATE_TESTS ?? '').split(',').filter(Boolean);
if (tests.length === 0) throw new Error('MUTATE_TESTS names no test files (run npm run mutate)');

export default defineConfig({
  test: { ...base.test, include: tests, maxWorkers: 1 },
});
