/**
 * N synthetic but valid STIX 2.1 objects for benchmarks, from a seeded PRNG: the same N gives the
 * same objects, ids and `date_added` values on every run. 100,000 load in well under a few seconds.
 */
import { Prng } from './prng';
import { makeVersion, type StoredVersion } from './store';

const BASE_MICROS = Date.UTC(2024, 5, 1) * 1000;
const KINDS = [
  'indicator',
  'indicator',
  'indicator',
  'indicator',
  'ipv4-addr',
  'domain-name',
  'malware',
  'relationship',
] as const;

/** Makes `count` versions, ascending by date_added (one millisecond apart from 2024-06-01). */
export function syntheticVersions(count: number, seed = 42): StoredVersion[] {
  const rng = new Prng(seed);
  const out: StoredVersion[] = new Array(count);
  let lastMalware = '';
  for (let i = 0; i < count; i++) {
    const micros = BASE_MICROS + i * 1000;
    const created = new Date(micros / 1000 - 60_000).toISOString();
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    const uuid = rng.uuid();
    const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    let object: Record<string, unknown>;
    switch (kind) {
      case 'indicator':
        object = {
          type: 'indicator',
          spec_version: '2.1',
          id: `indicator--${uuid}`,
          created,
          modified: created,
          name: `Synthetic indicator ${i}`,
          indicator_types: ['malicious-activity'],
          pattern: `[ipv4-addr:value = '${ip}']`,
          pattern_type: 'stix',
          valid_from: created,
        };
        break;
      case 'ipv4-addr':
        object = { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${uuid}`, value: ip };
        break;
      case 'domain-name':
        object = {
          type: 'domain-name',
          spec_version: '2.1',
          id: `domain-name--${uuid}`,
          value: `host${i}-${rng.hex(6)}.example`,
        };
        break;
      case 'malware':
        lastMalware = `malware--${uuid}`;
        object = {
          type: 'malware',
          spec_version: '2.1',
          id: lastMalware,
          created,
          modified: created,
          name: `Synthetic family ${i}`,
          is_family: true,
          malware_types: ['trojan'],
        };
        break;
      default:
        object = {
          type: 'relationship',
          spec_version: '2.1',
          id: `relationship--${uuid}`,
          created,
          modified: created,
          relationship_type: 'indicates',
          source_ref: `indicator--${rng.uuid()}`,
          target_ref: lastMalware || `malware--${rng.uuid()}`,
        };
    }
    out[i] = makeVersion(object as StoredVersion['object'], micros);
  }
  return out;
}
