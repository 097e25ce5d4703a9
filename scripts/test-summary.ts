/**
 * Prints one closing line for the whole test run, `Tests: N passed, N failed, N skipped`, from
 * the JSON reports of vitest and Playwright, so a reader (or CI) sees the total at a glance.
 */
import { readFileSync } from 'node:fs';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts from vitest's JSON reporter (Jest-compatible shape). */
export function vitestTotals(report: {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}): Totals {
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
  };
}

/** Counts from Playwright's JSON reporter: flaky tests passed on retry and count as passed. */
export function playwrightTotals(report: {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}): Totals {
  const s = report.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

function read(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const [vitestPath, playwrightPath] = process.argv.slice(2);
const parts: Totals[] = [];
const v = vitestPath ? read(vitestPath) : undefined;
if (v) parts.push(vitestTotals(v as Parameters<typeof vitestTotals>[0]));
const p = playwrightPath ? read(playwrightPath) : undefined;
if (p) parts.push(playwrightTotals(p as Parameters<typeof playwrightTotals>[0]));
const sum = parts.reduce(
  (a, b) => ({
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`Tests: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
