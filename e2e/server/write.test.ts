import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from './index';
import {
  call,
  get21,
  indicator,
  post21,
  rawRequest,
  T21,
  until,
  uploadThenRead,
} from './test-http';

let s: RunningTaxiiServer;
const pub = (path = ''): string => `${s.collectionUrl('api1', 'publish')}${path}`;
const statusUrl = (id: unknown): string => `${s.rootUrl('api1')}status/${String(id)}/`;

beforeAll(async () => {
  s = await startTaxiiServer({ mitreDir: null, statusDelayMs: 150 });
});
afterAll(() => s.close());
beforeEach(() => s.reset());

async function complete(id: unknown): Promise<Record<string, unknown>> {
  return until(async () => {
    const r = await get21(statusUrl(id));
    return r.json.status === 'complete' ? r.json : undefined;
  });
}

describe('POST objects (§5.5) and status (§4.3)', () => {
  it('answers 202 with a pending status that completes after the delay', async () => {
    const r = await post21(pub('objects/'), [indicator(1), indicator(2)]);
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({
      status: 'pending',
      total_count: 2,
      success_count: 0,
      pending_count: 2,
      failure_count: 0,
    });
    expect(r.json.pendings).toEqual([
      { id: indicator(1).id, version: indicator(1).modified },
      { id: indicator(2).id, version: indicator(2).modified },
    ]);
    expect(String(r.json.request_timestamp)).toMatch(/\.\d{6}Z$/);
    const done = await complete(r.json.id);
    expect(done).toMatchObject({
      total_count: 2,
      success_count: 2,
      pending_count: 0,
      failure_count: 0,
    });
    expect(done.pendings).toBeUndefined();
    const objects = await get21(pub('objects/'));
    expect(objects.json.objects).toHaveLength(2);
  });

  it('fails invalid objects with a reason and stores the valid ones', async () => {
    const bad = [
      { type: 'indicator', id: 'indicator--nope' },
      { id: 'x' },
      { ...indicator(3), created: 'last tuesday' },
      { ...indicator(4), modified: '2020-01-01T00:00:00.000Z' },
      'not an object',
    ];
    const r = await post21(pub('objects/'), [indicator(5), ...bad]);
    const done = await complete(r.json.id);
    expect(done).toMatchObject({ total_count: 6, success_count: 1, failure_count: 5 });
    const failures = done.failures as { id: string; message: string }[];
    expect(failures.map((f) => f.message)).toEqual([
      expect.stringContaining('"id"'),
      expect.stringContaining('"type"'),
      expect.stringContaining('"created"'),
      expect.stringContaining('earlier than "created"'),
      'not a JSON object',
    ]);
  });

  it('lists an exact duplicate as a success with a message and does not store it twice', async () => {
    await complete((await post21(pub('objects/'), [indicator(6)])).json.id);
    const again = await complete(
      (await post21(pub('objects/'), [indicator(6), indicator(6)])).json.id,
    );
    expect(again).toMatchObject({ success_count: 2, failure_count: 0 });
    expect(
      (again.successes as { message?: string }[]).every((x) =>
        /not stored again/.test(x.message ?? ''),
      ),
    ).toBe(true);
    const versions = await get21(pub(`objects/${String(indicator(6).id)}/versions/`));
    expect(versions.json.versions).toHaveLength(1);
  });

  it('refuses a different object under an existing id and version, stores a new version', async () => {
    await complete((await post21(pub('objects/'), [indicator(8)])).json.id);
    const clash = await complete(
      (await post21(pub('objects/'), [indicator(8, undefined, { name: 'changed' })])).json.id,
    );
    expect(clash.failure_count).toBe(1);
    const v2 = await complete(
      (await post21(pub('objects/'), [indicator(8, '2024-04-01T00:00:00.000Z', { name: 'v2' })]))
        .json.id,
    );
    expect(v2.success_count).toBe(1);
    const all = await get21(pub(`objects/${String(indicator(8).id)}/?match[version]=all`));
    expect(all.json.objects?.map((o) => o.name)).toEqual(['Test indicator 8', 'v2']);
  });

  it('serves objects back equal in content: custom properties, unknown types, timestamps verbatim', async () => {
    const custom = {
      type: 'x-acme-widget',
      id: 'x-acme-widget--11111111-2222-4333-8444-555555555555',
      spec_version: '2.1',
      created: '2024-01-01T00:00:00Z',
      modified: '2024-01-01T00:00:00.123456789Z',
      x_mitre_version: '1.0',
      nested: { list: [1, 2.5, 'three', null, { deep: true }], unicode: 'Grüße ✓ 日本' },
      big: 9007199254740991,
    };
    const ind = indicator(9, '2024-03-01T10:00:00.1Z', { x_acme_score: 7, labels: ['a', 'b'] });
    const r = await post21(pub('objects/'), [custom, ind]);
    await complete(r.json.id);
    const back = await get21(pub(`objects/?match[id]=${custom.id},${String(ind.id)}`));
    expect(back.json.objects).toEqual([custom, ind]);
    expect(back.text).toContain('"modified":"2024-01-01T00:00:00.123456789Z"');
    expect(back.text).toContain('"modified":"2024-03-01T10:00:00.1Z"');
    const byVersion = await get21(
      pub(`objects/${String(ind.id)}/?match[version]=2024-03-01T10:00:00.100Z`),
    );
    expect(byVersion.json.objects).toHaveLength(1);
  });

  it("answers 404 for an unknown status and for another root's status", async () => {
    const unknown = await get21(statusUrl('7c4f0c1e-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(404);
    const r = await post21(pub('objects/'), [indicator(10)]);
    const elsewhere = await get21(`${s.rootUrl('tiny')}status/${String(r.json.id)}/`);
    expect(elsewhere.status).toBe(404);
  });

  it('answers 413 above max_content_length and accepts a body just under it', async () => {
    const tiny = `${s.collectionUrl('tiny', 'tiny')}objects/`;
    const many = Array.from({ length: 60 }, (_, i) => indicator(100 + i));
    const big = await post21(tiny, many);
    expect(big.status).toBe(413);
    expect(String(big.json.description)).toContain('16384');
    const objects: unknown[] = [];
    while (
      Buffer.byteLength(
        JSON.stringify({ objects: [...objects, indicator(200 + objects.length)] }),
      ) < 16384
    ) {
      objects.push(indicator(200 + objects.length));
    }
    expect(Buffer.byteLength(JSON.stringify({ objects }))).toBeLessThan(16384);
    const ok = await post21(tiny, objects);
    expect(ok.status).toBe(202);
  });

  it('answers a clean 413, with its TAXII error, to an upload above a 10 MiB limit', async () => {
    // The body is read (and dropped) before the answer: answering while the client is still
    // sending would reset the connection, and the client would see ECONNRESET, not the 413.
    const max = 10 * 1024 * 1024;
    const body = Buffer.from(JSON.stringify({ objects: [{ note: 'x'.repeat(max) }] }));
    expect(body.length).toBeGreaterThan(max);
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await uploadThenRead(pub('objects/'), { Accept: T21, 'Content-Type': T21 }, body);
      expect(r.status, `attempt ${attempt}`).toBe(413);
      expect(r.head).toMatch(/^Content-Type: application\/taxii\+json;version=2\.1$/im);
      const error = JSON.parse(r.body) as Record<string, unknown>;
      expect(error).toMatchObject({ title: 'Payload Too Large', http_status: '413' });
      expect(String(error.description)).toContain(`at most ${max}`);
    }
    // The same through an ordinary fetch, which reads while it writes.
    const fetched = await call(pub('objects/'), {
      method: 'POST',
      headers: { Accept: T21, 'Content-Type': T21 },
      body: body.toString('utf8'),
    });
    expect(fetched.status).toBe(413);
    expect(fetched.json.title).toBe('Payload Too Large');
  });

  it('answers 422 for a malformed envelope', async () => {
    for (const body of [
      '{"objects": [',
      '[]',
      '{"type":"bundle"}',
      '{"objects": []}',
      '{"objects": {}}',
      '42',
    ]) {
      const r = await call(pub('objects/'), {
        method: 'POST',
        headers: { Accept: T21, 'Content-Type': T21 },
        body,
      });
      expect(r.status, body).toBe(422);
      expect(r.headers.get('content-type')).toBe(T21);
    }
  });

  it('requires a Content-Length (411 for a chunked body)', async () => {
    const r = await rawRequest(pub('objects/'), {
      method: 'POST',
      headers: { Accept: T21, 'Content-Type': T21, 'Transfer-Encoding': 'chunked' },
      body: JSON.stringify({ objects: [indicator(11)] }),
      chunked: true,
    });
    expect(r.status).toBe(411);
    expect(r.headers['content-type']).toBe(T21);
  });
});

describe('permissions (§2.3)', () => {
  const coll = (key: 'seed' | 'locked' | 'dropbox' | 'publish'): string =>
    s.collectionUrl('api1', key);

  it('answers 403 to reads of can_read false and writes of can_write false', async () => {
    for (const key of ['locked', 'dropbox'] as const) {
      for (const path of [
        'objects/',
        'manifest/',
        'objects/indicator--00000000-0000-4000-8000-000000000001/',
        'objects/indicator--00000000-0000-4000-8000-000000000001/versions/',
      ]) {
        const r = await get21(`${coll(key)}${path}`);
        expect(r.status, `${key} ${path}`).toBe(403);
      }
    }
    for (const key of ['locked', 'seed'] as const) {
      const r = await post21(`${coll(key)}objects/`, [indicator(1)]);
      expect(r.status, key).toBe(403);
    }
    const drop = await post21(`${coll('dropbox')}objects/`, [indicator(1)]);
    expect(drop.status).toBe(202);
  });

  it('follows the DELETE table: 404 / 403 / 403 / normal', async () => {
    const del = (
      key: 'seed' | 'locked' | 'dropbox' | 'publish',
      id: string,
    ): Promise<{ status: number }> =>
      call(`${coll(key)}objects/${id}/?match[version]=all`, {
        method: 'DELETE',
        headers: { Accept: T21 },
      });
    const someId = String(indicator(1).id);
    expect((await del('locked', someId)).status).toBe(404);
    expect((await del('seed', someId)).status).toBe(403);
    expect((await del('dropbox', someId)).status).toBe(403);
    expect((await del('publish', someId)).status).toBe(404); // not there yet
  });

  it('deletes the versions match[version] names (default last) and 404s afterwards', async () => {
    const id = String(indicator(12).id);
    await complete(
      (
        await post21(pub('objects/'), [
          indicator(12),
          indicator(12, '2024-05-01T00:00:00.000Z'),
          indicator(12, '2024-06-01T00:00:00.000Z'),
        ])
      ).json.id,
    );
    const bare = await call(pub(`objects/${id}/`), { method: 'DELETE', headers: { Accept: T21 } });
    expect(bare.status).toBe(200);
    expect((await get21(pub(`objects/${id}/versions/`))).json.versions).toEqual([
      '2024-03-01T10:00:00.000Z',
      '2024-05-01T00:00:00.000Z',
    ]);
    const first = await call(pub(`objects/${id}/?match[version]=first`), {
      method: 'DELETE',
      headers: { Accept: T21 },
    });
    expect(first.status).toBe(200);
    expect((await get21(pub(`objects/${id}/versions/`))).json.versions).toEqual([
      '2024-05-01T00:00:00.000Z',
    ]);
    const all = await call(pub(`objects/${id}/?match[version]=all`), {
      method: 'DELETE',
      headers: { Accept: T21 },
    });
    expect(all.status).toBe(200);
    expect((await get21(pub(`objects/${id}/`))).status).toBe(404);
    expect((await get21(pub(`manifest/?match[id]=${id}`))).text).toBe('{}');
    const bad = await call(pub(`objects/${id}/?match[version]=all,first`), {
      method: 'DELETE',
      headers: { Accept: T21 },
    });
    expect(bad.status).toBe(400);
  });
});

describe('reset', () => {
  it('restores the writable collections and clears statuses and the request log', async () => {
    const r = await post21(pub('objects/'), [indicator(13)]);
    await complete(r.json.id);
    s.reset();
    expect(s.requests).toHaveLength(0);
    expect((await get21(pub('objects/'))).text).toBe('{}');
    expect((await get21(statusUrl(r.json.id))).status).toBe(404);
  });
});
