/**
 * The write checks, run only on a collection the person names as writable: POST answers 202 with
 * a status (§5.5), the status endpoint (§4.3), the object is then readable, a body larger than
 * max_content_length gets 413, and DELETE removes it again (§5.7). The probe writes one indicator
 * of its own (a documentation IP address) and deletes it at the end.
 */
import { randomUUID } from 'node:crypto';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import { MEDIA_TYPES } from '../../../shared/taxii/media-types';
import {
  camelKeys,
  checkMediaType,
  describe,
  objectOf,
  type Answer,
  type ProbeContext,
} from './context';
import type { RootInfo } from './checks-server';

/** Largest body the probe sends to provoke a 413 (bigger limits are not tested). */
export const MAX_PROBE_UPLOAD = 16 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function statusShapeProblems(o: Record<string, unknown> | undefined): string[] {
  if (!o) return ['not a JSON object'];
  const problems: string[] = [];
  if (typeof o.id !== 'string') problems.push('id is not a string');
  if (o.status !== 'complete' && o.status !== 'pending')
    problems.push(`status ${JSON.stringify(o.status)}`);
  for (const k of ['total_count', 'success_count', 'failure_count', 'pending_count']) {
    if (!(typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0))
      problems.push(`${k} ${JSON.stringify(o[k])}`);
  }
  return problems;
}

/** A status resource as the client reads it (camelCase keys renamed). */
function statusOf(a: Answer): Record<string, unknown> | undefined {
  return snakeCaseTaxiiKeys(objectOf(a), 'status resource', []) as
    Record<string, unknown> | undefined;
}

/** POST, status, read back, 413 and DELETE on `collectionId` of `root`. */
export async function checkWrite(
  ctx: ProbeContext,
  root: RootInfo,
  collectionId: string,
): Promise<void> {
  const col = `${root.url}collections/${encodeURIComponent(collectionId)}/`;
  const info = await ctx.fetch(col);
  // Read as the client reads it (camelCase keys renamed): whether the server spells it
  // can_write or canWrite is judged by collections.keys, not here.
  const c = snakeCaseTaxiiKeys(objectOf(info), 'collection resource', []) as
    Record<string, unknown> | undefined;
  if (info.status !== 200 || c?.can_write !== true) {
    ctx.line(
      'write.collection',
      'warn',
      info.status === 200 ? `can_write ${JSON.stringify(c?.can_write)}` : describe(info),
      { url: info.url, about: collectionId },
    );
    ctx.skipped.push(`The write checks: ${collectionId} is not writable for these credentials.`);
    return;
  }
  const now = new Date().toISOString();
  const id = `indicator--${randomUUID()}`;
  const object = {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: now,
    modified: now,
    name: 'Taxiway conformance check',
    description: 'Written by `taxiway check` to test publishing; it deletes it again.',
    indicator_types: ['benign'],
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: now,
  };
  const post = await ctx.fetch(`${col}objects/`, {
    method: 'POST',
    body: JSON.stringify({ objects: [object] }),
    contentType: MEDIA_TYPES.taxii21,
  });
  ctx.judge('write.post', post.status === 202, describe(post), {
    ...(post.status === 200 ? { finding: 'post-200' } : {}),
    url: post.url,
  });
  checkMediaType(ctx, 'write.post-media-type', post);
  const status = statusOf(post);
  // camelCase keys are named as such, not as the counts they seem to lack.
  const camel = camelKeys(objectOf(post));
  const shape = camel.length
    ? [`camelCase keys: ${camel.join(', ')}`]
    : statusShapeProblems(status);
  ctx.judge(
    'write.status-shape',
    shape.length === 0,
    shape.length
      ? shape.join('; ')
      : `status ${String(status?.status)}, total_count ${String(status?.total_count)}`,
    { ...(camel.length ? { finding: 'camel-case' } : {}), url: post.url },
  );
  if (typeof status?.id === 'string') {
    const statusUrl = `${root.url}status/${encodeURIComponent(status.id)}/`;
    let s = await ctx.fetch(statusUrl);
    for (let i = 0; i < 20 && objectOf(s)?.status === 'pending'; i++) {
      await sleep(250);
      s = await ctx.fetch(statusUrl);
    }
    const so = statusOf(s);
    ctx.judge(
      'write.status-get',
      s.status === 200 && statusShapeProblems(so).length === 0,
      `${describe(s)}, status ${String(so?.status)}, ${String(so?.success_count)} succeeded`,
      { url: s.url },
    );
    if (s.status === 200) checkMediaType(ctx, 'write.status-media-type', s);
  }
  const objectUrl = `${col}objects/${encodeURIComponent(id)}/`;
  const back = await ctx.fetch(objectUrl);
  const backItems = (objectOf(back)?.objects as unknown[] | undefined) ?? [];
  ctx.judge(
    'write.read-back',
    back.status === 200 && backItems.length === 1,
    `${describe(back)}, ${backItems.length} object(s)`,
    { url: back.url },
  );

  // 413 above max_content_length (§5.5).
  const max = root.maxContentLength;
  if (max !== undefined && max < MAX_PROBE_UPLOAD) {
    const head = JSON.stringify({
      objects: [{ ...object, id: `indicator--${randomUUID()}`, description: '' }],
    });
    const pad = max + 1 - Buffer.byteLength(head);
    const body = head.replace(
      '"description":""',
      `"description":"${'x'.repeat(Math.max(0, pad))}"`,
    );
    // A server may answer 413 at once and close the connection while the body is still on its
    // way; the client then sees the connection drop, not the answer. Try a few times before
    // saying so, and never call a status nobody saw a failure.
    let big = await ctx.fetch(`${col}objects/`, {
      method: 'POST',
      body,
      contentType: MEDIA_TYPES.taxii21,
    });
    for (let i = 0; i < 2 && big.error?.code === 'NETWORK'; i++) {
      big = await ctx.fetch(`${col}objects/`, {
        method: 'POST',
        body,
        contentType: MEDIA_TYPES.taxii21,
      });
    }
    const size = `${Buffer.byteLength(body)} octets (max_content_length ${max} + 1)`;
    if (big.error?.code === 'NETWORK') {
      ctx.line(
        'write.too-large',
        'warn',
        `the server closed the connection during the upload, three times, before an answer could be read (${big.error.message}); it may have sent 413 early`,
        { url: big.url, about: size },
      );
    } else {
      ctx.judge('write.too-large', big.status === 413, describe(big), {
        url: big.url,
        about: size,
      });
    }
  } else {
    ctx.skipped.push(
      `413 above max_content_length: ${max === undefined ? 'the API root gave no max_content_length' : `max_content_length (${max}) is above the ${MAX_PROBE_UPLOAD / 1024 / 1024} MiB the check sends`}.`,
    );
  }

  // DELETE (§5.7): 200, then the object is gone.
  const del = await ctx.fetch(`${objectUrl}?match[version]=all`, { method: 'DELETE' });
  ctx.judge('write.delete', del.status === 200, describe(del), {
    url: del.url,
  });
  checkMediaType(ctx, 'write.delete-media-type', del);
  const gone = await ctx.fetch(objectUrl);
  ctx.judge('write.deleted', gone.status === 404, describe(gone), { url: gone.url });
}
