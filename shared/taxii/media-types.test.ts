import { describe, expect, it } from 'vitest';
import {
  hasVersionParam,
  MEDIA_TYPES,
  mediaKind,
  parseMediaRanges,
  parseMediaType,
  sameMediaType,
  taxiiVersionOf,
} from './media-types';

describe('media types', () => {
  it('parses type, whitespace, quoted values and unknown parameters', () => {
    expect(parseMediaType('Application/TAXII+json ;  Version="2.1" ; charset=utf-8')).toEqual({
      type: 'application/taxii+json',
      params: { version: '2.1', charset: 'utf-8' },
    });
  });

  it('splits Accept lists without breaking quoted commas', () => {
    const ranges = parseMediaRanges('application/taxii+json;version=2.1, text/x;a="1,2";q=0.5');
    expect(ranges.map((r) => r.type)).toEqual(['application/taxii+json', 'text/x']);
    expect(ranges[1]?.params).toEqual({ a: '1,2', q: '0.5' });
  });

  it('rejects strings that are not type/subtype', () => {
    expect(parseMediaType('nonsense')).toBeUndefined();
    expect(parseMediaType('')).toBeUndefined();
    expect(parseMediaType(undefined)).toBeUndefined();
  });

  it('treats harmless variations of the 2.1 type as the same type', () => {
    for (const v of [
      'application/taxii+json;version=2.1',
      'application/taxii+json; version=2.1',
      'APPLICATION/TAXII+JSON;version="2.1"',
      'application/taxii+json;version=2.1;charset=utf-8',
      'application/taxii+json',
      'application/vnd.oasis.taxii+json;version=2.1',
    ]) {
      expect(sameMediaType(v, MEDIA_TYPES.taxii21), v).toBe(true);
    }
  });

  it('tells the two TAXII versions apart', () => {
    expect(sameMediaType(MEDIA_TYPES.taxii20, MEDIA_TYPES.taxii21)).toBe(false);
    expect(sameMediaType('application/taxii+json;version=2.1', MEDIA_TYPES.taxii20)).toBe(false);
    expect(taxiiVersionOf(MEDIA_TYPES.taxii20)).toBe('2.0');
    expect(taxiiVersionOf(MEDIA_TYPES.stix20)).toBe('2.0');
    expect(taxiiVersionOf('application/taxii+json')).toBe('2.1');
    expect(taxiiVersionOf('application/vnd.oasis.taxii+json')).toBe('2.0');
    expect(taxiiVersionOf('application/taxii+json;version=3.0')).toBeUndefined();
    expect(taxiiVersionOf('application/json')).toBeUndefined();
  });

  it('does not confuse TAXII and STIX types', () => {
    expect(sameMediaType(MEDIA_TYPES.stix20, MEDIA_TYPES.taxii20)).toBe(false);
    expect(sameMediaType('application/vnd.oasis.stix+json', MEDIA_TYPES.stix20)).toBe(true);
  });

  it('sorts content types into kinds', () => {
    expect(mediaKind('text/html; charset=utf-8')).toBe('html');
    expect(mediaKind('application/json')).toBe('json');
    expect(mediaKind('application/problem+json')).toBe('json');
    expect(mediaKind('application/stix+json;version=2.1')).toBe('stix');
    expect(mediaKind(MEDIA_TYPES.taxii20)).toBe('taxii');
    expect(mediaKind('text/plain')).toBe('text');
    expect(mediaKind('application/xml')).toBe('xml');
    expect(mediaKind(undefined)).toBe('none');
  });

  it('notices a missing version parameter', () => {
    expect(hasVersionParam('application/taxii+json')).toBe(false);
    expect(hasVersionParam(MEDIA_TYPES.taxii21)).toBe(true);
  });
});
