/**
 * Add or edit a connection with every option the connection services support: how to reach the
 * server (discovery URL, DNS SRV, API root), TAXII version, authentication, TLS trust and client
 * certificate, proxy, timeout, page size, extra headers and secret URL parameters. Secrets go
 * straight to `connections.save` and are shown afterwards only as "set" / "not set".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Progress, Result } from '../../../shared/contract';
import type { ProfileSummary } from '../../../shared/profile';
import { ErrorView } from '../../components/error-view';
import { SelectField, TextField } from '../../components/fields';
import { appInfoQuery, keepSecretsForSession } from '../../queries/app';
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
import { KeyValueRows } from './key-value-rows';
import { SecretField } from './secret-field';
import { CertificateCard, TestSteps } from './test-steps';

type Step = Progress<'connections.test'>;

const SERVER_KINDS = [
  ['discovery', 'Discovery URL'],
  ['srv', 'DNS SRV domain'],
  ['api-root', 'API root URL'],
] as const;
const VERSIONS = [
  ['auto', 'Detect automatically'],
  ['2.1', '2.1'],
  ['2.0', '2.0'],
] as const;
const AUTH_KINDS = [
  ['none', 'None'],
  ['basic', 'HTTP Basic (user name and password)'],
  ['bearer', 'Bearer token'],
  ['header', 'API key in a header'],
] as const;
const CA_KINDS = [
  ['none', 'None'],
  ['file', 'A PEM file on this computer'],
  ['pem', 'Paste PEM certificates'],
] as const;
const CERT_KINDS = [
  ['none', 'None'],
  ['pem', 'PEM certificate and key files'],
  ['pkcs12', 'PKCS#12 file (.p12, .pfx)'],
] as const;
const PROXY_KINDS = [
  ['system', 'The system\u2019s (HTTPS_PROXY, NO_PROXY)'],
  ['none', 'No proxy'],
  ['url', 'This proxy'],
] as const;

/** The keys of the form whose value is a string (text fields, selects, secrets). */
type StringKey = {
  [K in keyof FormState]: FormState[K] extends string ? K : never;
}[keyof FormState];
/** The stored-secret flags of a profile summary. */
type SecretFlag =
  'hasPassword' | 'hasToken' | 'hasHeaderValue' | 'hasPassphrase' | 'hasProxyPassword';

