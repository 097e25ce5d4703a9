/**
 * An error where it happened: what failed in plain words, what to do, where, and the server's
 * own TAXII error resource when it sent one; a Retry button when retrying makes sense.
 */
import type { ReactNode } from 'react';
import type { AppError, WireError } from '../../shared/errors';

/** Codes where trying the same thing again can succeed without changing anything. */
const RETRYABLE_CODES: ReadonlySet<WireError['code']> = new Set([
  'NETWORK',
  'DNS',
  'TIMEOUT',
  'CANCELLED',
  'SERVER_ERROR',
  'RATE_LIMITED',
  'PROXY',
  'INVALID_RESPONSE',
  'PAGING_LOOP',
]);

/** True when a Retry button belongs next to this error. */
export function canRetry(error: WireError): boolean {
  return error.retryable === true || RETRYABLE_CODES.has(error.code);
}

/** Plain headline for an error code, used when the caller gives none. */
function headline(error: WireError): string {
  switch (error.code) {
    case 'UNAUTHORIZED':
      return 'The server did not accept the credentials';
    case 'FORBIDDEN':
      return 'The server refused access';
    case 'NOT_FOUND':
      return 'Not found on the server';
    case 'NETWORK':
    case 'DNS':
      return 'Could not reach the server';
    case 'TIMEOUT':
      return 'The server took too long';
    case 'CANCELLED':
      return 'Cancelled';
    case 'TLS':
    case 'TLS_UNTRUSTED':
    case 'TLS_PIN_MISMATCH':
      return 'The secure connection failed';
    case 'SERVER_ERROR':
      return 'The server had a problem';
    case 'RATE_LIMITED':
      return 'The server asked us to slow down';
    case 'INVALID_RESPONSE':
    case 'NOT_TAXII':
      return 'The server answered something Taxiway cannot read';
    case 'INVALID_INPUT':
    case 'INVALID_ARGS':
    case 'INVALID_BUNDLE':
      return 'Something in the input needs fixing';
    case 'KEYCHAIN_UNAVAILABLE':
      return 'The system keychain is not available';
    default:
      return 'Something went wrong';
  }
}

/**
 * Shows `error`; `onRetry` adds a Retry button when the error is one worth retrying; `children`
 * are further actions that fix it (shown with Retry).
 */
export function ErrorView({
  error,
  title,
  onRetry,
  compact = false,
  testId = 'error',
  children,
}: {
  error: AppError | WireError;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
  testId?: string;
  children?: ReactNode;
}) {
  const wire: WireError = 'wire' in error ? error.wire : error;
  const taxii = wire.taxii;
  return (
    <div
      className={compact ? 'error-view compact' : 'error-view'}
      role="alert"
      data-testid={testId}
    >
      <p className="error-title">{title ?? headline(wire)}</p>
      <p className="error-message">{wire.message}</p>
      {wire.hint && <p className="error-hint">{wire.hint}</p>}
      {(wire.where || wire.status !== undefined || wire.retryAfterSeconds !== undefined) && (
        <dl className="error-facts">
          {wire.status !== undefined && (
            <>
              <dt>HTTP status</dt>
              <dd>{wire.status}</dd>
            </>
          )}
          {wire.where && (
            <>
              <dt>Where</dt>
              <dd className="mono break">{wire.where}</dd>
            </>
          )}
          {wire.retryAfterSeconds !== undefined && (
            <>
              <dt>Retry after</dt>
              <dd>{wire.retryAfterSeconds} s</dd>
            </>
          )}
        </dl>
      )}
      {taxii && (
        <section
          className="taxii-error"
          aria-label="The server's error details"
          data-testid="taxii-error"
        >
          <p className="taxii-error-title">
            Server said: <strong>{taxii.title}</strong>
          </p>
          {taxii.description && <p>{taxii.description}</p>}
          <dl className="error-facts">
            {taxii.http_status && (
              <>
                <dt>http_status</dt>
                <dd>{taxii.http_status}</dd>
              </>
            )}
            {taxii.error_id && (
              <>
                <dt>error_id</dt>
                <dd className="mono">{taxii.error_id}</dd>
              </>
            )}
            {taxii.error_code && (
              <>
                <dt>error_code</dt>
                <dd className="mono">{taxii.error_code}</dd>
              </>
            )}
            {taxii.external_details && (
              <>
                <dt>external_details</dt>
                <dd className="mono break">{taxii.external_details}</dd>
              </>
            )}
            {taxii.details &&
              Object.entries(taxii.details).map(([k, v]) => (
                <div key={k} className="error-fact-row">
                  <dt>{k}</dt>
                  <dd className="mono break">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
          </dl>
        </section>
      )}
      {((onRetry && canRetry(wire)) || children) && (
        <div className="error-actions">
          {onRetry && canRetry(wire) && (
            <button type="button" className="btn" onClick={onRetry}>
              Retry
            </button>
          )}
          {children}
        </div>
      )}
    </div>
  );
}
