/** Splitting uploads below max_content_length, byte-exact, with multi-byte UTF-8. */
import { describe, expect, it } from 'vitest';
import type { StixObject } from '../../../shared/taxii/resources';
import { splitUpload } from './split';
import { expectAppError } from '../../../e2e/support/taxii';

function note(i: number, text: string): StixObject {
  return {
    type: 'note',
    spec_version: '2.1',
    id: `note--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    content: text,
    object_refs: ['identity--00000000-0000-4000-8000-000000000000'],
  };
}

const envelope = { kind: 'envelope' } as const;

describe('splitting uploads', () => {
  const objects = [
    note(1, 'Grüße aus Köln 🛰️'),
    note(2, '東京の指標'),
    note(3, 'plain'),
    note(4, 'ça va — “quotes”'),
  ];
  const sizes = objects.map((o) => Buffer.byteLength(JSON.stringify(o)));
  const overhead = Buffer.byteLength('{"objects":[]}');

  it('measures bodies in UTF-8 bytes, exactly', () => {
    const [one] = splitUpload(objects, envelope);
    expect(one?.bytes).toBe(Buffer.byteLength(one?.body ?? ''));
    expect(one?.bytes).toBe(overhead + sizes.reduce((a, b) => a + b, 0) + objects.length - 1);
    expect(JSON.parse(one?.body ?? '')).toEqual({ objects });
    // Multi-byte characters make byte and character counts differ: the limit is about bytes.
    expect(one?.bytes).toBeGreaterThan(one?.body.length ?? 0);
  });

  it('keeps every body strictly below the limit, even when equal would fit', () => {
    const twoExactly = overhead + (sizes[0] as number) + 1 + (sizes[1] as number);
    const atLimit = splitUpload(objects, envelope, twoExactly);
    expect(atLimit[0]?.objects.map((o) => o.id)).toEqual([objects[0]?.id]);
    const justAbove = splitUpload(objects, envelope, twoExactly + 1);
    expect(justAbove[0]?.objects).toHaveLength(2);
    expect(justAbove[0]?.bytes).toBe(twoExactly);
    for (const limit of [twoExactly, twoExactly + 1, 700, 1200, 100_000]) {
      const chunks = splitUpload(objects, envelope, limit);
      for (const c of chunks) {
        expect(c.bytes).toBeLessThan(limit);
        expect(Buffer.byteLength(c.body)).toBe(c.bytes);
      }
      expect(
        chunks.flatMap((c) => (JSON.parse(c.body) as { objects: StixObject[] }).objects),
      ).toEqual(objects);
    }
  });

  it('names an object too big to fit on its own', async () => {
    const limit = overhead + (sizes[0] as number); // equal is not below
    const err = await expectAppError(
      Promise.resolve().then(() => splitUpload(objects, envelope, limit)),
      'INVALID_INPUT',
    );
    expect(err.message).toContain(objects[0]?.id as string);
    expect(err.wire.where).toBe('objects[0]');
  });

  it('wraps 2.0 uploads in a bundle with a fresh id each', () => {
    let n = 0;
    const newId = (): string => `bundle--00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const chunks = splitUpload(objects, { kind: 'bundle', newId }, 900);
    expect(chunks.length).toBeGreaterThan(1);
    const bundles = chunks.map(
      (c) => JSON.parse(c.body) as { type: string; id: string; spec_version: string },
    );
    expect(new Set(bundles.map((b) => b.id)).size).toBe(chunks.length);
    expect(bundles.every((b) => b.type === 'bundle' && b.spec_version === '2.0')).toBe(true);
    for (const c of chunks) expect(Buffer.byteLength(c.body)).toBe(c.bytes);
  });

  it('does not split without a limit', () => {
    expect(splitUpload(objects, envelope, 0)).toHaveLength(1);
    expect(splitUpload(objects, envelope)).toHaveLength(1);
  });
});
