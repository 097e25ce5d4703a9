import { describe, expect, it } from 'vitest';
import { idType, objectLabel } from './object-label';

describe('object labels', () => {
  it('uses the name when there is one', () => {
    expect(objectLabel({ type: 'malware', id: 'malware--1', name: 'Emotet' })).toBe('Emotet');
  });

  it('names both ends of a relationship, by name when the end is loaded', () => {
    const names: Record<string, string> = { 'malware--1': 'Emotet' };
    expect(
      objectLabel(
        {
          type: 'relationship',
          id: 'relationship--1',
          relationship_type: 'uses',
          source_ref: 'malware--1',
          target_ref: 'attack-pattern--2',
        },
        (id) => names[id],
      ),
    ).toBe('Emotet uses attack-pattern');
  });

  it('falls back to the pattern, the value or the TLP level', () => {
    expect(
      objectLabel({ type: 'indicator', id: 'indicator--1', pattern: "[url:value = 'x']" }),
    ).toBe("[url:value = 'x']");
    expect(objectLabel({ type: 'ipv4-addr', id: 'ipv4-addr--1', value: '10.0.0.1' })).toBe(
      '10.0.0.1',
    );
    expect(
      objectLabel({
        type: 'marking-definition',
        id: 'marking-definition--1',
        definition_type: 'tlp',
        definition: { tlp: 'amber' },
      }),
    ).toBe('TLP:AMBER');
  });

  it('labels custom types and non-STIX content instead of dropping them', () => {
    expect(objectLabel({ type: 'x-acme-widget', id: 'x-acme-widget--1', value: 'w' })).toBe('w');
    expect(objectLabel({ hello: 'world' })).toBe('Non-STIX content: {"hello":"world"}');
  });

  it('keeps markup as plain text and clips long labels to one line', () => {
    expect(objectLabel({ type: 'malware', id: 'm--1', name: '<img src=x onerror=alert(1)>' })).toBe(
      '<img src=x onerror=alert(1)>',
    );
    const long = objectLabel({ type: 'note', id: 'note--1', content: `a\n${'b'.repeat(500)}` });
    expect(long.length).toBe(160);
    expect(long).not.toContain('\n');
  });

  it('reads the type of an id', () => {
    expect(idType('threat-actor--abc')).toBe('threat-actor');
    expect(idType('opaque')).toBe('opaque');
  });
});
