/**
 * N synthetic but valid STIX 2.1 objects for benchmarks, each made on demand from its index alone
 * (a PRNG seeded with the index), so a collection of 1,000,000 costs no memory until a page is
 * asked for, and the same N gives the same objects, ids and `date_added` values on every run.
 * Object i is added at 2024-06-01 plus i milliseconds, has one version, and its id carries a
 * bijection of i in its last eight hex digits, so `match[id]` finds it without an index.
 */
import type { Filters } from './filters';
import { Prng } from './prng';
import { makeVersion, type StixObject, type StoredVersion, type VersionList } from './store';
import { formatMicros, versionKey } from './timestamps';

const BASE_MS = Date.UTC(2024, 5, 1);
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
type Kind = (typeof KINDS)[number];
// Kinds with `created`/`modified`; the others (SCOs) are versioned by their date_added.
const VERSIONED: ReadonlySet<Kind> = new Set(['indicator', 'malware', 'relationship']);

// i ↔ the id's last 8 hex digits: xor with a mask, times an odd constant (both bijective mod 2^32).
const MASK = 0x5bd1e995;
const ODD = 0x2c1b3c6d;
const ODD_INVERSE = (() => {
  let inv = ODD;
  for (let k = 0; k < 5; k++) inv = Math.imul(inv, 2 - Math.imul(ODD, inv));
  return inv >>> 0;
})();
const tagOf = (i: number): string => (Math.imul(i ^ MASK, ODD) >>> 0).toString(16).padStart(8, '0');
const indexOfTag = (tag: string): number =>
  (Math.imul(Number.parseInt(tag, 16), ODD_INVERSE) ^ MASK) >>> 0;

function kindAt(i: number): Kind {
  return KINDS[i % KINDS.length] as Kind;
}

/** date_added of object i, in microseconds. */
function microsAt(i: number): number {
  return (BASE_MS + i) * 1000;
}

function rngAt(i: number, seed: number): Prng {
  return new Prng(Math.imul(i + 1, 0x9e3779b1) ^ seed);
}

const hex8 = (rng: Prng): string =>
  Math.floor(rng.next() * 0x100000000)
    .toString(16)
    .padStart(8, '0');

