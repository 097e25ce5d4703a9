/**
 * The keychain notice of the Connections view: why secrets cannot be saved and how to fix it,
 * with "Keep secrets for this session only" (`keychain.use-session`); afterwards, a plain
 * reminder that secrets go when Taxiway closes.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorView } from '../../components/error-view';
import { appInfoQuery, keepSecretsForSession } from '../../queries/app';
import { keychainAdvice } from './keychain-advice';

/** The notice, or nothing while the system keychain works. */
export function KeychainNotice() {
  const qc = useQueryClient();
  const info = useQuery(appInfoQuery());
  const session = useMutation(keepSecretsForSession(qc));
  const advice = info.data ? keychainAdvice(info.data.keychain) : null;
  if (!advice) return null;
  return (
    <section
      className={advice.sessionOnly ? 'keychain-notice session' : 'keychain-notice'}
      aria-label="Where secrets are kept"
      data-testid="keychain-notice"
    >
      <p className="strong" role="status">
        {advice.title}
      </p>
      {advice.reason && <p className="muted">{advice.reason}</p>}
      {advice.fix && <p>{advice.fix}</p>}
      {advice.offerSession && (
        <>
          <p>
            Or keep them in memory until Taxiway closes: nothing is written to disk, and you type
            them again next time.
          </p>
          <div className="row-actions">
            <button
              type="button"
              className="btn primary"
              disabled={session.isPending}
              onClick={() => session.mutate({})}
            >
              Keep secrets for this session only
            </button>
          </div>
        </>
      )}
      {session.isError && (
        <ErrorView
          error={session.error}
          compact
          title="Session-only secrets could not be turned on"
        />
      )}
    </section>
  );
}
