/**
 * A connection test as it runs: each step (settings, name lookup, TCP, TLS, authentication,
 * discovery, API roots, collections) with its outcome; the step that failed says why and what to
 * do. A server certificate that is not trusted is described (subject, issuer, validity,
 * fingerprint) so the person can decide to pin it.
 */
import { Badge } from '../../components/badge';
import type { Progress, Result } from '../../../shared/contract';
import { formatDuration } from '../../components/format';

type Step = Progress<'connections.test'>;
type Certificate = NonNullable<Result<'connections.test'>['certificate']>;

const ICON: Record<Step['status'], string> = { ok: '✓', failed: '✗', skipped: '–' };

/** The list of steps; `running` is the label of the step under way, if any. */
export function TestSteps({ steps, running }: { steps: readonly Step[]; running: boolean }) {
  return (
    <ol className="test-steps" aria-label="Connection test steps" data-testid="test-steps">
      {steps.map((s) => (
        <li
          key={s.step}
          className={`step step-${s.status}`}
          data-status={s.status}
          data-step={s.step}
        >
          <span className="step-icon" aria-hidden="true">
            {ICON[s.status]}
          </span>
          <div className="step-body">
            <div className="step-head">
              <span className="step-label">{s.label}</span>
              <span className="sr-only"> {s.status}</span>
              <span className="muted small">{formatDuration(s.durationMs)}</span>
            </div>
            <p className="step-message">{s.error?.message ?? s.detail}</p>
            {s.error?.hint && <p className="step-hint">{s.error.hint}</p>}
            {s.error?.taxii && !s.error.message.includes(s.error.taxii.title) && (
              <p className="step-hint">
                Server said: <strong>{s.error.taxii.title}</strong>
                {s.error.taxii.description ? ` — ${s.error.taxii.description}` : ''}
              </p>
            )}
            {s.details && Object.keys(s.details).length > 0 && (
              <dl className="facts small">
                {Object.entries(s.details).map(([k, v]) => (
                  <div key={k} className="error-fact-row">
                    <dt>{k}</dt>
                    <dd className="mono break">{String(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </li>
      ))}
      {running && (
        <li className="step step-running">
          <span className="step-icon" aria-hidden="true">
            <span className="spinner" />
          </span>
          <div className="step-body">
            <span className="muted">Testing…</span>
          </div>
        </li>
      )}
    </ol>
  );
}

/** The server certificate a test saw, with a button to pin it when it is not trusted. */
export function CertificateCard({
  certificate: c,
  onPin,
}: {
  certificate: Certificate;
  onPin?: (fingerprint: string) => void;
}) {
  return (
    <section className="certificate" aria-label="Server certificate" data-testid="certificate">
      <h4>
        Server certificate{' '}
        <Badge tone={c.trusted ? 'ok' : 'danger'}>{c.trusted ? 'trusted' : 'not trusted'}</Badge>
      </h4>
      {c.trustProblem && <p className="field-error">{c.trustProblem.message}</p>}
      <dl className="facts small">
        <dt>Subject</dt>
        <dd className="mono break">{c.subject}</dd>
        <dt>Issuer</dt>
        <dd className="mono break">{c.issuer}</dd>
        <dt>Valid</dt>
        <dd>
          {c.validFrom} → {c.validTo}
          {c.expired && <Badge tone="danger">expired</Badge>}
          {c.notYetValid && <Badge tone="warn">not yet valid</Badge>}
        </dd>
        {c.subjectAltNames.length > 0 && (
          <>
            <dt>Names</dt>
            <dd className="mono break">{c.subjectAltNames.join(', ')}</dd>
          </>
        )}
        <dt>SHA-256</dt>
        <dd className="mono break">{c.fingerprint256}</dd>
        {c.pin && (
          <>
            <dt>Pin</dt>
            <dd>{c.pin.matches ? 'matches' : `does not match (expected ${c.pin.expected})`}</dd>
          </>
        )}
        <dt>Protocol</dt>
        <dd>
          {c.protocol} {c.cipher}
        </dd>
      </dl>
      {!c.trusted && onPin && (
        <button type="button" className="btn small" onClick={() => onPin(c.fingerprint256)}>
          Trust this certificate (pin its SHA-256)
        </button>
      )}
    </section>
  );
}
