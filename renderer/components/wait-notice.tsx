/**
 * A wait shown where the operation is: why Taxiway is waiting (the server asked, the server is
 * unavailable, a retry, the connection's own request budget) and a countdown, so a rate-limited
 * call never looks like a hang. The operation's own Cancel stays next to it.
 */
import { useWait, type ActiveWait } from '../queries/waits';

/** The reason of a wait in plain words. */
export function waitReasonText(w: Pick<ActiveWait, 'reason' | 'status'>): string {
  switch (w.reason) {
    case 'rate-limited':
      return `The server is limiting how often Taxiway may ask (HTTP ${w.status ?? 429})`;
    case 'unavailable':
      return `The server says it is unavailable for now (HTTP ${w.status ?? 503})`;
    case 'retry':
      return w.status !== undefined
        ? `A request failed (HTTP ${w.status}) and will be tried again`
        : 'A request failed and will be tried again';
    case 'budget':
      return "This connection's request budget is used up for now";
  }
}

/** The wait holding up an operation on `connectionIds` while `active`, or nothing. */
export function WaitNotice({
  connectionIds,
  active,
  testId = 'wait-notice',
}: {
  connectionIds: readonly string[];
  active: boolean;
  testId?: string;
}) {
  const current = useWait(connectionIds, active);
  if (!current) return null;
  const { wait, secondsLeft } = current;
  const attempt =
    wait.attempt !== undefined && wait.maxAttempts !== undefined
      ? ` (attempt ${wait.attempt} of ${wait.maxAttempts})`
      : '';
  return (
    <div className="wait-notice" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>{waitReasonText(wait)}.</strong>{' '}
        <span data-testid="wait-countdown">
          Going on in {secondsLeft} s{attempt}.
        </span>{' '}
        <span className="muted small">{wait.message}</span>
      </span>
    </div>
  );
}