// Version-4 shaped: 20 random hex digits from the index's stream, then the index's tag.
function uuidFrom(rng: Prng, i: number): string {
  const a = hex8(rng);
  const b = hex8(rng);
  const c = hex8(rng);
  const variant = '89ab'[Math.floor(rng.next() * 4)] as string;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(0, 3)}-${c.slice(3, 7)}${tagOf(i)}`;
}

function uuidAt(i: number, seed: number): string {
  return uuidFrom(rngAt(i, seed), i);
}

function idAt(i: number, seed: number): string {
  return `${kindAt(i)}--${uuidAt(i, seed)}`;
}

/** The object with index `i` (0-based) of a synthetic collection made with `seed`. */
export function syntheticObject(i: number, seed = 42): StixObject {
  const rng = rngAt(i, seed);
  const kind = kindAt(i);
  const id = `${kind}--${uuidFrom(rng, i)}`; // the same as idAt(i, seed): the stream's start
  const created = new Date(BASE_MS + i - 60_000).toISOString();
  const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  switch (kind) {
    case 'indicator':
      return {
        type: 'indicator',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        name: `Synthetic indicator ${i}`,
        indicator_types: ['malicious-activity'],
        pattern: `[ipv4-addr:value = '${ip}']`,
        pattern_type: 'stix',
        valid_from: created,
      };
    case 'ipv4-addr':
      return { type: 'ipv4-addr', spec_version: '2.1', id, value: ip };
    case 'domain-name':
      return {
        type: 'domain-name',
        spec_version: '2.1',
        id,
        value: `host${i}-${rng.hex(6)}.example`,
      };
    case 'malware':
      return {
        type: 'malware',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        name: `Synthetic family ${i}`,
        is_family: true,
        malware_types: ['trojan'],
      };
    default:
      // Points at objects of this collection: the indicator 7 before and the malware just before.
      return {
        type: 'relationship',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        relationship_type: 'indicates',
        source_ref: idAt(i - 7, seed),
        target_ref: idAt(i - 1, seed),
      };
  }
}

/** Object i as stored. */
export function syntheticVersion(i: number, seed = 42): StoredVersion {
  return makeVersion(syntheticObject(i, seed), microsAt(i));
}

/** Makes `count` versions, ascending by date_added (for tests that want them all in hand). */
export function syntheticVersions(count: number, seed = 42): StoredVersion[] {
  return Array.from({ length: count }, (_, i) => syntheticVersion(i, seed));
}

const RECENT_LIMIT = 8192;

/**
 * The versions made lately, so the probes of a binary search (the same midpoints for every page)
 * and a page asked for twice are not made again. At most RECENT_LIMIT are kept.
 */
class RecentVersions {
  private readonly map = new Map<number, StoredVersion>();

  constructor(private readonly seed: number) {}

  get(i: number): StoredVersion {
    let v = this.map.get(i);
    if (v) return v;
    v = syntheticVersion(i, this.seed);
    if (this.map.size >= RECENT_LIMIT) this.map.delete(this.map.keys().next().value as number);
    this.map.set(i, v);
    return v;
  }
}

/** A date-ordered list of the synthetic objects at the given indices (or 0..n-1), made per access. */
class SyntheticList implements VersionList {
  constructor(
    private readonly recent: RecentVersions,
    readonly length: number,
    private readonly indices?: Uint32Array,
  ) {}

  at(k: number): StoredVersion | undefined {
    const j = k < 0 ? this.length + k : k;
    if (j < 0 || j >= this.length) return undefined;
    return this.recent.get(this.indices ? (this.indices[j] as number) : j);
  }

  slice(start = 0, end = this.length): StoredVersion[] {
    const from = Math.max(0, start < 0 ? this.length + start : start);
    const to = Math.min(this.length, end < 0 ? this.length + end : end);
    const out: StoredVersion[] = [];
    for (let k = from; k < to; k++) out.push(this.at(k) as StoredVersion);
    return out;
  }
}

/**
 * A synthetic collection of `count` objects: lists, id lookups and filtered views computed from
 * indices, never holding the objects. A filtered view holds one 32-bit index per match.
 */
export class SyntheticCollection {
  private readonly recent: RecentVersions;

  constructor(
    readonly count: number,
    readonly seed = 42,
  ) {
    this.recent = new RecentVersions(seed);
  }

  /** The index of the object with this id, or undefined. */
  indexOf(id: string): number | undefined {
    const m = /^([a-z0-9-]+)--[0-9a-f-]{28}([0-9a-f]{8})$/.exec(id);
    if (!m) return undefined;
    const i = indexOfTag(m[2] as string);
    return i < this.count && idAt(i, this.seed) === id ? i : undefined;
  }

  /** Every object, in date_added order. */
  all(): VersionList {
    return new SyntheticList(this.recent, this.count);
  }

  /** Ids in date_added order. */
  *ids(): IterableIterator<string> {
    for (let i = 0; i < this.count; i++) yield idAt(i, this.seed);
  }

  /** The one version of an object, or undefined for an unknown id. */
  versionsOf(id: string): readonly StoredVersion[] | undefined {
    const i = this.indexOf(id);
    return i === undefined ? undefined : [this.recent.get(i)];
  }

  /**
   * The versions `filters` select (TAXII 2.1 §3.4: id, type, spec_version, version), in date_added
   * order; `added_after` and paging are cut later by the caller, as for stored collections.
   */
  select(filters: Filters): VersionList {
    // Every object is STIX 2.1 with one version: first, last and all each select it.
    if (filters.specVersions && !filters.specVersions.includes('2.1'))
      return new SyntheticList(this.recent, 0);
    const sel = filters.version;
    const byKey = !sel.all && !sel.first && !sel.last ? sel.keys : undefined;
    const types = filters.types ? new Set<string>(filters.types) : undefined;
    if (!filters.ids && !types && !byKey) return this.all();
    const keep = (i: number): boolean =>
      (!types || types.has(kindAt(i))) && (!byKey || byKey.has(this.versionKeyAt(i)));
    let picked: number[] | Uint32Array;
    if (filters.ids) {
      const found = new Set<number>();
      for (const id of filters.ids) {
        const i = this.indexOf(id);
        if (i !== undefined && keep(i)) found.add(i);
      }
      picked = Uint32Array.from(found).sort();
    } else {
      const out = new Uint32Array(this.count);
      let n = 0;
      for (let i = 0; i < this.count; i++) if (keep(i)) out[n++] = i;
      picked = out.slice(0, n);
    }
    return new SyntheticList(this.recent, picked.length, picked);
  }

  // The version of object i without building it: `modified` for SDOs/SROs, else its date_added.
  private versionKeyAt(i: number): string {
    return versionKey(
      VERSIONED.has(kindAt(i))
        ? new Date(BASE_MS + i - 60_000).toISOString()
        : formatMicros(microsAt(i)),
    );
  }
}
