/**
 * Deleting an object, after a confirmation that names it and says which versions go: all of them,
 * or one chosen version (the client always sends an explicit match[version], TAXII 2.1 §5.7).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { formatTimestamp } from '../../components/format';
import { deleteObject, objectVersionsQuery, type CollectionRef } from '../../queries/objects';

/** The delete confirmation for one object. */
export function DeleteDialog({
  open,
  onClose,
  onDeleted,
  collection,
  objectId,
  label,
  canWrite,
}: {
  open: boolean;
  onClose: () => void;
  onDeleted: (what: string) => void;
  collection: CollectionRef;
  objectId: string;
  label: string;
  canWrite: boolean;
}) {
  const qc = useQueryClient();
  const versions = useQuery({ ...objectVersionsQuery(collection, objectId), enabled: open });
  const [scope, setScope] = useState<'all' | 'one'>('all');
  const [version, setVersion] = useState<string | undefined>();
  const del = useMutation(deleteObject(qc));
  const chosen = version ?? versions.data?.[versions.data.length - 1];
  const close = (): void => {
    del.reset();
    onClose();
  };
  const name = label || objectId;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={`Delete “${name}”?`}
      testId="delete-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Keep it
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={del.isPending || (scope === 'one' && !chosen)}
            onClick={() =>
              del.mutate(
                {
                  ...collection,
                  objectId,
                  ...(scope === 'one' && chosen ? { version: chosen } : {}),
                },
                {
                  onSuccess: () =>
                    onDeleted(
                      scope === 'one' && chosen
                        ? `Deleted version ${formatTimestamp(chosen)} of “${name}”.`
                        : `Deleted “${name}” (every version).`,
                    ),
                },
              )
            }
          >
            {del.isPending
              ? 'Deleting…'
              : scope === 'all'
                ? 'Delete every version'
                : 'Delete this version'}
          </button>
        </>
      }
    >
      <p>
        This removes <strong>{name}</strong> (<span className="mono">{objectId}</span>) from the
        collection on the server. It cannot be undone from Taxiway.
      </p>
      {!canWrite && (
        <p className="notice small">
          The server says this collection is not writable; it will probably refuse.
        </p>
      )}
      <fieldset className="radio-group">
        <legend>Which versions</legend>
        <label>
          <input
            type="radio"
            name="delete-scope"
            checked={scope === 'all'}
            onChange={() => setScope('all')}
          />
          Every version
        </label>
        <label>
          <input
            type="radio"
            name="delete-scope"
            checked={scope === 'one'}
            onChange={() => setScope('one')}
          />
          One version
        </label>
        {scope === 'one' && (
          <select
            aria-label="Version to delete"
            value={chosen ?? ''}
            onChange={(e) => setVersion(e.target.value)}
            disabled={!versions.isSuccess}
          >
            {versions.isPending && <option value="">Loading versions…</option>}
            {versions.data?.map((v) => (
              <option key={v} value={v}>
                {formatTimestamp(v)}
              </option>
            ))}
          </select>
        )}
        {scope === 'one' && versions.isError && (
          <ErrorView error={versions.error} compact title="Could not list the versions" />
        )}
      </fieldset>
      {del.isError && <ErrorView error={del.error} title="The object was not deleted" />}
    </Dialog>
  );
}
