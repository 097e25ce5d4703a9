/**
 * The conformance probe (plain Node): a checklist run against a TAXII 2.1 server, for server
 * owners. The report is data (shared/taxii/conformance.ts) with text, Markdown and JSON renderings.
 *
 * ```ts
 * const report = await runConformance('https://taxii.example.com/', { connection, writeCollection });
 * process.stdout.write(renderReport(report, 'text'));
 * process.exitCode = report.mustsHold ? 0 : 1;
 * ```
 */
export { runConformance, renderReport, failures, checkFormat } from './probe';
export type { ProbeOptions } from './probe';
export type {
  CheckLine,
  CheckLevel,
  CheckStatus,
  ConformanceReport,
} from '../../../shared/taxii/conformance';
