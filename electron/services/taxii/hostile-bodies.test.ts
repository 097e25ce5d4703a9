/**
 * What a hostile server can make the client spend, against the project's TAXII server serving
 * made-up bodies: a manifest that never ends (Compare, in the service, the CLI and the app), an
 * objects walk that never ends (the page cache), a page past the per-answer cap, and JSON nested
 * 5,000 deep (the client, the CLI, and the web bridge). Each ends in a clear error that names the
 * limit; none grows without bound, overflows the stack or drops the bridge's answer.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { bridgeTarget } from '../../../e2e/contract/targets';
import { startWebApp, type WebApp } from '../../../e2e/fixtures/web-app';
import { taxiway } from '../../cli/test-cli';
import { diffCollections, MAX_DIFF_RECORDS } from '../compare';
import { PageCache } from '../page-cache';
import { TaxiiClient } from './client';
import { MAX_BODY_BYTES } from './http';
import { MAX_JSON_DEPTH } from './json-depth';
import { expectAppError } from '../../../e2e/support/taxii';

let srv: RunningTaxiiServer;
let endlessUrl: string;
let plainUrl: string;

beforeAll(async () => {
  srv = await startTaxiiServer({ mitreDir: null });
  endlessUrl = srv.collectionUrl('api1', 'publish');
  plainUrl = srv.collectionUrl('api1', 'seed');
});

afterAll(async () => {
  await srv?.close();
});

/** Makes the collection at `url` misbehave on its manifest/objects endpoints. */
function fault(rule: Record<string, unknown>, url = endlessUrl): void {
  const pathname = new URL(url).pathname;
  srv.setFaults([{ ...rule, path: `${pathname}*` } as never]);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    const info = await stat(path.join(dir, name));
    if (info.isFile()) total += info.size;
  }
  return total;
}

describe('answers a hostile server makes up', { timeout: 180_000 }, () => {
  it('refuses to compare past the per-side record cap, naming it', async () => {
    // Pages of 10,000 records keep the requests few; the cap is the default.
    fault({ kind: 'endless', pageItems: 10_000, endpoint: 'manifest' });
    const client = new TaxiiClient();
    try {
      const diff = diffCollections({ client, url: endlessUrl }, { client, url: plainUrl });
      const err = await expectAppError(diff.next(), 'TOO_LARGE');
      expect(err.message).toContain(MAX_DIFF_RECORDS.toLocaleString('en-US'));
      expect(err.message).toMatch(/Collection A/);
      expect(err.wire.details).toMatchObject({ limit: MAX_DIFF_RECORDS, side: 'a' });
    } finally {
      await client.close();
    }
    const run = await taxiway(['diff', endlessUrl, plainUrl]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('250,000 object versions');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps the page cache within its limit for the walk being written', async () => {
    fault({ kind: 'endless', pageItems: 2_000, endpoint: 'objects' });
    const dir = await mkdtemp(path.join(tmpdir(), 'taxiway-cache-limit-'));
    const maxBytes = 4 * 1024 * 1024;
    const client = new TaxiiClient();
    client.useCache(new PageCache({ dir, maxBytes }), 'limit-test');
    try {
      let seen = 0;
      for await (const page of client.objectPages(endlessUrl)) {
        seen += page.items.length;
        if (seen >= 60_000) break; // about 20 MiB of objects: five times the limit
      }
      expect(await folderBytes(dir)).toBeLessThanOrEqual(maxBytes);
      expect(await folderBytes(dir)).toBeGreaterThan(maxBytes / 2);
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an answer past the per-answer cap with a clear error', async () => {
    fault({ kind: 'huge-page', bytes: MAX_BODY_BYTES + 4 * 1024 * 1024, endpoint: 'objects' });
    const client = new TaxiiClient({ retry: false });
    try {
      const err = await expectAppError(client.objectPages(endlessUrl).next(), 'INVALID_RESPONSE');
      expect(err.message).toMatch(/larger than 100 MiB, the most Taxiway reads in one answer/);
    } finally {
      await client.close();
    }
  });

  describe('JSON nested 5,000 deep', () => {
    let app: WebApp;
    beforeAll(async () => {
      app = await startWebApp();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('is refused as INVALID_RESPONSE naming the depth, in the client, the CLI and the bridge', async () => {
      fault({ kind: 'deep-json', depth: 5000, endpoint: ['objects', 'manifest'] });
      const client = new TaxiiClient();
      try {
        const err = await expectAppError(client.objectPages(endlessUrl).next(), 'INVALID_RESPONSE');
        expect(err.message).toMatch(
          new RegExp(`nests 5003 levels deep; Taxiway reads at most ${MAX_JSON_DEPTH}`),
        );
      } finally {
        await client.close();
      }

      const run = await taxiway(['objects', endlessUrl]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/nests 5003 levels deep/);
      expect(run.stderr).not.toMatch(/\n\s+at |Maximum call stack/);

      const bridge = bridgeTarget(app);
      const saved = await bridge.call('connections.save', {
        settings: { name: 'Deep', server: { kind: 'discovery', url: srv.discoveryUrl } },
      });
      if (!saved.ok) throw new Error(JSON.stringify(saved.error));
      const id = (saved.value as { id: string }).id;
      const page = await bridge.call('objects.page', {
        connectionId: id,
        apiRoot: srv.rootUrl('api1'),
        collectionId: new URL(endlessUrl).pathname.split('/').at(-2)!,
      });
      expect(page.ok).toBe(false);
      if (!page.ok) {
        expect(page.error.code).toBe('INVALID_RESPONSE');
        expect(page.error.message).toMatch(/nests 5003 levels deep/);
      }
    });
  });
});
