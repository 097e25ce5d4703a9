/**
 * Credentials bound to their origin, against the project's server and its second origin: auth,
 * headers marked secret and secret query parameters go only to the credential origins; a
 * redirect to another origin stops with REDIRECT_REFUSED before anything is sent there; secrets
 * never appear in URLs, records or errors the client produces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  DEMO_CREDENTIALS,
  startTaxiiServer,
  type RunningTaxiiServer,
} from '../../../e2e/server/index';
import type { ExchangeRecord } from './options';
import { TaxiiClient } from './client';
import { expectAppError } from '../../../e2e/support/taxii';

const QUERY_SECRET = 'q-secret-7f1e9a';
const HEADER_SECRET = 'h-secret-2b8c4d';

describe('credentials bound to their origin', () => {
  let srv: RunningTaxiiServer;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
  });
  afterAll(async () => {
    await srv.close();
  });
  const seen = (listener: 'main' | 'other', from: number) =>
    srv.requests.slice(from).filter((r) => r.listener === listener);

  it('sends a header marked secret, whatever its name, only to the credential origins', async () => {
    const records: ExchangeRecord[] = [];
    const client = new TaxiiClient({
      headers: { 'X-Feed-Tenant': HEADER_SECRET, 'X-Client': 'taxiway-test' },
      secretHeaders: ['x-feed-tenant'],
      authOrigins: [srv.origin],
      taxiiVersion: '2.1',
      onExchange: (r) => records.push(r),
    });
    try {
      const from = srv.requests.length;
      await client.apiRoot(srv.rootUrl('api1'));
      await client.apiRoot(`${srv.otherOrigin}/api1/`);
      const [main] = seen('main', from);
      const [other] = seen('other', from);
      expect(main?.headers['x-feed-tenant']).toBe(HEADER_SECRET);
      expect(main?.headers['x-client']).toBe('taxiway-test');
      expect(other?.headers['x-feed-tenant']).toBeUndefined();
      expect(other?.headers['x-client']).toBe('taxiway-test');
      expect(records[0]?.requestHeaders['x-feed-tenant']).toBe('[redacted]');
      expect(JSON.stringify(records)).not.toContain(HEADER_SECRET);
    } finally {
      await client.close();
    }
  });

  it('adds secret query parameters to every request to the credential origin, and shows them nowhere', async () => {
    const records: ExchangeRecord[] = [];
    const client = new TaxiiClient({
      query: { feed: QUERY_SECRET },
      authOrigins: [srv.origin],
      onExchange: (r) => records.push(r),
    });
    const seed = srv.collectionUrl('api1', 'seed');
    try {
      const from = srv.requests.length;
      const d = await client.discover(srv.origin);
      const pages = [];
      for await (const p of client.objectPages(seed, { limit: 40 })) pages.push(p);
      const main = seen('main', from);
      expect(main.length).toBeGreaterThan(2);
      expect(main.every((r) => r.path.includes(`feed=${QUERY_SECRET}`))).toBe(true);
      // The paging query is intact around it.
      expect(main.some((r) => /limit=40&next=[^&]+/.test(r.path))).toBe(true);
      // A URL that already holds the parameter is redacted by its name, though "feed" looks harmless.
      const err = await expectAppError(
        client.collection(`${srv.rootUrl('api1')}collections/nope/?feed=${QUERY_SECRET}`),
        'NOT_FOUND',
      );
      const shown = JSON.stringify([d, pages.map((p) => [p.url, p.notes]), records, err.wire]);
      expect(shown).not.toContain(QUERY_SECRET);
      expect(records.every((r) => !r.url.includes(QUERY_SECRET))).toBe(true);
      // Never to another origin.
      const from2 = srv.requests.length;
      await client.apiRoot(`${srv.otherOrigin}/api1/`);
      expect(seen('other', from2)[0]?.path).toBe('/api1/');
    } finally {
      await client.close();
    }
  });

  it('refuses a cross-origin redirect, naming the target, and sends nothing there', async () => {
    srv.setQuirks(['cross-origin-redirect']);
    const { username, password } = DEMO_CREDENTIALS.basic;
    const client = new TaxiiClient({
      auth: { kind: 'basic', username, password },
      query: { key: QUERY_SECRET },
    });
    try {
      const from = srv.requests.length;
      const err = await expectAppError(client.discover(srv.discoveryUrl), 'REDIRECT_REFUSED');
      expect(err.message).toBe(
        `The server redirected to another site, ${srv.otherOrigin}/taxii2/?key=%5Bredacted%5D; Taxiway does not follow redirects off ${srv.origin}, so no credentials went there.`,
      );
      expect(err.wire.details).toMatchObject({ kind: 'cross-origin-redirect', from: srv.origin });
      expect(err.wire.hint).toMatch(/use it directly/);
      expect(seen('other', from)).toEqual([]);
      expect(seen('main', from)[0]?.headers.authorization).toMatch(/^Basic /);
      expect(JSON.stringify(err.wire)).not.toContain(QUERY_SECRET);
    } finally {
      srv.setQuirks([]);
      await client.close();
    }
  });

  it('sends no credentials to an API root that discovery places on another origin', async () => {
    srv.setQuirks(['cross-origin-root']);
    const { username, password } = DEMO_CREDENTIALS.basic;
    const client = new TaxiiClient({ auth: { kind: 'basic', username, password } });
    try {
      const d = await client.discover(srv.discoveryUrl);
      const foreign = d.value.apiRoots.find((r) => r.startsWith(srv.otherOrigin));
      expect(foreign).toBe(`${srv.otherOrigin}/secure/`);
      const from = srv.requests.length;
      const err = await expectAppError(client.collections(foreign as string), 'UNAUTHORIZED');
      expect(err.message).toMatch(/wants you to log in/);
      expect(seen('other', from).every((r) => r.headers.authorization === undefined)).toBe(true);
      // The credential origin still gets them.
      const secure = await client.collections(srv.rootUrl('secure'));
      expect(secure.value.map((c) => c.id)).toContain(COLLECTIONS['secure-feed'].id);
    } finally {
      srv.setQuirks([]);
      await client.close();
    }
  });
});
