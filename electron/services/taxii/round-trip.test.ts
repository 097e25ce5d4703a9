/**
 * Round trip: every OASIS STIX example bundle and both MITRE ATT&CK for ICS releases are published
 * to the project's server and read back unchanged (deep-equal objects, custom x-mitre types
 * included). The data is read where it lies, in ../shared/data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { objectVersion } from '../../../shared/stix/common';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';
import { publish } from './publish';
import { collect, DATA_DIR, expectAppError } from '../../../e2e/support/taxii';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : e.name.endsWith('.json') ? [p] : [];
  });
}

const key = (o: StixObject): string => `${o.id}|${objectVersion(o) ?? ''}`;
const fastPoll = { initialDelayMs: 20, maxDelayMs: 200, timeoutMs: 30_000 };

describe('round trip through the server', () => {
  let srv: RunningTaxiiServer;
  let client: TaxiiClient;
  beforeAll(async () => {
    srv = await startTaxiiServer({ mitreDir: null, seed: false, statusDelayMs: 0 });
    client = new TaxiiClient();
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });

  async function readBack(collectionUrl: string): Promise<Map<string, StixObject>> {
    const got = await collect(
      client.objectPages(collectionUrl, {
        version: ['all'],
        specVersion: ['2.0', '2.1'],
        limit: 500,
      }),
    );
    return new Map(got.map((o) => [key(o), o]));
  }

  it('publishes every OASIS example (through the 16 KiB tiny root) and reads each object back unchanged', async () => {
    const files = [
      ...jsonFiles(path.join(DATA_DIR, 'oasis-stix-examples/examples')),
      ...jsonFiles(path.join(DATA_DIR, 'oasis-stix-examples/interop')),
    ];
    expect(files.length).toBeGreaterThan(20);
    const url = srv.collectionUrl('tiny', 'tiny');
    const sent: StixObject[] = [];
    let requests = 0;
    let stixFiles = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const json = JSON.parse(text) as Record<string, unknown>;
      if (typeof json.$schema === 'string') {
        // interop/ holds the interoperability JSON Schemas, not bundles: refused, clearly, before sending.
        await expectAppError(
          publish(client, url, text, { source: path.basename(file) }),
          'INVALID_BUNDLE',
        );
        continue;
      }
      stixFiles++;
      const result = await publish(client, url, text, {
        source: path.basename(file),
        poll: fastPoll,
      });
      expect(
        result.counts.failure,
        `${file}: ${JSON.stringify(result.objects.filter((o) => o.outcome !== 'success'))}`,
      ).toBe(0);
      expect(result.complete).toBe(true);
      requests += result.requests.length;
      sent.push(
        ...(json.type === 'bundle' ? (json.objects as StixObject[]) : [json as StixObject]),
      );
    }
    expect(stixFiles).toBeGreaterThan(5);
    expect(requests).toBeGreaterThan(stixFiles); // the threat reports needed splitting
    const back = await readBack(url);
    for (const o of sent) expect(back.get(key(o)), key(o)).toStrictEqual(o);
    expect(back.size).toBe(new Set(sent.map(key)).size);
  });

  it('publishes MITRE ATT&CK for ICS 16.1 then 18.1 (split) and reads every version back unchanged', async () => {
    const url = srv.collectionUrl('api1', 'publish');
    const stored = new Map<string, StixObject>();
    for (const release of ['16.1', '18.1']) {
      const text = readFileSync(
        path.join(DATA_DIR, `mitre-attack-ics/ics-attack-${release}.json`),
        'utf8',
      );
      const objects = (JSON.parse(text) as { objects: StixObject[] }).objects;
      // MITRE sometimes changes an object without changing its version (18.1 rewrites the
      // copyright marking-definition in place). The server must refuse those, and we must say so.
      const clashes = objects
        .filter((o) => stored.has(key(o)) && !isDeepStrictEqual(stored.get(key(o)), o))
        .map((o) => o.id);
      const result = await publish(client, url, text, {
        source: `ics-attack-${release}.json`,
        maxContentLength: 512 * 1024,
        poll: fastPoll,
      });
      expect(result.requests.length).toBeGreaterThan(3);
      expect(result.requests.every((r) => r.bytes < 512 * 1024)).toBe(true);
      const failed = result.objects.filter((o) => o.outcome !== 'success');
      expect(failed.map((o) => o.id)).toEqual(clashes);
      for (const f of failed)
        expect(f).toMatchObject({
          outcome: 'failure',
          message: expect.stringMatching(/already stored/),
        });
      for (const o of objects) if (!stored.has(key(o))) stored.set(key(o), o);
    }
    const back = await readBack(url);
    const sent = [...stored.values()];
    for (const o of sent) expect(back.get(key(o)), key(o)).toStrictEqual(o);
    expect(back.size).toBe(stored.size);
    expect(sent.some((o) => o.type.startsWith('x-mitre-'))).toBe(true);
    // 18.1 changed most objects: their history is now visible through the versions endpoint.
    const changed = sent.find(
      (o) =>
        o.type === 'attack-pattern' && sent.some((p) => p.id === o.id && p.modified !== o.modified),
    ) as StixObject;
    const versions = await client.versions(url, changed.id);
    expect(versions.items.length).toBe(2);
  });
});
