import { describe, expect, it } from 'vitest';
import { splitVitestTotals, summaryLines } from './test-summary';

const root = '/repo';
const vitest = {
  numPassedTests: 4,
  numFailedTests: 1,
  numPendingTests: 1,
  testResults: [
    {
      name: '/repo/electron/services/taxii/http.test.ts',
      assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }],
    },
    { name: '/repo/e2e/server/paging.test.ts', assertionResults: [{ status: 'passed' }] },
    { name: '/repo/e2e/contract/suite.test.ts', assertionResults: [{ status: 'passed' }] },
    { name: '/repo/e2e/server-other.test.ts', assertionResults: [{ status: 'passed' }] },
  ],
};
const playwright = { stats: { expected: 3, unexpected: 0, flaky: 1, skipped: 2 } };

describe('the test summary', () => {
  it('counts only files under e2e/server/ as test-server tests', () => {
    expect(splitVitestTotals(vitest, root)).toEqual({
      product: { passed: 3, failed: 1, skipped: 1 },
      testServer: { passed: 1, failed: 0, skipped: 0 },
    });
  });

  it('reports Taxiway and test-server tests apart, and the overall line last', () => {
    expect(summaryLines(vitest, playwright, root)).toEqual([
      'Taxiway tests (unit and browser): 7 passed, 1 failed, 3 skipped',
      'Test-server tests (e2e/server/): 1 passed, 0 failed, 0 skipped',
      'Tests: 8 passed, 1 failed, 3 skipped',
    ]);
  });

  it('still ends with the overall line when a report is missing', () => {
    expect(summaryLines(undefined, playwright, root).at(-1)).toBe(
      'Tests: 4 passed, 0 failed, 2 skipped',
    );
  });
});
