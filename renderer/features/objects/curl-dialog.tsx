/**
 * "Copy as curl": the request behind the current view as a shell command. The secret is never in
 * it: a placeholder such as $TAXIWAY_PASSWORD stands in, and the dialog says which to set.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Args } from '../../../shared/contract';
import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/states';
import { curlCommand } from '../../queries/objects';

/** Shows the curl command of `request` with a copy button. */
export function CurlDialog({
  request,
  onClose,
}: {
  request: Args<'request.curl'> | null;
  onClose: () => void;
}) {
  const m = useMutation(curlCommand());
  const { mutate, reset } = m;
  useEffect(() => {
    if (request) mutate(request);
    else reset();
  }, [request, mutate, reset]);
  return (
    <Dialog
      open={request !== null}
      onClose={onClose}
      title="Request as curl"
      wide
      testId="curl-dialog"
    >
      {m.isPending && <Loading label="Building the command…" />}
      {m.isError && <ErrorView error={m.error} onRetry={() => request && mutate(request)} />}
      {m.isSuccess && (
        <>
          <pre className="code-block" data-testid="curl-command">
            {m.data.command}
          </pre>
          <div className="row-actions">
            <CopyButton text={() => m.data.command} label="Copy command" className="btn primary" />
          </div>
          {m.data.note && (
            <p className="muted" data-testid="curl-note">
              {m.data.note}
            </p>
          )}
          {m.data.placeholders.length > 0 && (
            <p className="muted">
              Set {m.data.placeholders.map((p) => `$${p}`).join(', ')} in your shell first: secrets
              are never copied.
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}
