import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { manifestEntriesToRecords, normaliseStatus } from './normalise';
import type { QuirkNote } from './notes';
import {
  apiRootSchema,
  collectionsSchema,
  discoverySchema,
  envelopeSchema,
  statusWireSchema,
} from './resources';
import { parseResource } from './validate';

const where = { resource: 'collections resource', url: 'https://example.test/api1/collections/' };

describe('resource schemas', () => {
  it('keep unknown (custom) properties', () => {
    const parsed = parseResource(discoverySchema, { title: 'T', x_acme_tier: 'gold' }, where);
    expect(parsed).toEqual({ title: 'T', x_acme_tier: 'gold' });
    const root = parseResource(
      apiRootSchema,
      { title: 'R', versions: ['taxii-2.0'], max_content_length: 10, x_foo: [1] },
      where,
    );
    expect(root.x_foo).toEqual([1]);
  });

  it('name the offending field by JSON path', () => {
    try {
      parseResource(
        collectionsSchema,
        {
          collections: [
            { id: 'a', title: 't', can_read: true, can_write: false },
            { id: 'b', title: 't', can_read: 'yes', can_write: false },
          ],
        },
        where,
      );
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e, 'INVALID_RESPONSE')).toBe(true);
      if (!isAppError(e)) return;
      expect(e.wire.details?.path).toBe('$.collections[1].can_read');
      expect(e.message).toContain('$.collections[1].can_read');
      expect(e.wire.where).toBe(where.url);
    }
  });

  it('checks objects in an envelope for type and id without copying them', () => {
    const obj = { type: 'x-custom-thing', id: 'x-custom-thing--1', anything: { deep: true } };
    const env = parseResource(envelopeSchema, { more: true, next: 7, objects: [obj] }, where);
    expect(env.objects?.[0]).toBe(obj);
    expect(env.next).toBe(7);
    expect(() =>
      parseResource(envelopeSchema, { objects: [{ type: 'indicator' }] }, where),
    ).toThrow(/\$\.objects\[0\]\.id/);
  });

  it('turns 2.0 manifest entries into one record per version', () => {
    expect(
      manifestEntriesToRecords([
        {
          id: 'a--1',
          date_added: 'd',
          versions: ['v2', 'v1'],
          media_types: ['application/vnd.oasis.stix+json; version=2.0'],
          x_extra: 1,
        },
        { id: 'b--1' },
      ]),
    ).toEqual([
      {
        id: 'a--1',
        date_added: 'd',
        version: 'v2',
        media_type: 'application/vnd.oasis.stix+json; version=2.0',
        x_extra: 1,
      },
      {
        id: 'a--1',
        date_added: 'd',
        version: 'v1',
        media_type: 'application/vnd.oasis.stix+json; version=2.0',
        x_extra: 1,
      },
      { id: 'b--1' },
    ]);
  });

  it('normalises a 2.0 status (id strings, total_objects) and notes it', () => {
    const wire = statusWireSchema.parse({
      id: 's',
      status: 'complete',
      total_objects: 3,
      success_count: 1,
      successes: ['a--1'],
      failure_count: 1,
      failures: [{ id: 'b--1', message: 'bad' }],
      pending_count: 0,
    });
    const notes: QuirkNote[] = [];
    expect(normaliseStatus(wire, notes)).toEqual({
      id: 's',
      status: 'complete',
      total_count: 3,
      success_count: 1,
      successes: [{ id: 'a--1' }],
      failure_count: 1,
      failures: [{ id: 'b--1', message: 'bad' }],
      pending_count: 0,
    });
    expect(notes.map((n) => n.code).sort()).toEqual([
      'STATUS_COUNTS_MISMATCH',
      'STATUS_DETAIL_NO_VERSION',
      'STATUS_TOTAL_OBJECTS',
    ]);
  });

  it('requires a total count', () => {
    expect(
      statusWireSchema.safeParse({
        id: 's',
        status: 'pending',
        success_count: 0,
        failure_count: 0,
        pending_count: 0,
      }).success,
    ).toBe(false);
  });
});