/** The form; `profile` absent means a new connection. */
export function ConnectionForm({
  profile,
  onSaved,
  focus,
}: {
  profile: ProfileSummary | undefined;
  onSaved: (saved: ProfileSummary) => void;
  /** Open at this section (scrolled to, its first control focused). */
  focus?: 'auth';
}) {
  const qc = useQueryClient();
  const info = useQuery(appInfoQuery());
  const home = info.data?.keychain.storage ?? 'keychain';
  const session = useMutation(keepSecretsForSession(qc));
  const authRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (focus !== 'auth') return;
    authRef.current?.scrollIntoView({ block: 'start' });
    authRef.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, [focus]);
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
  const bind = <K extends StringKey>(key: K) => ({
    value: form[key],
    onChange: (v: FormState[K]) => set(key, v),
  });
  const secret = (key: StringKey, removeKey: string, flag: SecretFlag) => ({
    ...bind(key),
    stored: secrets?.[flag] ?? false,
    removing: removing(removeKey),
    onRemove: toggleRemove(removeKey),
    home,
  });

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
        <TextField label="Name" problem={problem('name')} {...bind('name')} />
        <div className="field">
          <span className="field-label" id="server-kind-label">
            Find the server by
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="server-kind-label">
            {SERVER_KINDS.map(([k, l]) => (
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
          <TextField
            label="Domain"
            problem={problem('server.domain')}
            hint="Taxiway looks up _taxii2._tcp.<domain> (2.0: _taxii._tcp)."
            mono
            placeholder="example.com"
            {...bind('domain')}
          />
        ) : (
          <TextField
            label={form.serverKind === 'discovery' ? 'Discovery URL' : 'API root URL'}
            problem={problem('server.url')}
            hint={
              form.serverKind === 'discovery'
                ? 'For example https://taxii.example.com/taxii2/ (TAXII 2.0: /taxii/).'
                : 'For servers without discovery: the API root itself.'
            }
            mono
            placeholder="https://"
            {...bind('url')}
          />
        )}
        <SelectField label="TAXII version" options={VERSIONS} {...bind('taxiiVersion')} />
      </fieldset>

      <fieldset ref={authRef} data-testid="auth-section">
        <legend>Authentication</legend>
        <SelectField label="Method" options={AUTH_KINDS} {...bind('authKind')} />
        {form.authKind === 'basic' && (
          <>
            <TextField
              label="User name"
              problem={problem('auth.username')}
              autoComplete="off"
              {...bind('username')}
            />
            <SecretField label="Password" {...secret('password', 'password', 'hasPassword')} />
          </>
        )}
        {form.authKind === 'bearer' && (
          <SecretField label="Token" {...secret('token', 'token', 'hasToken')} />
        )}
        {form.authKind === 'header' && (
          <>
            <TextField
              label="Header name"
              problem={problem('auth.name')}
              mono
              {...bind('authHeaderName')}
            />
            <SecretField
              label="API key"
              {...secret('authHeaderValue', `header:${form.authHeaderName}`, 'hasHeaderValue')}
            />
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>TLS</legend>
        <SelectField
          label="Extra trusted CA certificates"
          hint="System CAs are always trusted; these are added."
          options={CA_KINDS}
          {...bind('caKind')}
        />
        {form.caKind === 'file' && (
          <TextField
            label="CA file path"
            problem={problem('tls.ca.path')}
            mono
            {...bind('caPath')}
          />
        )}
        {form.caKind === 'pem' && (
          <TextField
            label="CA certificates (PEM)"
            problem={problem('tls.ca.pem')}
            mono
            rows={4}
            {...bind('caPem')}
          />
        )}
        <TextField
          label="Pinned server certificate (SHA-256)"
          problem={problem('tls.pinSha256')}
          hint="Accept exactly this certificate, even if no CA vouches for it."
          mono
          placeholder="AB:CD:…"
          {...bind('pinSha256')}
        />
        <SelectField label="Client certificate" options={CERT_KINDS} {...bind('certKind')} />
        {form.certKind === 'pem' && (
          <>
            <TextField
              label="Certificate file path"
              problem={problem('tls.clientCertificate.certFile')}
              mono
              {...bind('certFile')}
            />
            <TextField
              label="Key file path"
              problem={problem('tls.clientCertificate.keyFile')}
              mono
              {...bind('keyFile')}
            />
          </>
        )}
        {form.certKind === 'pkcs12' && (
          <TextField
            label="PKCS#12 file path"
            problem={problem('tls.clientCertificate.file')}
            mono
            {...bind('p12File')}
          />
        )}
        {form.certKind !== 'none' && (
          <SecretField
            label="Key passphrase"
            {...secret('passphrase', 'passphrase', 'hasPassphrase')}
          />
        )}
      </fieldset>

      <fieldset>
        <legend>Proxy</legend>
        <SelectField label="Proxy" options={PROXY_KINDS} {...bind('proxyKind')} />
        {form.proxyKind === 'url' && (
          <>
            <TextField
              label="Proxy URL"
              problem={problem('proxy.url')}
              mono
              placeholder="http://proxy.example:3128"
              {...bind('proxyUrl')}
            />
            <TextField
              label="Proxy user name (optional)"
              autoComplete="off"
              {...bind('proxyUsername')}
            />
            {form.proxyUsername.trim() !== '' && (
              <SecretField
                label="Proxy password"
                {...secret('proxyPassword', 'proxyPassword', 'hasProxyPassword')}
              />
            )}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Requests</legend>
        <div className="field-row">
          <TextField
            label="Timeout (seconds)"
            problem={problem('timeoutMs')}
            number={{ min: 1, max: 600 }}
            {...bind('timeoutSeconds')}
          />
          <TextField
            label="Deadline (seconds)"
            problem={problem('deadlineMs')}
            hint="Longest time for a whole answer, however slowly it arrives (default 300)."
            number={{ min: 1, max: 3600 }}
            placeholder="300"
            {...bind('deadlineSeconds')}
          />
          <TextField
            label="Page size"
            problem={problem('pageSize')}
            hint="Objects asked per request; servers may send fewer."
            number={{ min: 1, max: 10000 }}
            {...bind('pageSize')}
          />
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
            <TextField
              label="At most (requests)"
              problem={problem('budget.requests')}
              number={{ min: 1 }}
              {...bind('budgetRequests')}
            />
            <TextField
              label="Per (seconds)"
              problem={problem('budget.windowSeconds')}
              number={{ min: 1 }}
              {...bind('budgetWindowSeconds')}
            />
          </div>
        )}
        <KeyValueRows
          label="Extra headers"
          noun="header"
          emptyText="None."
          namePlaceholder="X-Header"
          secretToggle
          rows={form.headers}
          onChange={(rows) => set('headers', rows)}
          newRow={() => ({ name: '', secret: false, value: '' })}
          stored={(name) =>
            secrets?.storedSecretHeaders.some((n) => n.toLowerCase() === name.toLowerCase()) ??
            false
          }
          removeKey={(name) => `header:${name}`}
          removing={removing}
          onRemoveSecret={toggleRemove}
          problem={(i) => problem(`headers[${i}].name`)}
          secretHome={home}
        />
        <KeyValueRows
          label="Secret URL parameters"
          hint="Query parameters whose values live in the keychain and are added to every request."
          noun="parameter"
          secretToggle={false}
          rows={form.queryParams.map((q) => ({ ...q, secret: true }))}
          onChange={(rows) =>
            set(
              'queryParams',
              rows.map(({ name, value }) => ({ name, value })),
            )
          }
          newRow={() => ({ name: '', value: '', secret: true })}
          stored={(name) => secrets?.storedUrlSecretParams.includes(name) ?? false}
          removeKey={(name) => `query:${name}`}
          removing={removing}
          onRemoveSecret={toggleRemove}
          secretHome={home}
        />
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
        <ErrorView error={save.error} title="The connection was not saved" testId="save-error">
          {save.error.code === 'KEYCHAIN_UNAVAILABLE' && home === 'unavailable' && (
            <button
              type="button"
              className="btn primary"
              disabled={session.isPending}
              onClick={() => session.mutate({}, { onSuccess: () => onSave() })}
            >
              Keep secrets for this session only, and save
            </button>
          )}
        </ErrorView>
      )}
      {session.isError && (
        <ErrorView
          error={session.error}
          compact
          title="Session-only secrets could not be turned on"
        />
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
