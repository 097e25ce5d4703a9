/**
 * Publishing a bundle: drop or pick a file or paste JSON; every problem is listed by object and
 * JSON path as soon as it is typed; choose a writable collection; upload with progress per request
 * (the root's max_content_length decides the split); follow the status to completion and see each
 * object's outcome. The input stays after a failure, ready to fix and send again.
 */
import { Badge, toneOf } from '../../components/badge';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Progress, Result } from '../../../shared/contract';
import { ErrorView } from '../../components/error-view';
import { formatBytes, formatCount, plural } from '../../components/format';
import { QuirkNotes } from '../../components/quirk-notes';
import { Loading } from '../../components/states';
import { WaitNotice } from '../../components/wait-notice';
import { statusQuery, uploadBundle, validateBundle } from '../../queries/publish';
import { useRoute } from '../navigation/use-route';
import {
  applyStatus,
  countOutcomes,
  outcomeSummary,
  outcomeWord,
  type ObjectOutcome,
} from './outcomes';
import { TargetPicker, type Target } from './target-picker';

type UploadProgress = Progress<'bundle.upload'>;
type Report = Result<'bundle.upload'>;

/** What the person sees of each request as it goes. */
interface RequestLine {
  request: number;
  of: number;
  objects?: number;
  bytes?: number;
  state: 'sending' | 'sent';
  statusId?: string;
  status?: string;
}

/** Texts above this size are not put into the text box (it would make typing sluggish). */
const EDITABLE_LIMIT = 1_000_000;

/** The publish view. */
/**
 * How many objects of a report break no rule: none when the input itself could not be read (a
 * problem without an object), else those no problem names.
 */
function validObjectCount(report: Result<'bundle.validate'>): number {
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.some((p) => p.objectIndex === undefined)) return 0;
  return report.objectCount - new Set(errors.map((p) => p.objectIndex)).size;
}

