/**
 * Prints the closing lines of the whole test run from the JSON reports of vitest and Playwright:
 * Taxiway's own tests and the TAXII test server's tests (`e2e/server/**`) apart, so one does not
 * pass for the other, then the one overall `Tests: N passed, N failed, N skipped` line last, so a
 * reader (or CI) sees the total at a glance.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Where the test server's own tests live: they test the test tool, not Taxiway. */
const TEST_SERVER_DIR = 'e2e/server/';

/** One vitest test file's results, as the JSON reporter writes them. */
interface VitestFileResult {
  name: string;
  assertionResults: { status: string }[];
}

/** vitest's counts split into Taxiway's tests and the test server's (files under e2e/server/). */
export function splitVitestTotals(
  report: { testResults?: VitestFileResult[] },
  root: string,
): { product: Totals; testServer: Totals } {
  const product = zero();
  const testServer = zero();
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name).split(path.sep).join('/');
    const into = rel.startsWith(TEST_SERVER_DIR) ? testServer : product;
    for (const a of file.assertionResults) {
      if (a.status === 'passed') into.passed++;
      else if (a.status === 'failed') into.failed++;
      else into.skipped++;
    }
  }
  return { product, testServer };
}

function zero(): Totals {
  return { passed: 0, failed: 0, skipped: 0 };
}

/** `N passed, N failed, N skipped`. */
export function formatTotals(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

function add(a: Totals, b: Totals): Totals {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

/** Counts from Playwright's JSON reporter: flaky tests passed on retry and count as passed. */
export function playwrightTotals(report: {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}): Totals {
  const s = report.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

/** The summary lines for the two reports (either may be missing); the overall line is last. */
export function summaryLines(vitest: unknown, playwright: unknown, root: string): string[] {
  const lines: string[] = [];
  let product = zero();
  let testServer = zero();
  let total = zero();
  if (vitest) {
    const split = splitVitestTotals(vitest as { testResults?: VitestFileResult[] }, root);
    product = add(product, split.product);
    testServer = add(testServer, split.testServer);
    total = add(total, vitestTotals(vitest as Parameters<typeof vitestTotals>[0]));
  }
  if (playwright) {
    const browser = playwrightTotals(playwright as Parameters<typeof playwrightTotals>[0]);
    product = add(product, browser);
    total = add(total, browser);
  }
  lines.push(`Taxiway tests (unit and browser): ${formatTotals(product)}`);
  lines.push(`Test-server tests (${TEST_SERVER_DIR}): ${formatTotals(testServer)}`);
  lines.push(`Tests: ${formatTotals(total)}`);
  return lines;
}

function read(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [vitestPath, playwrightPath] = process.argv.slice(2);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const lines = summaryLines(
    vitestPath ? read(vitestPath) : undefined,
    playwrightPath ? read(playwrightPath) : undefined,
    root,
  );
  for (const line of lines) console.log(line);
}
