/**
 * Long walks against the project's server misbehaving the way real ones do: expiring `next`
 * tokens, a 429 storm with Retry-After, a page that repeats. The result is compared with the
 * server's data as generated (not as served), by id+version: nothing lost, nothing twice.
 * Then a walk cancelled midway and resumed later from its saved checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../../e2e/server/index';
import { syntheticVersions } from '../../../e2e/server/synthetic';
import { walkCheckpointSchema, type WalkCheckpoint } from '../../../shared/taxii/checkpoint';
import type { QuirkCode } from '../../../shared/taxii/notes';
import type { WaitNotice } from '../../../shared/taxii/waits';
import { objectVersion } from '../../../shared/stix/common';
import type { StixObject } from '../../../shared/taxii/resources';
import { TaxiiClient } from './client';

const COUNT = 20_000;
const key = (o: { id: string } & Record<string, unknown>): string =>
  `${o.id}|${objectVersion(o as StixObject) ?? ''}`;

describe('a 20,000-object walk against a hostile server', () => {
  let srv: RunningTaxiiServer;
  let expected: string[];
  let bench: string;

  beforeAll(async () => {
    srv = await startTaxiiServer({
      mitreDir: null,
      seed: false,
      synthetic: COUNT,
      pageSize: 500,
      statusDelayMs: 0,
    });
    bench = srv.collectionUrl('api1', 'bench');
    expected = syntheticVersions(COUNT).map((v) => key(v.object));
  });
  afterAll(async () => {
    await srv.close();
  });

  it('survives an expired token, a 429 storm and a repeating page with nothing lost or duplicated', async () => {
    srv.setQuirks(['expiring-next', 'rate-limit', 'repeating-page'], {
      nextTtlMs: 300,
      rateLimitBudget: 20,
      rateLimitWindowMs: 1000,
      retryAfterSeconds: 1,
      repeatAfterPages: 50,
    });
    const waits: WaitNotice[] = [];
    const client = new TaxiiClient({ onWait: (w) => waits.push(w) });
    try {
      const got: string[] = [];
      const codes = new Set<QuirkCode>();
      for await (const page of client.objectPages(bench, { limit: 250 })) {
        for (const o of page.items) got.push(key(o));
        for (const n of page.notes) codes.add(n.code);
      }
      expect(got.length).toBe(COUNT);
      expect(new Set(got).size).toBe(COUNT);
      expect([...got].sort()).toEqual([...expected].sort());
      // Each misbehaviour was met, got past, and said.
      expect(codes).toContain('NEXT_EXPIRED');
      expect(codes).toContain('NEXT_LOOPED');
      expect(codes).toContain('SERVER_ASKED_TO_WAIT');
      expect(waits.length).toBeGreaterThan(0);
      expect(waits[0]?.message).toBe('waiting 1 s: server asked (429) (attempt 2 of 5)');
      expect(srv.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    } finally {
      srv.setQuirks([]);
      await client.close();
    }
  }, 60_000);

  it('resumes a cancelled walk from its saved checkpoint, even after the token expired', async () => {
    srv.setQuirks(['expiring-next'], { nextTtlMs: 200 });
    const first = new TaxiiClient();
    const got: string[] = [];
    let saved = '';
    try {
      for await (const page of first.objectPages(
        bench,
        { limit: 500, type: ['indicator', 'malware'] },
        { checkpoints: true },
      )) {
        got.push(...page.items.map(key));
        saved = JSON.stringify(page.checkpoint);
        if (got.length >= 3000) break; // the person closes the window
      }
    } finally {
      await first.close();
    }
    await new Promise((r) => setTimeout(r, 400)); // the server forgets the token meanwhile
    const checkpoint: WalkCheckpoint = walkCheckpointSchema.parse(JSON.parse(saved));
    expect(checkpoint).toMatchObject({ done: false, items: got.length });
    const later = new TaxiiClient();
    const codes = new Set<QuirkCode>();
    try {
      for await (const page of later.objectPages(
        bench,
        { limit: 500, type: ['indicator', 'malware'] },
        { resume: checkpoint },
      )) {
        got.push(...page.items.map(key));
        for (const n of page.notes) codes.add(n.code);
      }
    } finally {
      srv.setQuirks([]);
      await later.close();
    }
    const wanted = syntheticVersions(COUNT)
      .filter((v) => v.type === 'indicator' || v.type === 'malware')
      .map((v) => key(v.object));
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...wanted].sort());
    expect(codes).toContain('NEXT_EXPIRED');
  }, 30_000);
});
