/**
 * Add or edit a connection with every option the connection services support: how to reach the
 * server (discovery URL, DNS SRV, API root), TAXII version, authentication, TLS trust and client
 * certificate, proxy, timeout, page size, extra headers and secret URL parameters. Secrets go
 * straight to `connections.save` and are shown afterwards only as "set" / "not set".
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode } from 'react';
import type { Progress, Result } from '../../../shared/contract';
import type { ProfileSummary } from '../../../shared/profile';
import { isSecretName } from '../../../shared/secret-names';
import { ErrorView } from '../../components/error-view';
import { pinCertificate, saveConnection, testConnection } from '../../queries/connections';
import {
  emptyForm,
  formFromProfile,
  formProblems,
  secretChangesOf,
  settingsOf,
  withoutTypedSecrets,
  type FormState,
} from './form-model';
import { SecretField } from './secret-field';
import { CertificateCard, TestSteps } from './test-steps';

type Step = Progress<'connections.test'>;

function Field({
  label,
  problem,
  children,
  hint,
}: {
  label: string;
  problem?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
  hint?: string;
}) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, problem ? errId : undefined)}
      {hint && <p className="field-hint">{hint}</p>}
      {problem && (
        <p className="field-error" id={errId}>
          {problem}
        </p>
      )}
    </div>
  );
}

/** The form; `profile` absent means a new connection. */
export function ConnectionForm({
  profile,
  onSaved,
}: {
  profile: ProfileSummary | undefined;
  onSaved: (saved: ProfileSummary) => void;
}) {
  const qc = useQueryClient();
  const [form, setForm] = useState<FormState>(() =>
    profile ? formFromProfile(profile) : emptyForm(),
  );
  const [showProblems, setShowProblems] = useState(false);
  const [steps, setSteps] = useState<Step[]>([]);
  const [report, setReport] = useState<Result<'connections.test'> | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const testAbort = useRef<AbortController | null>(null);
  const resultRef = useRef<HTMLElement>(null);
  const save = useMutation(saveConnection(qc));
  const test = useMutation(testConnection());
  const pin = useMutation(pinCertificate(qc));

  const problems = formProblems(form);
  const problem = (path: string): string | undefined =>
    showProblems ? problems.get(path) : undefined;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]): void => {
    setSavedNote(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const removing = (key: string): boolean => form.remove.includes(key);
  const toggleRemove = (key: string) => (on: boolean) =>
    setForm((f) => ({ ...f, remove: on ? [...f.remove, key] : f.remove.filter((r) => r !== key) }));
  const secrets = profile?.secrets;

  const onSave = (): void => {
    setShowProblems(true);
    if (problems.size > 0) return;
    const secretChanges = secretChangesOf(form);
    save.mutate(
      {
        ...(profile ? { id: profile.id } : {}),
        settings: settingsOf(form),
        ...(Object.keys(secretChanges).length ? { secrets: secretChanges } : {}),
      },
      {
        onSuccess: (saved) => {
          // Typed secrets are now in the keychain; the form never holds them again.
          setForm(withoutTypedSecrets(formFromProfile(saved)));
          setSavedNote(`Saved “${saved.name}”.`);
          onSaved(saved);
        },
      },
    );
  };

  const onTest = (): void => {
    setShowProblems(true);
    if (problems.size > 0) return;
    const controller = new AbortController();
    testAbort.current = controller;
    setSteps([]);
    setReport(null);
    const secretChanges = secretChangesOf(form);
    test.mutate(
      {
        target: {
          ...(profile ? { id: profile.id } : {}),
          settings: settingsOf(form),
          ...(Object.keys(secretChanges).length ? { secrets: secretChanges } : {}),
        },
        onStep: (s) =>
          setSteps((old) => {
            const i = old.findIndex((o) => o.step === s.step);
            if (i === -1) return [...old, s];
            const next = old.slice();
            next[i] = s;
            return next;
          }),
        signal: controller.signal,
      },
      {
        onSuccess: (r) => {
          setReport(r);
          setSteps(r.steps);
          requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: 'nearest' }));
        },
      },
    );
  };

  const onPin = (fingerprint: string): void => {
    set('pinSha256', fingerprint);
    if (profile) pin.mutate({ id: profile.id, fingerprintSha256: fingerprint });
  };

  const failedStep = report?.steps.find((s) => s.status === 'failed');

  return (
    <form
      className="connection-form"
      aria-label={profile ? `Edit ${profile.name}` : 'New connection'}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      data-testid="connection-form"
      noValidate
    >
      <fieldset>
        <legend>Server</legend>
        <Field label="Name" problem={problem('name')}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              aria-invalid={d !== undefined}
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <div className="field">
          <span className="field-label" id="server-kind-label">
            Find the server by
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="server-kind-label">
            {(
              [
                ['discovery', 'Discovery URL'],
                ['srv', 'DNS SRV domain'],
                ['api-root', 'API root URL'],
              ] as const
            ).map(([k, l]) => (
              <label key={k}>
                <input
                  type="radio"
                  name="server-kind"
                  checked={form.serverKind === k}
                  onChange={() => set('serverKind', k)}
                />
                {l}
              </label>
            ))}
          </div>
        </div>
        {form.serverKind === 'srv' ? (
          <Field
            label="Domain"
            problem={problem('server.domain')}
            hint="Taxiway looks up _taxii2._tcp.<domain> (2.0: _taxii._tcp)."
          >
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="mono"
                placeholder="example.com"
                value={form.domain}
                onChange={(e) => set('domain', e.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field
            label={form.serverKind === 'discovery' ? 'Discovery URL' : 'API root URL'}
            problem={problem('server.url')}
            hint={
              form.serverKind === 'discovery'
                ? 'For example https://taxii.example.com/taxii2/ (TAXII 2.0: /taxii/).'
                : 'For servers without discovery: the API root itself.'
            }
          >
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="mono"
                placeholder="https://"
                value={form.url}
                onChange={(e) => set('url', e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="TAXII version">
          {(id) => (
            <select
              id={id}
              value={form.taxiiVersion}
              onChange={(e) => set('taxiiVersion', e.target.value as FormState['taxiiVersion'])}
            >
              <option value="auto">Detect automatically</option>
              <option value="2.1">2.1</option>
              <option value="2.0">2.0</option>
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Authentication</legend>
        <Field label="Method">
          {(id) => (
            <select
              id={id}
              value={form.authKind}
              onChange={(e) => set('authKind', e.target.value as FormState['authKind'])}
            >
              <option value="none">None</option>
              <option value="basic">HTTP Basic (user name and password)</option>
              <option value="bearer">Bearer token</option>
              <option value="header">API key in a header</option>
            </select>
          )}
        </Field>
        {form.authKind === 'basic' && (
          <>
            <Field label="User name" problem={problem('auth.username')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  autoComplete="off"
                  value={form.username}
                  onChange={(e) => set('username', e.target.value)}
                />
              )}
            </Field>
            <SecretField
              label="Password"
              value={form.password}
              onChange={(v) => set('password', v)}
              stored={secrets?.hasPassword ?? false}
              removing={removing('password')}
              onRemove={toggleRemove('password')}
            />
          </>
        )}
        {form.authKind === 'bearer' && (
          <SecretField
            label="Token"
            value={form.token}
            onChange={(v) => set('token', v)}
            stored={secrets?.hasToken ?? false}
            removing={removing('token')}
            onRemove={toggleRemove('token')}
          />
        )}
        {form.authKind === 'header' && (
          <>
            <Field label="Header name" problem={problem('auth.name')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  className="mono"
                  value={form.authHeaderName}
                  onChange={(e) => set('authHeaderName', e.target.value)}
                />
              )}
            </Field>
            <SecretField
              label="API key"
              value={form.authHeaderValue}
              onChange={(v) => set('authHeaderValue', v)}
              stored={secrets?.hasHeaderValue ?? false}
              removing={removing(`header:${form.authHeaderName}`)}
              onRemove={toggleRemove(`header:${form.authHeaderName}`)}
            />
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>TLS</legend>
        <Field
          label="Extra trusted CA certificates"
          hint="System CAs are always trusted; these are added."
        >
          {(id) => (
            <select
              id={id}
              value={form.caKind}
              onChange={(e) => set('caKind', e.target.value as FormState['caKind'])}
            >
              <option value="none">None</option>
              <option value="file">A PEM file on this computer</option>
              <option value="pem">Paste PEM certificates</option>
            </select>
          )}
        </Field>
        {form.caKind === 'file' && (
          <Field label="CA file path" problem={problem('tls.ca.path')}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="mono"
                value={form.caPath}
                onChange={(e) => set('caPath', e.target.value)}
              />
            )}
          </Field>
        )}
        {form.caKind === 'pem' && (
          <Field label="CA certificates (PEM)" problem={problem('tls.ca.pem')}>
            {(id, d) => (
              <textarea
                id={id}
                aria-describedby={d}
                className="mono"
                rows={4}
                value={form.caPem}
                onChange={(e) => set('caPem', e.target.value)}
              />
            )}
          </Field>
        )}
        <Field
          label="Pinned server certificate (SHA-256)"
          problem={problem('tls.pinSha256')}
          hint="Accept exactly this certificate, even if no CA vouches for it."
        >
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="mono"
              placeholder="AB:CD:…"
              value={form.pinSha256}
              onChange={(e) => set('pinSha256', e.target.value)}
            />
          )}
        </Field>
        <Field label="Client certificate">
          {(id) => (
            <select
              id={id}
              value={form.certKind}
              onChange={(e) => set('certKind', e.target.value as FormState['certKind'])}
            >
              <option value="none">None</option>
              <option value="pem">PEM certificate and key files</option>
              <option value="pkcs12">PKCS#12 file (.p12, .pfx)</option>
            </select>
          )}
        </Field>
        {form.certKind === 'pem' && (
          <>
            <Field
              label="Certificate file path"
              problem={problem('tls.clientCertificate.certFile')}
            >
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  className="mono"
                  value={form.certFile}
                  onChange={(e) => set('certFile', e.target.value)}
                />
              )}
            </Field>
            <Field label="Key file path" problem={problem('tls.clientCertificate.keyFile')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  className="mono"
                  value={form.keyFile}
                  onChange={(e) => set('keyFile', e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        {form.certKind === 'pkcs12' && (
          <Field label="PKCS#12 file path" problem={problem('tls.clientCertificate.file')}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="mono"
                value={form.p12File}
                onChange={(e) => set('p12File', e.target.value)}
              />
            )}
          </Field>
        )}
        {form.certKind !== 'none' && (
          <SecretField
            label="Key passphrase"
            value={form.passphrase}
            onChange={(v) => set('passphrase', v)}
            stored={secrets?.hasPassphrase ?? false}
            removing={removing('passphrase')}
            onRemove={toggleRemove('passphrase')}
          />
        )}
      </fieldset>

      <fieldset>
        <legend>Proxy</legend>
        <Field label="Proxy">
          {(id) => (
            <select
              id={id}
              value={form.proxyKind}
              onChange={(e) => set('proxyKind', e.target.value as FormState['proxyKind'])}
            >
              <option value="system">The system&rsquo;s (HTTPS_PROXY, NO_PROXY)</option>
              <option value="none">No proxy</option>
              <option value="url">This proxy</option>
            </select>
          )}
        </Field>
        {form.proxyKind === 'url' && (
          <>
            <Field label="Proxy URL" problem={problem('proxy.url')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  className="mono"
                  placeholder="http://proxy.example:3128"
                  value={form.proxyUrl}
                  onChange={(e) => set('proxyUrl', e.target.value)}
                />
              )}
            </Field>
            <Field label="Proxy user name (optional)">
              {(id) => (
                <input
                  id={id}
                  autoComplete="off"
                  value={form.proxyUsername}
                  onChange={(e) => set('proxyUsername', e.target.value)}
                />
              )}
            </Field>
            {form.proxyUsername.trim() !== '' && (
              <SecretField
                label="Proxy password"
                value={form.proxyPassword}
                onChange={(v) => set('proxyPassword', v)}
                stored={secrets?.hasProxyPassword ?? false}
                removing={removing('proxyPassword')}
                onRemove={toggleRemove('proxyPassword')}
              />
            )}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Requests</legend>
        <div className="field-row">
          <Field label="Timeout (seconds)" problem={problem('timeoutMs')}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                type="number"
                min={1}
                max={600}
                value={form.timeoutSeconds}
                onChange={(e) => set('timeoutSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Deadline (seconds)"
            problem={problem('deadlineMs')}
            hint="Longest time for a whole answer, however slowly it arrives (default 300)."
          >
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                type="number"
                min={1}
                max={3600}
                placeholder="300"
                value={form.deadlineSeconds}
                onChange={(e) => set('deadlineSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Page size"
            problem={problem('pageSize')}
            hint="Objects asked per request; servers may send fewer."
          >
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                type="number"
                min={1}
                max={10000}
                value={form.pageSize}
                onChange={(e) => set('pageSize', e.target.value)}
              />
            )}
          </Field>
        </div>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={form.cache}
            onChange={(e) => set('cache', e.target.checked)}
          />
          Keep fetched pages on this computer, so reopening a collection costs no requests
        </label>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={form.budgetOn}
            onChange={(e) => set('budgetOn', e.target.checked)}
          />
          Limit how many requests Taxiway sends (for servers with a request quota)
        </label>
        {form.budgetOn && (
          <div className="field-row">
            <Field label="At most (requests)" problem={problem('budget.requests')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  type="number"
                  min={1}
                  value={form.budgetRequests}
                  onChange={(e) => set('budgetRequests', e.target.value)}
                />
              )}
            </Field>
            <Field label="Per (seconds)" problem={problem('budget.windowSeconds')}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  type="number"
                  min={1}
                  value={form.budgetWindowSeconds}
                  onChange={(e) => set('budgetWindowSeconds', e.target.value)}
                />
              )}
            </Field>
          </div>
        )}
        <div className="field">
          <span className="field-label">Extra headers</span>
          {form.headers.length === 0 && <p className="muted small">None.</p>}
          {form.headers.map((h, i) => {
            const update = (patch: Partial<typeof h>): void =>
              set(
                'headers',
                form.headers.map((x, j) => (j === i ? { ...x, ...patch } : x)),
              );
            return (
              <div key={i} className="header-row">
                <input
                  aria-label={`Header ${i + 1} name`}
                  className="mono"
                  placeholder="X-Header"
                  value={h.name}
                  onChange={(e) =>
                    // A credential's name makes the header secret at once (shared rule), so its
                    // value is typed into a secret field and saved to the keychain.
                    update(
                      isSecretName(e.target.value)
                        ? { name: e.target.value, secret: true }
                        : { name: e.target.value },
                    )
                  }
                  aria-invalid={problem(`headers[${i}].name`) !== undefined}
                />
                <label className="inline-check">
                  <input
                    type="checkbox"
                    checked={h.secret}
                    onChange={(e) => update({ secret: e.target.checked, value: '' })}
                  />
                  secret
                </label>
                {h.secret ? (
                  <SecretField
                    label={`Value of ${h.name || `header ${i + 1}`}`}
                    value={h.value}
                    onChange={(v) => update({ value: v })}
                    stored={
                      secrets?.storedSecretHeaders.some(
                        (n) => n.toLowerCase() === h.name.toLowerCase(),
                      ) ?? false
                    }
                    removing={removing(`header:${h.name}`)}
                    onRemove={toggleRemove(`header:${h.name}`)}
                  />
                ) : (
                  <input
                    aria-label={`Header ${i + 1} value`}
                    value={h.value}
                    onChange={(e) => update({ value: e.target.value })}
                  />
                )}
                <button
                  type="button"
                  className="btn small subtle"
                  aria-label={`Remove header ${h.name || i + 1}`}
                  onClick={() =>
                    set(
                      'headers',
                      form.headers.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove
                </button>
                {problem(`headers[${i}].name`) && (
                  <p className="field-error">{problem(`headers[${i}].name`)}</p>
                )}
              </div>
            );
          })}
          <button
            type="button"
            className="btn small"
            onClick={() =>
              set('headers', [...form.headers, { name: '', secret: false, value: '' }])
            }
          >
            Add a header
          </button>
        </div>
        <div className="field">
          <span className="field-label">Secret URL parameters</span>
          <p className="field-hint">
            Query parameters whose values live in the keychain and are added to every request.
          </p>
          {form.queryParams.map((q, i) => (
            <div key={i} className="header-row">
              <input
                aria-label={`Parameter ${i + 1} name`}
                className="mono"
                value={q.name}
                onChange={(e) =>
                  set(
                    'queryParams',
                    form.queryParams.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                  )
                }
              />
              <SecretField
                label={`Value of ${q.name || `parameter ${i + 1}`}`}
                value={q.value}
                onChange={(v) =>
                  set(
                    'queryParams',
                    form.queryParams.map((x, j) => (j === i ? { ...x, value: v } : x)),
                  )
                }
                stored={secrets?.storedUrlSecretParams.includes(q.name) ?? false}
                removing={removing(`query:${q.name}`)}
                onRemove={toggleRemove(`query:${q.name}`)}
              />
              <button
                type="button"
                className="btn small subtle"
                aria-label={`Remove parameter ${q.name || i + 1}`}
                onClick={() =>
                  set(
                    'queryParams',
                    form.queryParams.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn small"
            onClick={() => set('queryParams', [...form.queryParams, { name: '', value: '' }])}
          >
            Add a parameter
          </button>
        </div>
      </fieldset>

      {profile && profile.secrets.missing.length > 0 && (
        <p className="notice small">
          Secrets this connection needs but the keychain does not hold:{' '}
          {profile.secrets.missing.join(', ')}.
        </p>
      )}
      {showProblems && problems.size > 0 && (
        <p className="field-error" role="alert">
          Fix the {problems.size === 1 ? 'field' : `${problems.size} fields`} marked above.
        </p>
      )}
      {save.isError && (
        <ErrorView error={save.error} title="The connection was not saved" testId="save-error" />
      )}
      <div className="form-actions sticky-actions">
        <button type="submit" className="btn primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : profile ? 'Save changes' : 'Save connection'}
        </button>
        {test.isPending ? (
          <button type="button" className="btn" onClick={() => testAbort.current?.abort()}>
            Stop the test
          </button>
        ) : (
          <button type="button" className="btn" onClick={onTest}>
            Test connection
          </button>
        )}
        {savedNote && (
          <span className="ok-line" role="status" data-testid="saved">
            {savedNote}
          </span>
        )}
        {report && (
          <button
            type="button"
            className={report.ok ? 'link ok-line' : 'link field-error'}
            onClick={() => resultRef.current?.scrollIntoView({ block: 'start' })}
          >
            {report.ok ? 'Test passed' : 'Test failed'}: see below
          </button>
        )}
      </div>

      {(steps.length > 0 || test.isPending || test.isError) && (
        <section
          className="test-result"
          aria-label="Test result"
          data-testid="test-result"
          ref={resultRef}
        >
          <h3>Connection test</h3>
          {report?.ok && (
            <p className="ok-line" role="status">
              The connection works{report.taxiiVersion ? ` (TAXII ${report.taxiiVersion})` : ''}.
            </p>
          )}
          {report && !report.ok && (
            <p className="field-error" role="alert" data-testid="test-failed">
              The test failed at “{failedStep?.label ?? 'a step'}”
              {failedStep ? `: ${failedStep.error?.message ?? failedStep.detail}` : '.'}
            </p>
          )}
          <TestSteps steps={steps} running={test.isPending} />
          {report?.certificate && (
            <CertificateCard certificate={report.certificate} onPin={onPin} />
          )}
          {test.isError && (
            <ErrorView error={test.error} title="The test could not run" onRetry={onTest} />
          )}
          {pin.isError && <ErrorView error={pin.error} title="The certificate was not pinned" />}
          {pin.isSuccess && <p className="ok-line">Pinned. Test again to check.</p>}
        </section>
      )}
    </form>
  );
}
