/**
 * The conformance report: what `taxiway check` and the app's server check produce, as plain data
 * (one line per check: pass, fail or warn, the clause of the specification, what was checked and
 * what the server sent), plus its three renderings: text for a terminal, Markdown to paste into
 * a ticket, JSON for machines. A `fail` is a broken MUST; a `warn` is a SHOULD, a MAY with
 * consequences, or a known field quirk. "Every MUST holds" means: no line failed.
 */

/** A check's verdict. */
export type CheckStatus = 'pass' | 'fail' | 'warn';

/** How strongly the specification asks for what was checked. */
export type CheckLevel = 'MUST' | 'SHOULD' | 'MAY';

/** One line of the report. */
export interface CheckLine {
  /** Stable id, e.g. `discovery.media-type`. */
  id: string;
  status: CheckStatus;
  level: CheckLevel;
  /** The clause checked, e.g. `TAXII 2.1 §3.1`. */
  clause: string;
  /** What was checked, in plain words. */
  checked: string;
  /** What the server sent (status, Content-Type, the offending value…). */
  observed: string;
  /** A known misbehaviour this line recognised, by name (e.g. `numeric-next`). */
  finding?: string;
  /** The URL checked, without credentials. */
  url?: string;
}

/** The whole report. */
export interface ConformanceReport {
  v: 1;
  /** The URL given, without credentials. */
  target: string;
  startedAt: string;
  durationMs: number;
  /** The TAXII version the server was checked in. */
  taxiiVersion?: '2.1' | '2.0';
  discoveryUrl?: string;
  apiRoot?: string;
  collection?: string;
  writeCollection?: string;
  lines: CheckLine[];
  /** What was not checked, and why. */
  skipped: string[];
  /** Known misbehaviours found (the `finding` of the lines, once each). */
  findings: string[];
  summary: { pass: number; fail: number; warn: number };
  /** True when no line failed: every MUST checked holds. */
  mustsHold: boolean;
  /** HTTP requests the check made. */
  requests: number;
}

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
