/**
 * What `taxiway validate` prints: the JSON report of the issue's exact shape, or readable text.
 * Nothing from the input reaches a terminal raw: control characters (C0, DEL, C1) and bidi
 * overrides are shown as \u escapes in text and escaped in JSON.
 */
import type { ObjectReport, StixProblem, ValidationReport } from '../../../shared/stix/validate';
import { oneLineSafe, terminalSafe } from '../../../shared/terminal-safe';

/** One problem as the JSON report carries it. */
export interface ProblemJson {
  severity: StixProblem['severity'];
  rule: string;
  path: string;
  message: string;
}

/** The JSON report: one entry per input object, in input order. */
export interface ValidateJson {
  valid: boolean;
  /** The bundle's (or envelope's) own problems; absent for a list, one object or NDJSON. */
  problems?: ProblemJson[];
  objects: {
    index: number;
    id: string | null;
    type: string | null;
    valid: boolean;
    problems: ProblemJson[];
  }[];
}

function problemJson(p: StixProblem): ProblemJson {
  return { severity: p.severity, rule: p.rule, path: p.path, message: p.message };
}

/** The report in the JSON shape of `--format json`. */
export function reportJson(report: ValidationReport): ValidateJson {
  const wrapped = report.form === 'bundle' || report.form === 'envelope';
  return {
    valid: report.valid,
    ...(wrapped ? { problems: report.problems.map(problemJson) } : {}),
    objects: report.objects.map((o) => ({
      index: o.index,
      id: o.id ?? null,
      type: o.type ?? null,
      valid: o.valid,
      problems: o.problems.map(problemJson),
    })),
  };
}

/** JSON text of the report, indented, every unsafe character escaped (still valid JSON). */
export function renderJson(report: ValidationReport): string {
  return `${terminalSafe(JSON.stringify(reportJson(report), null, 2))}\n`;
}

function problemLine(p: StixProblem): string {
  return `  ${p.severity === 'error' ? 'error  ' : 'warning'} ${p.path}: ${p.message} [${p.rule}]`;
}

function objectTitle(o: ObjectReport): string {
  const where = o.line !== undefined ? `object ${o.index} (line ${o.line})` : `object ${o.index}`;
  const what = [o.type, o.id].filter(Boolean).join(' ');
  return `${where}${what ? `: ${what}` : ''}`;
}

/** Readable text: each object with problems, its problems, then one summary line. */
export function renderText(report: ValidationReport, source: string): string {
  const lines: string[] = [];
  if (report.problems.length > 0) {
    lines.push(`${report.form}:`);
    for (const p of report.problems) lines.push(problemLine(p));
  }
  let errors = report.problems.filter((p) => p.severity === 'error').length;
  let warnings = report.problems.length - errors;
  let invalid = 0;
  for (const o of report.objects) {
    if (o.problems.length === 0) continue;
    const e = o.problems.filter((p) => p.severity === 'error').length;
    errors += e;
    warnings += o.problems.length - e;
    if (!o.valid) invalid++;
    lines.push(`${o.valid ? 'warnings' : 'INVALID'} ${objectTitle(o)}`);
    for (const p of o.problems) lines.push(problemLine(p));
  }
  const n = report.objects.length;
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  lines.push(
    `${source}: ${report.valid ? 'valid' : 'NOT valid'}: ${plural(n, 'object')} (${report.form}), ${invalid} invalid; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.map(oneLineSafe).join('\n')}\n`;
}
