/**
 * An external reference's URL: shown as text, opened only after the person confirms in a dialog
 * that names the full address (links.open then checks it is http(s) before anything opens it).
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { openLink } from '../../queries/exports';

/** A button that opens `url` after a confirmation. */
export function ExternalLink({ url, label }: { url: string; label?: string }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link break"
        onClick={() => setAsking(true)}
        aria-label={`Open link ${url}`}
      >
        {label ?? url}
      </button>
      <LinkConfirm url={asking ? url : null} onClose={() => setAsking(false)} />
    </>
  );
}

/** The confirmation naming `url` (open while `url` is set); links.open checks it is http(s). */
export function LinkConfirm({ url, onClose }: { url: string | null; onClose: () => void }) {
  const open = useMutation(openLink());
  const close = (): void => {
    onClose();
    open.reset();
  };
  return (
    <Dialog
      open={url !== null}
      onClose={close}
      title="Open this link?"
      testId="link-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={open.isPending || url === null}
            onClick={() => url !== null && open.mutate(url, { onSuccess: onClose })}
          >
            Open in browser
          </button>
        </>
      }
    >
      <p>This link comes from the object&rsquo;s data. Check where it goes before opening it:</p>
      <p className="mono break code-block" data-testid="link-url">
        {url}
      </p>
      {open.isError && <ErrorView error={open.error} title="The link was not opened" />}
    </Dialog>
  );
}
