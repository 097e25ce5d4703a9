/**
 * The conformance report: what `taxiway check` and the app's server check produce, as plain data
 * (one line per check: pass, fail or warn, the clause of the specification, what was checked and
 * what the server sent), plus its three renderings: text for a terminal, Markdown to paste into
 * a ticket, JSON for machines. A `fail` is a broken MUST; a `warn` is a SHOULD, a MAY with
 * consequences, or a known field quirk. "Every MUST holds" means: no line failed.
 */
import { z } from 'zod';

/** A check's verdict. */
export const CheckStatus = z.enum(['pass', 'fail', 'warn']);
/** A check's verdict. */
export type CheckStatus = z.infer<typeof CheckStatus>;

/** How strongly the specification asks for what was checked. */
export const CheckLevel = z.enum(['MUST', 'SHOULD', 'MAY']);
/** How strongly the specification asks for what was checked. */
export type CheckLevel = z.infer<typeof CheckLevel>;

/** One line of the report. */
export const CheckLine = z.strictObject({
  /** Stable id, e.g. `discovery.media-type`. */
  id: z.string(),
  status: CheckStatus,
  level: CheckLevel,
  /** The clause checked, e.g. `TAXII 2.1 §3.1`. */
  clause: z.string(),
  /** What was checked, in plain words. */
  checked: z.string(),
  /** What the server sent (status, Content-Type, the offending value…). */
  observed: z.string(),
  /** A known misbehaviour this line recognised, by name (e.g. `numeric-next`). */
  finding: z.string().optional(),
  /** The URL checked, without credentials. */
  url: z.string().optional(),
});
/** One line of the report. */
export type CheckLine = z.infer<typeof CheckLine>;

/** The whole report: every line, what was skipped, the verdict. */
export const ConformanceReport = z.strictObject({
  v: z.literal(1),
  /** The URL given, without credentials. */
  target: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  /** The TAXII version the server was checked in. */
  taxiiVersion: z.enum(['2.1', '2.0']).optional(),
  discoveryUrl: z.string().optional(),
  apiRoot: z.string().optional(),
  collection: z.string().optional(),
  writeCollection: z.string().optional(),
  lines: z.array(CheckLine).max(2000),
  /** What was not checked, and why. */
  skipped: z.array(z.string()).max(200),
  /** Known misbehaviours found (the `finding` of the lines, once each). */
  findings: z.array(z.string()).max(200),
  summary: z.strictObject({ pass: z.number(), fail: z.number(), warn: z.number() }),
  /** True when no line failed: every MUST checked holds. */
  mustsHold: z.boolean(),
  /** HTTP requests the check made. */
  requests: z.number(),
});
/** The whole report. */
export type ConformanceReport = z.infer<typeof ConformanceReport>;

/** Fills `summary`, `findings` and `mustsHold` from the lines. */
export function summarise(
  report: Omit<ConformanceReport, 'summary' | 'findings' | 'mustsHold'>,
): ConformanceReport {
  const summary = { pass: 0, fail: 0, warn: 0 };
  const findings: string[] = [];
  for (const line of report.lines) {
    summary[line.status]++;
    if (line.finding && !findings.includes(line.finding)) findings.push(line.finding);
  }
  return { ...report, summary, findings, mustsHold: summary.fail === 0 };
}

const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' };

function heading(r: ConformanceReport): string[] {
  const out = [`TAXII ${r.taxiiVersion ?? '2.1'} conformance check of ${r.target}`];
  if (r.apiRoot) out.push(`API root: ${r.apiRoot}`);
  if (r.collection) out.push(`Collection: ${r.collection}`);
  if (r.writeCollection) out.push(`Writable collection: ${r.writeCollection}`);
  out.push(
    `${r.startedAt}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.requests} request${r.requests === 1 ? '' : 's'}`,
  );
  return out;
}

function verdict(r: ConformanceReport): string {
  const counts = `${r.summary.pass} passed, ${r.summary.fail} failed, ${r.summary.warn} warning${r.summary.warn === 1 ? '' : 's'}`;
  return r.mustsHold
    ? `Every MUST checked holds (${counts}).`
    : `Some MUSTs do not hold (${counts}).`;
}

/** The report for a terminal: one line per check, then what was found and skipped. */
export function renderText(r: ConformanceReport): string {
  const lines = [...heading(r), ''];
  for (const l of r.lines) {
    lines.push(`${MARK[l.status]}  ${l.id}  [${l.level}, ${l.clause}]`);
    lines.push(`      checked:  ${l.checked}`);
    lines.push(`      observed: ${l.observed}${l.finding ? `  (${l.finding})` : ''}`);
  }
  if (r.findings.length > 0) lines.push('', `Known quirks found: ${r.findings.join(', ')}`);
  if (r.skipped.length > 0) lines.push('', 'Not checked:', ...r.skipped.map((s) => `  - ${s}`));
  lines.push('', verdict(r));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The report as Markdown: a table of checks, then findings and what was skipped. */
export function renderMarkdown(r: ConformanceReport): string {
  const [title, ...rest] = heading(r);
  const lines = [`# ${title}`, '', ...rest.map((x) => `- ${x}`), '', `**${verdict(r)}**`, ''];
  lines.push('| Result | Check | Level | Clause | Checked | Observed |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const l of r.lines) {
    const observed = `${l.observed}${l.finding ? ` (\`${l.finding}\`)` : ''}`;
    lines.push(
      `| ${MARK[l.status]} | \`${l.id}\` | ${l.level} | ${cell(l.clause)} | ${cell(l.checked)} | ${cell(observed)} |`,
    );
  }
  if (r.findings.length > 0)
    lines.push('', '## Known quirks found', '', ...r.findings.map((f) => `- \`${f}\``));
  if (r.skipped.length > 0) lines.push('', '## Not checked', '', ...r.skipped.map((s) => `- ${s}`));
  return `${lines.join('\n')}\n`;
}

/** The report as JSON (pretty-printed). */
export function renderJson(r: ConformanceReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
