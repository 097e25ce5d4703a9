/**
 * `taxiway watch` lists the watches saved with the profiles (imported here as a person would) and
 * how far each was seen, read from the app's feeds.json.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearService, testServiceName } from '../../../e2e/support/connections';
import { feedKey, Watermarks } from '../../services/feeds';
import { taxiway, tempFolder } from '../test-cli';

const service = testServiceName();
let home: { dir: string; cleanup: () => Promise<void> };
const env = () => ({ TAXIWAY_HOME: home.dir, TAXIWAY_KEYCHAIN_SERVICE: service });
const ROOT = 'http://127.0.0.1:8021/api1/';

beforeAll(async () => {
  home = await tempFolder();
});
afterAll(async () => {
  await clearService(service);
  await home?.cleanup();
});

describe('taxiway watch', { timeout: 60_000 }, () => {
  it('lists collection and saved-view watches with what was marked seen', async () => {
    const none = await taxiway(['watch'], { env: env() });
    expect(none.code).toBe(0);
    expect(none.json()).toEqual({ watches: [] });

    const file = path.join(home.dir, 'watched.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'taxiway-profiles',
        version: 1,
        profiles: [
          {
            name: 'watched',
            server: { kind: 'discovery', url: 'http://127.0.0.1:8021/taxii2/' },
            watches: [{ apiRoot: ROOT, collectionId: 'c-1', intervalMinutes: 30 }],
            savedViews: [
              {
                id: 'sv-1',
                name: 'Malware only',
                apiRoot: ROOT,
                collectionId: 'c-2',
                filters: { types: ['malware'], ids: [], specVersions: [], versions: [] },
                watch: { intervalMinutes: 15 },
              },
              { id: 'sv-2', name: 'Not watched', apiRoot: ROOT, collectionId: 'c-3' },
            ],
          },
        ],
      }),
    );
    const imported = await taxiway(['profiles', 'import', file], { env: env() });
    expect(imported.code, imported.stderr).toBe(0);
    const list = await taxiway(['profiles', 'list'], { env: env() });
    const id = list
      .json<{ profiles: { id: string; name: string }[] }>()
      .profiles.find((p) => p.name === 'watched')!.id;
    const seen = '2026-12-01T10:00:00.123456Z';
    await new Watermarks(home.dir).set(feedKey(id, ROOT, 'c-2', 'sv-1'), {
      dateAdded: seen,
      seenAtInstant: [],
      markedAt: '2026-12-01T10:05:00.000Z',
    });

    const run = await taxiway(['watch'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({
      watches: [
        {
          profile: 'watched',
          apiRoot: ROOT,
          collectionId: 'c-1',
          intervalMinutes: 30,
          seenUpTo: null,
          markedAt: null,
        },
        {
          profile: 'watched',
          apiRoot: ROOT,
          collectionId: 'c-2',
          savedView: 'Malware only',
          intervalMinutes: 15,
          seenUpTo: seen,
          markedAt: '2026-12-01T10:05:00.000Z',
        },
      ],
    });
  });
});
