/**
 * What the request engine does with writes and redirects, against the project's TAXII server at
 * the default retry policy: a POST is sent once whatever happens to it (RFC 9110 §9.2.2: it is
 * not idempotent, so a retry could store objects twice), a 303 turns it into a GET of the new
 * address (RFC 9110 §15.4.4), and a redirect loop stops after five hops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { TaxiiClient } from './client';
import { expectAppError } from '../../../e2e/support/taxii';

const envelope = JSON.stringify({
  objects: [
    {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: 'Once only',
      identity_class: 'organization',
    },
  ],
});

describe('writes and redirects', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, seed: false, statusDelayMs: 0 });
    client = new TaxiiClient({ taxiiVersion: '2.1' });
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  const posts = (): number => srv.requests.filter((r) => r.method === 'POST').length;

  it('does not send a POST again after the connection was reset', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'reset', endpoint: 'add-objects', times: 1 }]);
    try {
      const err = await expectAppError(
        client.postObjects(srv.collectionUrl('api1', 'publish'), envelope),
        'NETWORK',
      );
      expect(err.wire.retryable).toBe(true);
      expect(posts()).toBe(1);
    } finally {
      srv.setFaults([]);
    }
  });

  it('does not send a POST again after a 502', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'status', status: 502, endpoint: 'add-objects', times: 1 }]);
    try {
      const err = await expectAppError(
        client.postObjects(srv.collectionUrl('api1', 'publish'), envelope),
        'SERVER_ERROR',
      );
      expect(err.wire.status).toBe(502);
      expect(posts()).toBe(1);
    } finally {
      srv.setFaults([]);
    }
  });

  it('retries a GET after a reset connection (the contrast: reads are safe to repeat)', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'reset', endpoint: 'api-root', times: 1 }]);
    try {
      const root = await client.apiRoot(srv.rootUrl('api1'));
      expect(root.value.title).toBe('Demo feed');
      expect(srv.requests.filter((r) => r.endpoint === 'api-root')).toHaveLength(2);
    } finally {
      srv.setFaults([]);
    }
  });

  it('follows a 303 after a POST with a GET without the body', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'redirect', status: 303, to: '/api1/', endpoint: 'add-objects' }]);
    try {
      const res = await client.http.request(`${srv.collectionUrl('api1', 'publish')}objects/`, {
        method: 'POST',
        headers: {
          accept: 'application/taxii+json;version=2.1',
          'content-type': 'application/taxii+json;version=2.1',
        },
        body: envelope,
      });
      expect(res.status).toBe(200);
      expect(res.url).toBe(srv.rootUrl('api1'));
      expect(srv.requests.map((r) => [r.method, r.endpoint])).toEqual([
        ['POST', 'add-objects'],
        ['GET', 'api-root'],
      ]);
      expect(srv.requests[1]?.headers['content-length']).toBeUndefined();
    } finally {
      srv.setFaults([]);
    }
  });

  it('keeps the method through a 307', async () => {
    srv.reset();
    srv.setFaults([
      {
        kind: 'redirect',
        status: 307,
        to: new URL(srv.collectionUrl('api1', 'publish')).pathname + 'objects/',
        endpoint: 'add-objects',
        times: 1,
      },
    ]);
    try {
      const res = await client.postObjects(srv.collectionUrl('api1', 'publish'), envelope);
      expect(res.value.total_count).toBe(1);
      expect(srv.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    } finally {
      srv.setFaults([]);
    }
  });

  it('gives up on a redirect loop after five hops', async () => {
    srv.reset();
    srv.setFaults([{ kind: 'redirect', status: 302, to: '/api1/', endpoint: 'api-root' }]);
    try {
      const err = await expectAppError(client.apiRoot(srv.rootUrl('api1')), 'INVALID_RESPONSE');
      expect(err.message).toMatch(/redirected more than 5 times/);
      // The first request and five redirected ones.
      expect(srv.requests.filter((r) => r.endpoint === 'api-root')).toHaveLength(6);
    } finally {
      srv.setFaults([]);
    }
  });
});
