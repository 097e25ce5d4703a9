/**
 * Every kind of error answer, as the client reports it: HTTP statuses with the server's TAXII
 * error resource, broken and mislabelled bodies, web pages where TAXII was expected, and
 * resources that do not match their schema.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { TaxiiClient } from './client';
import { expectAppError } from '../../../e2e/support/taxii';

describe('error answers', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  let seed: string;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
    // One attempt per request: these tests are about how each answer is reported (retries: waits.test.ts).
    client = new TaxiiClient({ taxiiVersion: '2.1', retry: false });
    seed = srv.collectionUrl('api1', 'seed');
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });
  const withFaults = async (
    faults: Parameters<RunningTaxiiServer['setFaults']>[0],
    fn: () => Promise<void>,
  ): Promise<void> => {
    srv.setFaults(faults);
    try {
      await fn();
    } finally {
      srv.setFaults([]);
    }
  };

  it('400 on a next token: says the token may have expired and how to go on, not to check the filters', async () => {
    srv.setQuirks(['expiring-next'], { nextUses: 1 });
    try {
      const first = await client.objects(seed, { limit: 2 });
      const next = first.next as string;
      await client.objects(seed, { limit: 2, next });
      const err = await expectAppError(client.objects(seed, { limit: 2, next }), 'HTTP_STATUS');
      expect(err.wire.status).toBe(400);
      expect(err.wire.hint).toMatch(/next token may have expired or been used up/);
      expect(err.wire.hint).toMatch(/X-TAXII-Date-Added-Last/);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('401: asks to log in, names the scheme, and says when the credentials were refused', async () => {
    const none = await expectAppError(client.collections(srv.rootUrl('secure')), 'UNAUTHORIZED');
    expect(none.message).toBe(
      'The server wants you to log in (401) (it offers: Basic). The server said: “Authentication required: This API root needs HTTP Basic, a bearer token or an X-Api-Key header.”.',
    );
    expect(none).toMatchObject({
      wire: {
        status: 401,
        taxii: { title: 'Authentication required', http_status: '401' },
        where: `${srv.rootUrl('secure')}collections/`,
      },
    });
    const wrong = new TaxiiClient({
      taxiiVersion: '2.1',
      auth: { kind: 'basic', username: 'analyst', password: 'nope' },
    });
    const refused = await expectAppError(wrong.collections(srv.rootUrl('secure')), 'UNAUTHORIZED');
    expect(refused.message).toMatch(/did not accept the credentials/);
    expect(refused.message).not.toContain('nope');
    await wrong.close();
  });

  it('403: no permission, from a collection that cannot be read', async () => {
    const err = await expectAppError(
      client.objects(srv.collectionUrl('api1', 'dropbox')),
      'FORBIDDEN',
    );
    expect(err.wire.taxii?.title).toBe('Read access denied');
    expect(err.wire.hint).toMatch(/permission/);
  });

  it('404: not found or hidden', async () => {
    const err = await expectAppError(
      client.collection(`${srv.rootUrl('api1')}collections/no-such-collection/`),
      'NOT_FOUND',
    );
    expect(err.message).toMatch(/nothing at this address, or hides it from you/);
    expect(err.wire.taxii?.title).toBe('Collection not found');
  });

  it('406: explains that the server does not speak this TAXII version', async () => {
    srv.setQuirks(['taxii20-only']);
    try {
      const err = await expectAppError(client.apiRoot(srv.rootUrl('api1')), 'NOT_ACCEPTABLE');
      expect(err.message).toMatch(
        /^The server cannot answer in application\/taxii\+json;version=2\.1 \(406\): it does not speak TAXII 2\.1/,
      );
      expect(err.wire.hint).toMatch(/only TAXII 2\.0/);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('413: too large, with the size rule in the hint', async () => {
    const big = JSON.stringify({
      objects: [
        {
          type: 'note',
          id: 'note--00000000-0000-4000-8000-000000000001',
          content: 'x'.repeat(20_000),
        },
      ],
    });
    const err = await expectAppError(
      client.postObjects(srv.collectionUrl('tiny', 'tiny'), big),
      'TOO_LARGE',
    );
    expect(err.wire.status).toBe(413);
    expect(err.wire.hint).toMatch(/max_content_length/);
  });

  it('415: explains the upload type', async () => {
    await withFaults([{ kind: 'status', status: 415, endpoint: 'add-objects' }], async () => {
      const err = await expectAppError(
        client.postObjects(srv.collectionUrl('api1', 'publish'), '{"objects":[]}'),
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(err.message).toMatch(
        /does not accept uploads of type application\/taxii\+json;version=2\.1 \(415\)/,
      );
      expect(err.wire.taxii?.http_status).toBe('415');
    });
  });

  it('422: the server could not process the content', async () => {
    const err = await expectAppError(
      client.postObjects(srv.collectionUrl('api1', 'publish'), '{"objects": {}}'),
      'HTTP_STATUS',
    );
    expect(err.wire.status).toBe(422);
    expect(err.message).toMatch(/could not process the content \(422\)/);
    expect(err.wire.taxii).toBeDefined();
  });

  it('429 and 503: rate limit and unavailability, with Retry-After in seconds or as a date', async () => {
    await withFaults(
      [{ kind: 'status', status: 429, retryAfter: 7, endpoint: 'objects' }],
      async () => {
        const err = await expectAppError(client.objects(seed), 'RATE_LIMITED');
        expect(err.wire).toMatchObject({ retryAfterSeconds: 7, retryable: true, status: 429 });
      },
    );
    await withFaults(
      [{ kind: 'status', status: 503, retryAfter: { date: 30 }, endpoint: 'objects' }],
      async () => {
        const err = await expectAppError(client.objects(seed), 'SERVER_ERROR');
        expect(err.wire.retryAfterSeconds).toBeGreaterThanOrEqual(28);
        expect(err.wire.retryAfterSeconds).toBeLessThanOrEqual(31);
        expect(err.message).toMatch(/\(503, unavailable\)/);
      },
    );
    await withFaults([{ kind: 'status', status: 500, endpoint: 'objects' }], async () => {
      const err = await expectAppError(client.objects(seed), 'SERVER_ERROR');
      expect(err.wire.taxii?.http_status).toBe('500');
      expect(err.wire.retryable).toBe(true);
    });
  });

  it('malformed JSON: names line and column', async () => {
    await withFaults([{ kind: 'malformed-json', endpoint: 'objects' }], async () => {
      const err = await expectAppError(client.objects(seed), 'INVALID_RESPONSE');
      expect(err.message).toMatch(/is not valid JSON: .* at line \d+, column \d+/);
      expect(err.wire.details).toMatchObject({
        line: expect.any(Number),
        column: expect.any(Number),
      });
    });
  });

  it('a wrong Content-Type on valid TAXII JSON is read, with a note', async () => {
    await withFaults([{ kind: 'wrong-content-type', endpoint: 'objects' }], async () => {
      const page = await client.objects(seed, { limit: 3 });
      expect(page.items).toHaveLength(3);
      expect(page.notes.map((n) => n.code)).toEqual(['CONTENT_TYPE_WRONG']);
    });
    await withFaults(
      [{ kind: 'wrong-content-type', contentType: 'application/json', endpoint: 'objects' }],
      async () => {
        expect((await client.objects(seed, { limit: 3 })).notes.map((n) => n.code)).toEqual([
          'CONTENT_TYPE_PLAIN_JSON',
        ]);
      },
    );
    await withFaults(
      [{ kind: 'wrong-content-type', contentType: 'application/taxii+json', endpoint: 'objects' }],
      async () => {
        expect((await client.objects(seed, { limit: 3 })).notes.map((n) => n.code)).toEqual([
          'CONTENT_TYPE_NO_VERSION',
        ]);
      },
    );
  });

  it('an HTML login page is recognised as such, not as a parse error', async () => {
    srv.setQuirks(['html-login']);
    try {
      const err = await expectAppError(client.discover(srv.discoveryUrl), 'NOT_TAXII');
      expect(err.message).toBe(
        'The server answered with a web page that looks like a login page, not with TAXII data.',
      );
      expect(err.wire.details?.kind).toBe('login-page');
    } finally {
      srv.setQuirks([]);
    }
  });

  it('a TAXII 1.x server is recognised', async () => {
    srv.setQuirks(['taxii1']);
    try {
      const err = await expectAppError(client.discover(srv.discoveryUrl), 'NOT_TAXII');
      expect(err.message).toMatch(/TAXII 1\.x server/);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('camelCase resources are read, with a note naming the keys', async () => {
    srv.setQuirks(['camel-case']);
    try {
      const root = await client.apiRoot(srv.rootUrl('api1'));
      expect(root.value.max_content_length).toBe(10 * 1024 * 1024);
      expect(root.notes.map((n) => n.code)).toEqual(['CAMEL_CASE_KEYS']);
      expect(root.notes[0]?.message).toMatch(/maxContentLength/);
      const cols = await client.collections(srv.rootUrl('api1'));
      expect(cols.value.every((c) => typeof c.can_read === 'boolean')).toBe(true);
    } finally {
      srv.setQuirks([]);
    }
  });

  it('a resource that breaks its schema names the offending field', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' });
      res.end(
        JSON.stringify({
          title: 'Broken',
          versions: ['application/taxii+json;version=2.1'],
          max_content_length: 'big',
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const err = await expectAppError(
        client.apiRoot(`http://127.0.0.1:${port}/api1/`),
        'INVALID_RESPONSE',
      );
      expect(err.wire.details?.path).toBe('$.max_content_length');
      expect(err.message).toMatch(/not a valid TAXII API root resource: at \$\.max_content_length/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a silent server becomes a timeout, not a hang', async () => {
    srv.setQuirks(['silent-drop']);
    const quick = new TaxiiClient({ timeoutMs: 300 });
    try {
      await expectAppError(quick.discover(srv.discoveryUrl), 'TIMEOUT');
    } finally {
      srv.setQuirks([]);
      await quick.close();
    }
  });
});
