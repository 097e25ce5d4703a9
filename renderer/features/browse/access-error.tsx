/**
 * A server's refusal, told by what was sent: a 401 (TAXII 2.1 §1.6.11: the request lacks valid
 * authentication) to a connection that sent no credentials means the resource needs them, so it
 * says so once and offers to add them (the connection form, opened at its authentication); a 401
 * after credentials were sent stays "did not accept the credentials".
 */
import { useQuery } from '@tanstack/react-query';
import type { ProfileSummary } from '../../../shared/profile';
import type { AppError, WireError } from '../../../shared/errors';
import { ErrorView } from '../../components/error-view';
import { connectionsQuery } from '../../queries/connections';
import { useRoute } from '../navigation/use-route';

/** True when `connection` sends no credentials: no method, or its secret is not stored. */
export function sendsNoCredentials(connection: ProfileSummary | undefined): boolean {
  return (
    connection !== undefined &&
    (connection.auth.kind === 'none' || connection.secrets.missing.length > 0)
  );
}

/** True when `error` is a 401 and the connection sent nothing to authenticate with. */
export function needsCredentials(
  error: AppError | WireError,
  connection: ProfileSummary | undefined,
): boolean {
  const wire = 'wire' in error ? error.wire : error;
  return wire.code === 'UNAUTHORIZED' && sendsNoCredentials(connection);
}

/** The button that opens the connection form at its authentication section. */
export function AddCredentialsButton({ connectionId }: { connectionId: string }) {
  const [, setRoute] = useRoute();
  return (
    <button
      type="button"
      className="btn primary small"
      onClick={() =>
        setRoute((r) => ({
          ...r,
          view: 'connections',
          connectionId,
          apiRoot: undefined,
          collectionId: undefined,
          objectId: undefined,
          section: 'auth',
        }))
      }
    >
      Add credentials
    </button>
  );
}

/** An error from a connection's server; a 401 without credentials becomes "needs credentials". */
export function AccessError({
  connectionId,
  error,
  what,
  title,
  onRetry,
  compact,
  testId,
}: {
  connectionId: string;
  error: AppError | WireError;
  /** What needs them, for the headline ("This API root"). */
  what: string;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
  testId?: string;
}) {
  const connections = useQuery(connectionsQuery());
  const connection = connections.data?.find((c) => c.id === connectionId);
  if (needsCredentials(error, connection))
    return (
      <div className="needs-credentials" role="status" data-testid="needs-credentials">
        <p className="strong">{what} needs credentials</p>
        <p className="muted small">{('wire' in error ? error.wire : error).message}</p>
        <div className="row-actions">
          <AddCredentialsButton connectionId={connectionId} />
        </div>
      </div>
    );
  return (
    <ErrorView
      error={error}
      {...(title ? { title } : {})}
      {...(onRetry ? { onRetry } : {})}
      {...(compact ? { compact } : {})}
      {...(testId ? { testId } : {})}
    />
  );
}
