import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import {
  bundleProblemsError,
  bundleToEnvelope,
  envelopeToBundle,
  parseBundleText,
  readValidBundleText,
} from './bundle';
import { isStixId, isStixType } from './checks';
import { findJsonError, parseJsonText } from './json-text';

const ID = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const good = {
  type: 'indicator',
  spec_version: '2.1',
  id: ID,
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern: "[ipv4-addr:value = '10.0.0.1']",
  pattern_type: 'stix',
  valid_from: '2016-04-06T20:03:48.000Z',
};

function thrown(fn: () => unknown): {
  code: string;
  message: string;
  details?: Record<string, unknown>;
} {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message, details: e.wire.details };
    throw e;
  }
  throw new Error('did not throw');
}

describe('reading bundles from text', () => {
  it('reports broken JSON with line and column', () => {
    const text = '{\n  "type": "bundle",\n  "id": "bundle--1"\n  "objects": []\n}';
    const err = thrown(() => parseBundleText(text, 'bundle.json'));
    expect(err.code).toBe('INVALID_BUNDLE');
    expect(err.details).toMatchObject({ line: 4, column: 3 });
    expect(err.message).toMatch(/^Bundle\.json is not valid JSON: .*line 4, column 3/);
  });

  it('locates common syntax errors', () => {
    const cases: [string, number, RegExp][] = [
      ['{"a": 1,}', 8, /trailing comma/],
      ['[1, 2', 5, /ends inside an unfinished array/],
      ['{"a": tru}', 6, /value was expected/],
      ["{'a': 1}", 1, /property name in double quotes/],
      ['{"a": "x\ny"}', 8, /control character/],
      ['{"a": 1} x', 9, /after the end/],
      ['', 0, /ends where a value was expected/],
      ['{"a": 01}', 7, /expected ',' or '}'/],
      ['{"a" 1}', 5, /expected ':'/],
      ['"\\q"', 1, /not a JSON escape/],
    ];
    for (const [text, offset, message] of cases) {
      const found = findJsonError(text);
      expect(found?.offset, text).toBe(offset);
      expect(found?.message, text).toMatch(message);
    }
  });

  it('ignores a byte-order mark but counts columns in the original text', () => {
    expect(parseJsonText('\ufeff[1]')).toEqual({ ok: true, value: [1] });
    const r = parseJsonText('\ufeff[1,]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ line: 1, column: 5 });
  });

  it('accepts a bundle, an envelope, a list and a single object', () => {
    expect(
      parseBundleText(
        JSON.stringify({
          type: 'bundle',
          id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
          objects: [good],
        }),
      ),
    ).toMatchObject({ form: 'bundle', objects: [good], problems: [] });
    expect(parseBundleText(JSON.stringify({ objects: [good] }))).toMatchObject({
      form: 'envelope',
      problems: [],
    });
    expect(parseBundleText('{}')).toMatchObject({ form: 'envelope', objects: [] });
    expect(parseBundleText(JSON.stringify([good]))).toMatchObject({ form: 'array', problems: [] });
    expect(parseBundleText(JSON.stringify(good))).toMatchObject({
      form: 'object',
      objects: [good],
      problems: [],
    });
  });

  it('lists every invalid object with index, id, JSON path and message', () => {
    const text = JSON.stringify({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [
        good,
        { ...good, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
        {
          ...good,
          id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd40',
          modified: '2016-04-06 20:03:48',
        },
        { ...good, id: undefined, created: undefined },
        'not an object',
        {
          type: 'x-acme-widget',
          id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd41',
          spec_version: '2.1',
          created: '2020-01-01T00:00:00Z',
          modified: '2019-01-01T00:00:00Z',
        },
      ],
    });
    const { problems } = parseBundleText(text);
    expect(problems).toEqual([
      {
        index: 1,
        id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        path: '$.objects[1].id',
        message: expect.stringContaining('does not start with the object\'s type "indicator--"'),
      },
      {
        index: 2,
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd40',
        path: '$.objects[2].modified',
        message: expect.stringContaining('not an RFC 3339 UTC timestamp'),
      },
      {
        index: 3,
        path: '$.objects[3].id',
        message: 'id is missing: give the object an id of the form <type>--<UUID> (§2.9)',
      },
      {
        index: 3,
        path: '$.objects[3].created',
        message:
          'created is missing (required on an indicator): give the time as a UTC timestamp with milliseconds (§3.2)',
      },
      {
        index: 4,
        path: '$.objects[4]',
        message: 'is not a JSON object: a STIX object is a {…} with at least type and id',
      },
      {
        index: 5,
        id: 'x-acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd41',
        path: '$.objects[5].modified',
        message: expect.stringContaining('earlier than created'),
      },
    ]);
    const err = thrown(() => readValidBundleText(text, 'upload.json'));
    expect(err.code).toBe('INVALID_BUNDLE');
    expect(err.message).toMatch(/^Upload\.json has 5 invalid objects: \$\.objects\[1\]\.id/);
    expect(bundleProblemsError(problems).wire.where).toBe('$.objects[1].id');
  });

  it('accepts custom x- types and custom properties', () => {
    const custom = {
      type: 'x-mitre-tactic',
      id: 'x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a',
      spec_version: '2.1',
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
      x_mitre_shortname: 'evasion-ics',
    };
    expect(parseBundleText(JSON.stringify([custom])).problems).toEqual([]);
  });

  it('refuses JSON that is not STIX', () => {
    expect(thrown(() => parseBundleText('{"title": "x"}')).code).toBe('INVALID_BUNDLE');
    expect(thrown(() => parseBundleText('42')).message).toMatch(/it is a number/);
    expect(
      thrown(() =>
        parseBundleText(
          '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}',
          'core.json',
        ),
      ).message,
    ).toBe('Core.json is a JSON Schema document, not STIX content.');
    expect(thrown(() => parseBundleText('{"type": "bundle", "id": "bundle--1"}')).message).toMatch(
      /bundle--<UUID>/,
    );
  });
});

describe('STIX ids and types', () => {
  it('checks the type--UUID form', () => {
    expect(isStixId(ID)).toBe(true);
    expect(isStixId(ID, 'indicator')).toBe(true);
    expect(isStixId(ID, 'malware')).toBe(false);
    expect(isStixId('indicator--123')).toBe(false);
    expect(isStixId('Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toBe(false);
    expect(isStixType('x-mitre-data-component')).toBe(true);
    expect(isStixType('ab')).toBe(false);
    expect(isStixType('a--b')).toBe(false);
    expect(isStixType('-ab')).toBe(false);
  });
});

describe('bundle and envelope', () => {
  it('convert both ways, omitting empty lists', () => {
    const bundle = envelopeToBundle(
      { objects: [good] },
      { id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', specVersion: '2.0' },
    );
    expect(bundle).toEqual({
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      spec_version: '2.0',
      objects: [good],
    });
    expect(bundleToEnvelope(bundle)).toEqual({ objects: [good] });
    expect(bundleToEnvelope({ objects: [] })).toEqual({});
    expect(envelopeToBundle([], { id: 'bundle--x' })).toEqual({ type: 'bundle', id: 'bundle--x' });
  });
});
