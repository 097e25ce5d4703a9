/**
 * A conformance report on screen: the verdict and counts, the misbehaviours recognised by name,
 * what was not checked and why, and every line (status, level, clause, what was checked, what
 * the server sent), optionally only the failures and warnings.
 */
import { Badge, toneOf } from '../../components/badge';
import { useState, type ReactNode } from 'react';
import { formatCount } from '../../components/format';
import type { CheckLine, ConformanceReport } from '../../queries/checks';
import { inAppWords } from './app-wording';

const STATUS_WORDS: Record<CheckLine['status'], string> = {
  pass: 'Pass',
  fail: 'Fail',
  warn: 'Warn',
};

/** Counts of the lines by status. */
export function countLines(lines: readonly CheckLine[]): Record<CheckLine['status'], number> {
  const out = { pass: 0, fail: 0, warn: 0 };
  for (const l of lines) out[l.status]++;
  return out;
}

function Verdict({ report }: { report: ConformanceReport }) {
  const { fail, warn } = report.summary;
  return (
    <p
      className={report.mustsHold ? 'check-verdict ok' : 'check-verdict failed'}
      data-testid="check-verdict"
    >
      {report.mustsHold
        ? warn === 0
          ? 'Every check passed.'
          : `Every MUST holds; ${formatCount(warn)} ${warn === 1 ? 'warning' : 'warnings'}.`
        : `${formatCount(fail)} ${fail === 1 ? 'check fails' : 'checks fail'}: the server breaks the specification.`}
    </p>
  );
}

/** The report (when finished) and its lines (as they arrive while it runs). */
export function CheckReportView({
  report,
  lines,
  actions,
}: {
  report: ConformanceReport | undefined;
  lines: readonly CheckLine[];
  /** Shown beside the counts (the export buttons). */
  actions?: ReactNode;
}) {
  const [problemsOnly, setProblemsOnly] = useState(false);
  const counts = report?.summary ?? countLines(lines);
  const shown = problemsOnly ? lines.filter((l) => l.status !== 'pass') : lines;
  return (
    <section className="check-report" aria-label="Report" data-testid="check-report">
      {report && <Verdict report={report} />}
      <div className="check-summary" data-testid="check-summary">
        <Badge tone="ok">{formatCount(counts.pass)} pass</Badge>
        <Badge tone={counts.fail ? 'danger' : 'plain'}>{formatCount(counts.fail)} fail</Badge>
        <Badge tone={counts.warn ? 'warn' : 'plain'}>{formatCount(counts.warn)} warn</Badge>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => setProblemsOnly(e.target.checked)}
          />
          Only failures and warnings
        </label>
        {actions && <span className="spacer" />}
        {actions}
      </div>
      {report && (
        <dl className="facts small">
          <dt>Checked</dt>
          <dd className="mono break">{report.target}</dd>
          {report.apiRoot && (
            <>
              <dt>API root</dt>
              <dd className="mono break">{report.apiRoot}</dd>
            </>
          )}
          {report.collection && (
            <>
              <dt>Collection</dt>
              <dd className="mono break">{report.collection}</dd>
            </>
          )}
          {report.writeCollection && (
            <>
              <dt>Writes to</dt>
              <dd className="mono break">{report.writeCollection}</dd>
            </>
          )}
          <dt>Started</dt>
          <dd>{report.startedAt}</dd>
        </dl>
      )}
      {report && report.findings.length > 0 && (
        <div className="check-findings" data-testid="check-findings">
          <h3>Misbehaviours recognised</h3>
          <ul className="chips">
            {report.findings.map((f) => (
              <li key={f} className="badge warn mono">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report && report.skipped.length > 0 && (
        <div data-testid="check-skipped">
          <h3>Not checked</h3>
          <ul className="plain-list small">
            {report.skipped.map((s) => (
              <li key={s}>{inAppWords(s)}</li>
            ))}
          </ul>
        </div>
      )}
      <table className="plain-table check-table" data-testid="check-lines">
        <thead>
          <tr>
            <th scope="col">Result</th>
            <th scope="col">Level</th>
            <th scope="col">Clause</th>
            <th scope="col">What was checked</th>
            <th scope="col">What the server sent</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l, i) => (
            <tr key={`${l.id}-${i}`} className={`check-${l.status}`} data-testid="check-line">
              <td>
                <Badge tone={toneOf(l.status, 'pass', 'fail')}>{STATUS_WORDS[l.status]}</Badge>
              </td>
              <td className="small">{l.level}</td>
              <td className="small nowrap">{l.clause}</td>
              <td>
                {l.checked}
                {l.url && <div className="muted small mono break">{l.url}</div>}
              </td>
              <td className="break">
                {l.observed}
                {l.finding && (
                  <div>
                    <span className="badge warn mono">{l.finding}</span>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && problemsOnly && (
        <p className="muted" data-testid="no-problems">
          No failures or warnings.
        </p>
      )}
    </section>
  );
}