export function PublishView() {
  const qc = useQueryClient();
  const [route] = useRoute();
  const [text, setText] = useState('');
  const [source, setSource] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [target, setTarget] = useState<Target>(() =>
    route.connectionId && route.apiRoot && route.collectionId
      ? {
          connectionId: route.connectionId,
          apiRoot: route.apiRoot,
          collectionId: route.collectionId,
        }
      : route.connectionId
        ? { connectionId: route.connectionId }
        : {},
  );
  const validate = useMutation(validateBundle());
  const upload = useMutation(uploadBundle(qc));
  const [prepared, setPrepared] = useState<Extract<UploadProgress, { phase: 'prepared' }> | null>(
    null,
  );
  const [requests, setRequests] = useState<RequestLine[]>([]);
  const [waiting, setWaiting] = useState<Extract<UploadProgress, { phase: 'waiting' }> | null>(
    null,
  );
  const [outcomes, setOutcomes] = useState<ObjectOutcome[]>([]);
  const abort = useRef<AbortController | null>(null);

  // Validate shortly after typing stops; a newer text cancels the older check.
  const { mutate: runValidate, reset: resetValidate } = validate;
  useEffect(() => {
    if (text.trim() === '') {
      resetValidate();
      return;
    }
    const controller = new AbortController();
    const t = setTimeout(() => runValidate({ text, signal: controller.signal }), 350);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [text, runValidate, resetValidate]);

  const load = async (file: File): Promise<void> => {
    setSource(file.name);
    setText(await file.text());
    upload.reset();
  };

  const onDrop = (e: DragEvent<HTMLElement>): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };

  const report = validate.data;
  const targetSet =
    target.connectionId !== undefined &&
    target.apiRoot !== undefined &&
    target.collectionId !== undefined;
  const ready = report?.valid === true && targetSet;
  const validCount = report ? validObjectCount(report) : 0;

  const start = (validOnly = false): void => {
    if (!target.connectionId || !target.apiRoot || !target.collectionId) return;
    const controller = new AbortController();
    abort.current = controller;
    setPrepared(null);
    setRequests([]);
    setWaiting(null);
    setOutcomes([]);
    upload.mutate(
      {
        args: {
          connectionId: target.connectionId,
          apiRoot: target.apiRoot,
          collectionId: target.collectionId,
          text,
          followStatus: true,
          ...(source ? { source } : {}),
          ...(validOnly ? { validOnly: true } : {}),
        },
        onProgress: (p) => {
          if (p.phase === 'prepared') setPrepared(p);
          else if (p.phase === 'uploading')
            setRequests((old) => [
              ...old.filter((r) => r.request !== p.request),
              {
                request: p.request,
                of: p.of,
                objects: p.objects,
                bytes: p.bytes,
                state: 'sending',
              },
            ]);
          else if (p.phase === 'uploaded')
            setRequests((old) =>
              old.map((r) =>
                r.request === p.request
                  ? { ...r, state: 'sent', statusId: p.statusId, status: p.status }
                  : r,
              ),
            );
          else if (p.phase === 'waiting') setWaiting(p);
          else setWaiting(null);
        },
        signal: controller.signal,
      },
      { onSuccess: (r) => setOutcomes(r.objects) },
    );
  };

  const [checking, setChecking] = useState(false);
  const recheck = async (report: Report): Promise<void> => {
    if (!target.connectionId || !target.apiRoot) return;
    setChecking(true);
    try {
      let next = outcomes;
      for (const r of report.requests) {
        if (!next.some((o) => o.request === r.index && o.outcome === 'pending')) continue;
        const fresh = await qc.fetchQuery(
          statusQuery(target.connectionId, target.apiRoot, r.statusId),
        );
        next = applyStatus(next, r.index, fresh.value);
      }
      setOutcomes(next);
    } finally {
      setChecking(false);
    }
  };

  const counts = countOutcomes(outcomes);
  const failedRequest = upload.isError ? requests.find((r) => r.state === 'sending') : undefined;

  return (
    <div className="publish-view">
      <main className="main publish-main" id="main">
        <h2>Publish a bundle</h2>
        <section
          className={dragging ? 'drop-zone dragging' : 'drop-zone'}
          aria-label="Bundle"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="drop-zone"
        >
          <div className="drop-actions">
            <label className="btn" htmlFor="bundle-file">
              Choose a file…
            </label>
            <input
              id="bundle-file"
              className="visually-hidden-file"
              type="file"
              accept=".json,.stix,application/json"
              aria-label="Choose a bundle file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void load(f);
                e.target.value = '';
              }}
            />
            <span className="muted">or drop a file here, or paste JSON below.</span>
            {source && <span className="badge">{source}</span>}
            {text && (
              <button
                type="button"
                className="btn subtle small"
                onClick={() => {
                  setText('');
                  setSource(null);
                  upload.reset();
                }}
              >
                Clear
              </button>
            )}
          </div>
          {text.length <= EDITABLE_LIMIT ? (
            <textarea
              className="bundle-text mono"
              aria-label="Bundle JSON"
              spellCheck={false}
              placeholder='{"type": "bundle", "id": "bundle--…", "objects": [ … ]}'
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setSource(null);
              }}
            />
          ) : (
            <p className="muted">
              {formatBytes(text.length)} of JSON loaded: too large to edit here. Fix it in your
              editor and load it again.
            </p>
          )}
        </section>

        <section
          className="validation"
          aria-label="Validation"
          aria-live="polite"
          data-testid="validation"
        >
          {validate.isPending && <Loading label="Checking the bundle…" />}
          {validate.isError && validate.error.code !== 'CANCELLED' && (
            <ErrorView
              error={validate.error}
              title="The bundle could not be read"
              testId="validation-error"
            />
          )}
          {report && (
            <>
              <p
                className={report.valid ? 'ok-line' : 'field-error'}
                data-testid="validation-summary"
              >
                {report.valid
                  ? `Valid: ${plural(report.objectCount, 'object')}, ${formatBytes(report.bytes)}.`
                  : plural(
                      report.problems.filter((p) => p.severity === 'error').length,
                      'problem',
                    ) + ' must be fixed before publishing.'}
              </p>
              {report.objectCount > 0 && (
                <p className="muted small">
                  {Object.entries(report.types)
                    .map(([t, n]) => `${n} ${t}`)
                    .join(', ')}
                  {report.specVersions.length > 0 && ` · STIX ${report.specVersions.join(', ')}`}
                </p>
              )}
              {report.problems.length > 0 && (
                <ul className="problem-list" data-testid="problems">
                  {report.problems.map((p, i) => (
                    <li key={i} className={`problem ${p.severity}`}>
                      <span className={p.severity === 'error' ? 'badge danger' : 'badge warn'}>
                        {p.severity}
                      </span>{' '}
                      <span className="mono">{p.path}</span>
                      {p.objectIndex !== undefined && (
                        <span className="muted"> · object {p.objectIndex + 1}</span>
                      )}
                      {p.objectId && <span className="mono muted"> · {p.objectId}</span>}
                      {p.line !== undefined && (
                        <span className="muted">
                          {' '}
                          · line {p.line}
                          {p.column !== undefined ? `, column ${p.column}` : ''}
                        </span>
                      )}
                      <div>{p.message}</div>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>

        <section aria-label="Destination" className="destination">
          <h3>Destination</h3>
          <TargetPicker target={target} onChange={setTarget} />
          <div className="form-actions">
            {upload.isPending ? (
              <button type="button" className="btn" onClick={() => abort.current?.abort()}>
                Cancel upload
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="btn primary"
                  disabled={!ready}
                  onClick={() => start()}
                >
                  Publish
                </button>
                {report && !report.valid && validCount > 0 && (
                  <button
                    type="button"
                    className="btn"
                    disabled={!targetSet}
                    onClick={() => start(true)}
                    data-testid="publish-valid-only"
                  >
                    Publish the {plural(validCount, 'valid object')} only
                  </button>
                )}
              </>
            )}
            {!ready && !upload.isPending && (
              <span className="muted small">
                {!report
                  ? 'Add a bundle first.'
                  : !report.valid
                    ? validCount > 0
                      ? 'Fix the problems above, or leave those objects out.'
                      : 'Fix the problems above first.'
                    : 'Choose a writable collection.'}
              </span>
            )}
          </div>
        </section>

        {(upload.isPending || upload.data || upload.isError || requests.length > 0) && (
          <section className="upload" aria-label="Upload" data-testid="upload">
            <h3>Upload</h3>
            {prepared && (
              <p className="muted">
                {formatCount(prepared.objects)} objects in {prepared.requests}{' '}
                {prepared.requests === 1 ? 'request' : 'requests'}
                {prepared.maxBytes ? ` (each under ${formatBytes(prepared.maxBytes)})` : ''}.
              </p>
            )}
            {requests.length > 0 && (
              <ol className="request-list" data-testid="requests">
                {requests.map((r) => (
                  <li
                    key={r.request}
                    className={r === failedRequest ? 'req req-failed' : `req req-${r.state}`}
                  >
                    Request {r.request} of {r.of}
                    {r.objects !== undefined && `: ${formatCount(r.objects)} objects`}
                    {r.bytes !== undefined && `, ${formatBytes(r.bytes)}`} —{' '}
                    <strong>
                      {r === failedRequest
                        ? 'failed'
                        : r.state === 'sending'
                          ? 'sending…'
                          : `accepted (${
                              upload.data?.requests.find((q) => q.index === r.request)?.status
                                .status ??
                              r.status ??
                              'pending'
                            })`}
                    </strong>
                    {r.statusId && <span className="muted mono small"> status {r.statusId}</span>}
                  </li>
                ))}
              </ol>
            )}
            {waiting && upload.isPending && (
              <p className="progress-line" role="status" data-testid="waiting">
                <span className="spinner" aria-hidden="true" />
                Waiting for the server: {formatCount(waiting.pendingObjects)} objects pending in{' '}
                {waiting.pendingRequests} {waiting.pendingRequests === 1 ? 'request' : 'requests'}…
              </p>
            )}
            {upload.isPending && !waiting && <Loading label="Uploading…" />}
            {target.connectionId && (
              <WaitNotice connectionIds={[target.connectionId]} active={upload.isPending} />
            )}
            {upload.isError && (
              <ErrorView
                error={upload.error}
                title={
                  upload.error.code === 'CANCELLED'
                    ? 'The upload was cancelled'
                    : 'The upload failed'
                }
                onRetry={start}
                testId="upload-error"
              />
            )}
            {upload.isError && (
              <p className="muted small">Your bundle is still here: fix it and publish again.</p>
            )}
            {upload.data && (
              <>
                <p
                  className={counts.success === counts.total ? 'ok-line' : 'notice'}
                  role="status"
                  data-testid="upload-summary"
                >
                  {outcomeSummary(counts)}
                  {upload.data.complete
                    ? '.'
                    : ' (the server had not finished when Taxiway stopped waiting).'}
                </p>
                <QuirkNotes notes={upload.data.notes} />
                {counts.pending > 0 && (
                  <button
                    type="button"
                    className="btn"
                    disabled={checking}
                    onClick={() => void recheck(upload.data)}
                  >
                    {checking ? 'Checking…' : 'Check the status again'}
                  </button>
                )}
                <table className="plain-table outcomes" data-testid="outcomes">
                  <thead>
                    <tr>
                      <th scope="col">Object</th>
                      <th scope="col">Version</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {outcomes.map((o, i) => (
                      <tr
                        key={`${o.id}-${o.version ?? ''}-${i}`}
                        className={`outcome-${o.outcome}`}
                      >
                        <td>
                          {o.type && <span className="badge">{o.type}</span>}{' '}
                          {o.name && <span className="outcome-name">{o.name}</span>}
                          <div className="mono small muted">{o.id}</div>
                        </td>
                        <td className="mono small">{o.version ?? ''}</td>
                        <td>
                          <Badge tone={toneOf(o.outcome, 'success', 'failure')}>
                            {outcomeWord(o)}
                          </Badge>
                        </td>
                        <td>{o.message ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
