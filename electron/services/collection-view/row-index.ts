/**
 * The compact row index of a view: one row per loaded object version, its columns held as typed
 * arrays and string tables (a million rows cost tens of megabytes, not a million objects), the
 * manifest's date added joined in by id and version, and counts by type kept as rows arrive.
 */
import type { ViewRowT } from '../../../shared/contract/views';
import { TLP_MARKING_IDS } from '../../../shared/stix/validate/vocabularies';
import { ensure, StringTable } from './string-table';

type Json = Readonly<Record<string, unknown>>;

/** Longest name and pattern kept in a row (the full object is one call away). */
export const MAX_CELL = 200;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const clip = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const one = s.length > MAX_CELL * 2 ? s.slice(0, MAX_CELL * 2) : s;
  const flat = /\s\s|[\n\r\t]/.test(one) ? one.replace(/\s+/g, ' ').trim() : one;
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
};

/**
 * A timestamp in a form that compares equal however many fractional zeros it was written with
 * (`…:00Z` = `…:00.000Z`), for joining manifest versions to objects.
 */
export function sameInstant(ts: string): string {
  const m = /^(.*:\d{2})(?:\.(\d*?))0*Z$/i.exec(ts);
  if (!m) return ts;
  return m[2] ? `${m[1]}.${m[2]}Z` : `${m[1]}Z`;
}

/** True when the value looks like a STIX object (a string `type` and `id`). */
function isStixLike(o: Json): boolean {
  return typeof o.type === 'string' && typeof o.id === 'string';
}

/** The spec version shown for an object (STIX 2.0 objects carry none; digest §5). */
function specVersionOf(o: Json): string | undefined {
  if (typeof o.spec_version === 'string') return o.spec_version;
  if (!isStixLike(o)) return undefined;
  return typeof o.created === 'string' || typeof o.modified === 'string' ? '2.0' : undefined;
}

/** What an unnamed relationship's or sighting's label names (TAXII/STIX 2.1 §5.1, §5.2). */
interface Ends {
  sighting: boolean;
  source?: string;
  verb: string;
  target?: string;
}

/** The ends of an unnamed relationship or sighting, else undefined. */
function endsOf(o: Json): Ends | undefined {
  if (str(o.name) ?? str(o.title)) return undefined;
  if (o.type === 'sighting') {
    const target = str(o.sighting_of_ref);
    return { sighting: true, verb: '', ...(target ? { target } : {}) };
  }
  if (o.type !== 'relationship') return undefined;
  const source = str(o.source_ref);
  const target = str(o.target_ref);
  return {
    sighting: false,
    verb: str(o.relationship_type) ?? 'related-to',
    ...(source ? { source } : {}),
    ...(target ? { target } : {}),
  };
}

/** A one-line label: the name, else what identifies the object for its kind. */
export function labelOf(o: Json): string {
  const named = str(o.name) ?? str(o.title);
  if (named) return clip(named) as string;
  const ref = (v: unknown): string => {
    const s = str(v);
    if (!s) return '?';
    const i = s.indexOf('--');
    return i > 0 ? s.slice(0, i) : s;
  };
  switch (o.type) {
    case 'relationship':
      return clip(
        `${ref(o.source_ref)} ${str(o.relationship_type) ?? 'related-to'} ${ref(o.target_ref)}`,
      ) as string;
    case 'sighting':
      return clip(`Sighting of ${ref(o.sighting_of_ref)}`) as string;
    case 'indicator':
      if (str(o.pattern)) return clip(o.pattern as string) as string;
      break;
    case 'marking-definition': {
      // STIX 2.1 §7.2.1: a definition is known by its TLP level or its statement.
      const def = o.definition as Json | undefined;
      if (def && str(def.tlp)) return `TLP:${(def.tlp as string).toUpperCase()}`;
      if (def && str(def.statement)) return clip(def.statement as string) as string;
      break;
    }
    case 'note':
      if (str(o.abstract) ?? str(o.content))
        return clip((str(o.abstract) ?? o.content) as string) as string;
      break;
    default:
      if (str(o.value)) return clip(o.value as string) as string;
      if (typeof o.number === 'number') return `AS${o.number}`;
  }
  return typeof o.type === 'string' ? o.type : '(non-STIX)';
}

/** The first external id (ATT&CK's `T1566`, `mitre-attack` first). */
function externalIdOf(o: Json): string | undefined {
  const refs = o.external_references;
  if (!Array.isArray(refs)) return undefined;
  let first: string | undefined;
  for (const r of refs) {
    if (typeof r !== 'object' || r === null) continue;
    const id = str((r as Json).external_id);
    if (!id) continue;
    if (
      typeof (r as Json).source_name === 'string' &&
      /^mitre-/.test((r as Json).source_name as string)
    )
      return id;
    first ??= id;
  }
  return first;
}

const listOf = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string');
  return out.length > 0 ? out : undefined;
};

const phasesOf = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const p of v) {
    if (typeof p !== 'object' || p === null) continue;
    const chain = str((p as Json).kill_chain_name);
    const phase = str((p as Json).phase_name);
    if (phase) out.push(chain ? `${chain}:${phase}` : phase);
  }
  return out.length > 0 ? out : undefined;
};

/** The unit separator joins list cells in their tables (never in STIX strings). */
const LIST_SEP = '\u001f';

/** The STIX 2.1 fixed TLP marking ids (§7.2.1.4) → `TLP:WHITE` and so on. */
const TLP_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(TLP_MARKING_IDS).map(([level, id]) => [id, `TLP:${level.toUpperCase()}`]),
);

/** The rows of one view; see the file comment. */
export class RowIndex {
  #size = 0;
  #type = new Uint16Array(1024);
  #spec = new Uint16Array(1024);
  #revoked = new Uint8Array(1024);
  #labels = new Uint32Array(1024);
  #confidence = new Int16Array(1024);
  #createdBy = new Uint32Array(1024);
  #phases = new Uint32Array(1024);
  /** `object_marking_refs`, as a list in `#lists`. */
  #markings = new Uint32Array(1024);
  #stix = new Uint8Array(1024);
  /** 1: the row has its own name (`name` or `title`), which other rows' labels may show. */
  #named = new Uint8Array(1024);
  /** Timestamps as numbers (µs since 1970; NaN: none), for sorting without parsing. */
  #createdKey: Float64Array = new Float64Array(1024);
  #modifiedKey: Float64Array = new Float64Array(1024);
  #addedKey: Float64Array = new Float64Array(1024);
  /** Next row of the same id (-1: none), for objects listed with several versions. */
  #sameId = new Int32Array(1024);
  readonly #ids: string[] = [];
  readonly #names: string[] = [];
  readonly #created: (string | undefined)[] = [];
  readonly #modified: (string | undefined)[] = [];
  readonly #dateAdded: (string | undefined)[] = [];
  readonly #externalIds: (string | undefined)[] = [];
  readonly #patterns: (string | undefined)[] = [];
  /** Unnamed relationships and sightings: the ends their labels name, resolved when shown. */
  readonly #ends = new Map<number, Ends>();
  /** First row of each id. */
  readonly #byId = new Map<string, number>();
  /** Manifest records that arrived before their object: id → [version, date added]. */
  readonly #early = new Map<string, [string | undefined, string][]>();
  #earlyCount = 0;
  /** Rows whose date added was joined, in order (for sorts kept up to date by merging). */
  readonly dated: number[] = [];
  readonly types = new StringTable();
  readonly #specs = new StringTable();
  readonly #lists = new StringTable();
  readonly #creators = new StringTable();
  #typeCounts = new Uint32Array(64);
  #datesPending = 0;

  constructor(private readonly maxEarly = 200_000) {}

  /** Rows held. */
  get size(): number {
    return this.#size;
  }

  /** Rows still without their date added. */
  get datesPending(): number {
    return this.#datesPending;
  }

  /** Appends one object version as a row; returns its row number. */
  add(o: Json): number {
    const row = this.#size;
    const n = row + 1;
    if (n > this.#type.length) this.#grow(n);
    this.#add(o, row);
    this.#size = n;
    return row;
  }

  /** Room for `n` rows in every column. */
  #grow(n: number): void {
    this.#type = ensure(this.#type, n, (s) => new Uint16Array(s));
    this.#spec = ensure(this.#spec, n, (s) => new Uint16Array(s));
    this.#revoked = ensure(this.#revoked, n, (s) => new Uint8Array(s));
    this.#labels = ensure(this.#labels, n, (s) => new Uint32Array(s));
    this.#confidence = ensure(this.#confidence, n, (s) => new Int16Array(s));
    this.#createdBy = ensure(this.#createdBy, n, (s) => new Uint32Array(s));
    this.#phases = ensure(this.#phases, n, (s) => new Uint32Array(s));
    this.#markings = ensure(this.#markings, n, (s) => new Uint32Array(s));
    this.#stix = ensure(this.#stix, n, (s) => new Uint8Array(s));
    this.#named = ensure(this.#named, n, (s) => new Uint8Array(s));
    this.#sameId = ensure(this.#sameId, n, (s) => new Int32Array(s));
    this.#createdKey = ensureF(this.#createdKey, n);
    this.#modifiedKey = ensureF(this.#modifiedKey, n);
    this.#addedKey = ensureF(this.#addedKey, n);
  }

  /** Fills row `row` from `o` (the columns have room). */
  #add(o: Json, row: number): void {
    const stix = isStixLike(o);
    const type = stix ? (o.type as string) : typeof o.type === 'string' ? o.type : '(non-STIX)';
    const typeId = this.types.idOf(type);
    if (typeId >= 65_535) throw new RangeError('more than 65,534 distinct types');
    this.#type[row] = typeId;
    this.#typeCounts = ensure(this.#typeCounts, typeId + 1, (s) => new Uint32Array(s));
    (this.#typeCounts[typeId] as number)++;
    this.#spec[row] = this.#specs.idOf(specVersionOf(o));
    this.#revoked[row] = o.revoked === true ? 2 : o.revoked === false ? 1 : 0;
    const labels = listOf(o.labels);
    this.#labels[row] = this.#lists.idOf(labels?.join(LIST_SEP));
    const c = o.confidence;
    this.#confidence[row] =
      typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 100 ? c : -1;
    this.#createdBy[row] = this.#creators.idOf(str(o.created_by_ref));
    const phases = phasesOf(o.kill_chain_phases);
    this.#phases[row] = this.#lists.idOf(phases?.join(LIST_SEP));
    this.#markings[row] = this.#lists.idOf(listOf(o.object_marking_refs)?.join(LIST_SEP));
    this.#stix[row] = stix ? 1 : 0;
    const id = stix ? (o.id as string) : '';
    this.#ids.push(id);
    this.#names.push(labelOf(o));
    this.#named[row] = (str(o.name) ?? str(o.title)) ? 1 : 0;
    const ends = endsOf(o);
    if (ends) this.#ends.set(row, ends);
    const created = str(o.created);
    const modified = str(o.modified);
    this.#created.push(created);
    // Most objects were never modified: share the one string.
    this.#modified.push(modified === created ? created : modified);
    this.#createdKey[row] = timeKey(created);
    this.#modifiedKey[row] =
      modified === created ? (this.#createdKey[row] as number) : timeKey(modified);
    this.#externalIds.push(externalIdOf(o));
    this.#patterns.push(clip(str(o.pattern)));
    this.#sameId[row] = -1;

    let date: string | undefined;
    if (id !== '') {
      const first = this.#byId.get(id);
      if (first === undefined) this.#byId.set(id, row);
      else {
        let r = first;
        while ((this.#sameId[r] as number) >= 0) r = this.#sameId[r] as number;
        this.#sameId[r] = row;
      }
      const waiting = this.#early.size > 0 ? this.#early.get(id) : undefined;
      if (waiting) {
        const v = modified ?? created;
        const want = v === undefined ? undefined : sameInstant(v);
        // An unversioned object (an SCO) takes its first record; its version is a date added.
        const i = waiting.findIndex(
          ([rv]) => want === undefined || rv === undefined || rv === want,
        );
        if (i >= 0) {
          date = (waiting[i] as [string | undefined, string])[1];
          waiting.splice(i, 1);
          this.#earlyCount--;
          if (waiting.length === 0) this.#early.delete(id);
        }
      }
    }
    this.#dateAdded.push(date);
    this.#addedKey[row] = timeKey(date);
    if (date === undefined) this.#datesPending++;
  }

  /**
   * Joins one manifest record's date added to its row (id and version; an unversioned object
   * takes its first record). A record whose object has not arrived yet is kept until it does
   * (at most `maxEarly`). Returns the row, or -1.
   */
  joinDate(id: string, version: string | undefined, dateAdded: string): number {
    const want = version === undefined ? undefined : sameInstant(version);
    let r = this.#byId.get(id) ?? -1;
    while (r >= 0) {
      const v = this.#modified[r] ?? this.#created[r];
      const matches = v === undefined || want === undefined || sameInstant(v) === want;
      if (matches && this.#dateAdded[r] === undefined) break;
      // The same record again (a page boundary re-sent): already joined.
      if (matches && v !== undefined) return r;
      r = this.#sameId[r] as number;
    }
    if (r < 0) {
      if (this.#earlyCount < this.maxEarly) {
        const list = this.#early.get(id);
        if (list) list.push([want, dateAdded]);
        else this.#early.set(id, [[want, dateAdded]]);
        this.#earlyCount++;
      }
      return -1;
    }
    this.#dateAdded[r] = dateAdded;
    this.#addedKey[r] = timeKey(dateAdded);
    this.#datesPending--;
    this.dated.push(r);
    return r;
  }

  /** Counts by type over all rows, or over the rows `only` marks. */
  countsByType(only?: Uint8Array): Record<string, number> {
    const out: Record<string, number> = {};
    if (!only) {
      for (let t = 1; t <= this.types.size; t++) {
        const n = this.#typeCounts[t] ?? 0;
        if (n > 0) out[this.types.valueOf(t) as string] = n;
      }
      return out;
    }
    const counts = new Uint32Array(this.types.size + 1);
    for (let r = 0; r < this.#size; r++) if (only[r]) (counts[this.#type[r] as number] as number)++;
    for (let t = 1; t < counts.length; t++)
      if ((counts[t] as number) > 0) out[this.types.valueOf(t) as string] = counts[t] as number;
    return out;
  }

  /** The type number of a row (see `types`). */
  typeIdOf(row: number): number {
    return this.#type[row] as number;
  }

  /** The rows of `id`: the one at `version`, else the latest version loaded; -1 when none. */
  find(id: string, version?: string): number {
    let r = this.#byId.get(id) ?? -1;
    const want = version === undefined ? undefined : sameInstant(version);
    let best = -1;
    let bestVersion = '';
    while (r >= 0) {
      const v = this.#modified[r] ?? this.#created[r] ?? '';
      if (want !== undefined && sameInstant(v) === want) return r;
      if (best < 0 || sortableTime(v) > sortableTime(bestVersion)) {
        best = r;
        bestVersion = v;
      }
      r = this.#sameId[r] as number;
    }
    return want === undefined ? best : -1;
  }

  /** A row as the contract sends it. */
  row(r: number): ViewRowT {
    const id = this.#ids[r] as string;
    const created = this.#created[r];
    const modified = this.#modified[r];
    const version = modified ?? created;
    const labels = this.#lists.valueOf(this.#labels[r] as number);
    const phases = this.#lists.valueOf(this.#phases[r] as number);
    const createdBy = this.#creators.valueOf(this.#createdBy[r] as number);
    const spec = this.#specs.valueOf(this.#spec[r] as number);
    const dateAdded = this.#dateAdded[r];
    const externalId = this.#externalIds[r];
    const pattern = this.#patterns[r];
    const revoked = this.#revoked[r] as number;
    const confidence = this.#confidence[r] as number;
    const markings = this.#lists.valueOf(this.#markings[r] as number);
    const creator = createdBy !== undefined ? this.#loadedName(createdBy) : undefined;
    return {
      index: r,
      key: `${id || `#${r}`}|${version ?? ''}`,
      id,
      type: this.types.valueOf(this.#type[r] as number) as string,
      name: this.#nameOf(r),
      ...(version !== undefined ? { version } : {}),
      ...(created !== undefined ? { created } : {}),
      ...(modified !== undefined ? { modified } : {}),
      ...(dateAdded !== undefined ? { dateAdded } : {}),
      ...(spec !== undefined ? { specVersion: spec } : {}),
      ...(revoked > 0 ? { revoked: revoked === 2 } : {}),
      ...(labels !== undefined ? { labels: labels.split(LIST_SEP) } : {}),
      ...(confidence >= 0 ? { confidence } : {}),
      ...(createdBy !== undefined ? { createdByRef: createdBy } : {}),
      ...(creator !== undefined ? { createdBy: creator } : {}),
      ...(markings !== undefined
        ? {
            markings: markings.split(LIST_SEP).map((m) => this.#markingName(m)),
          }
        : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...(phases !== undefined ? { killChainPhases: phases.split(LIST_SEP) } : {}),
      ...(pattern !== undefined ? { pattern } : {}),
      stix: this.#stix[r] === 1,
    };
  }

  /**
   * A row's label; a relationship's or sighting's ends read as the names of the objects they
   * refer to when those are loaded and named ("Sighting of Emotet"), else as their types.
   */
  #nameOf(r: number): string {
    const ends = this.#ends.get(r);
    if (!ends) return this.#names[r] as string;
    const ref = (id: string | undefined): string => {
      if (id === undefined) return '?';
      const at = this.find(id);
      if (at >= 0 && this.#named[at] === 1) return this.#names[at] as string;
      const i = id.indexOf('--');
      return i > 0 ? id.slice(0, i) : id;
    };
    return ends.sighting
      ? (clip(`Sighting of ${ref(ends.target)}`) as string)
      : (clip(`${ref(ends.source)} ${ends.verb} ${ref(ends.target)}`) as string);
  }

  /** The name of the loaded object `id` (an identity, a marking definition), if it has one. */
  #loadedName(id: string): string | undefined {
    const at = this.#byId.get(id);
    return at !== undefined && this.#named[at] === 1 ? (this.#names[at] as string) : undefined;
  }

  /** A marking: the fixed TLP names, else the loaded definition's label, else its id. */
  #markingName(id: string): string {
    const tlp = TLP_NAMES.get(id);
    if (tlp) return tlp;
    const at = this.#byId.get(id);
    const label = at !== undefined ? (this.#names[at] as string) : undefined;
    return label !== undefined && label !== 'marking-definition' ? label : id;
  }

  /** The STIX id of a row ('' for non-STIX content). */
  idOf(r: number): string {
    return this.#ids[r] as string;
  }

  /** The date added of a row, when joined. */
  dateAddedOf(r: number): string | undefined {
    return this.#dateAdded[r];
  }

  /** The numeric keys of a timestamp column (NaN: none), indexed by row. */
  timeKeys(column: 'created' | 'modified' | 'dateAdded'): Float64Array {
    return column === 'created'
      ? this.#createdKey
      : column === 'modified'
        ? this.#modifiedKey
        : this.#addedKey;
  }

  /**
   * For a column held in a string table: each row's number in the table, and each number's sort
   * value (as `sortValue` gives it; '' = empty). Undefined for other columns.
   */
  tableColumn(column: SortableColumn): { ids: ArrayLike<number>; values: string[] } | undefined {
    const of = (table: StringTable, lower = false): string[] => {
      const values: string[] = [''];
      for (let id = 1; id <= table.size; id++) {
        const v = table.valueOf(id) as string;
        values.push(lower ? v.toLowerCase() : v);
      }
      return values;
    };
    switch (column) {
      case 'type':
        return { ids: this.#type, values: of(this.types) };
      case 'specVersion':
        return { ids: this.#spec, values: of(this.#specs) };
      case 'labels':
        return { ids: this.#labels, values: of(this.#lists, true) };
      case 'createdByRef':
        return { ids: this.#createdBy, values: of(this.#creators) };
      case 'killChainPhases':
        return { ids: this.#phases, values: of(this.#lists) };
      default:
        return undefined;
    }
  }

  /**
   * The strings of a text column by row, when they are its sort values as they stand (ids,
   * external ids, patterns; '' or undefined = empty); undefined for other columns.
   */
  textColumn(column: SortableColumn): readonly (string | undefined)[] | undefined {
    if (column === 'id') return this.#ids;
    if (column === 'externalId') return this.#externalIds;
    if (column === 'pattern') return this.#patterns;
    return undefined;
  }

  /**
   * A column's sort value of row `r`: a string ('' = empty), a small number (-1 = empty), or for
   * timestamps µs since 1970 (NaN = empty).
   */
  sortValue(column: SortableColumn, r: number): string | number {
    switch (column) {
      case 'type':
        return this.types.valueOf(this.#type[r] as number) ?? '';
      case 'name':
        return (this.#names[r] as string).toLowerCase();
      case 'id':
        return this.#ids[r] as string;
      case 'created':
        return this.#createdKey[r] as number;
      case 'modified':
        return this.#modifiedKey[r] as number;
      case 'dateAdded':
        return this.#addedKey[r] as number;
      case 'specVersion':
        return this.#specs.valueOf(this.#spec[r] as number) ?? '';
      case 'revoked':
        return (this.#revoked[r] as number) - 1;
      case 'labels':
        return (this.#lists.valueOf(this.#labels[r] as number) ?? '').toLowerCase();
      case 'confidence':
        return this.#confidence[r] as number;
      case 'createdByRef':
        return this.#creators.valueOf(this.#createdBy[r] as number) ?? '';
      case 'externalId':
        return this.#externalIds[r] ?? '';
      case 'killChainPhases':
        return this.#lists.valueOf(this.#phases[r] as number) ?? '';
      case 'pattern':
        return this.#patterns[r] ?? '';
      case 'markings':
        return this.#lists.valueOf(this.#markings[r] as number) ?? '';
    }
  }
}

/** Columns with a value to sort by (`order` is the row number itself). */
export type SortableColumn =
  | 'type'
  | 'name'
  | 'id'
  | 'created'
  | 'modified'
  | 'dateAdded'
  | 'specVersion'
  | 'revoked'
  | 'labels'
  | 'confidence'
  | 'createdByRef'
  | 'externalId'
  | 'killChainPhases'
  | 'pattern'
  | 'markings';

/** Columns whose sort value is a small number (-1 = empty) rather than a string. */
export const NUMERIC_COLUMNS: ReadonlySet<SortableColumn> = new Set(['revoked', 'confidence']);

/** Columns whose values sit in a string table (few distinct values, ranked once per sort). */
export const TABLE_COLUMNS: ReadonlySet<SortableColumn> = new Set([
  'type',
  'specVersion',
  'labels',
  'createdByRef',
  'killChainPhases',
]);

/** Columns whose sort value is a timestamp key (NaN = empty). */
export const TIME_COLUMNS: ReadonlySet<SortableColumn> = new Set([
  'created',
  'modified',
  'dateAdded',
]);

function ensureF(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const grown = new Float64Array(Math.max(1024, a.length * 2, n));
  grown.set(a);
  return grown;
}

const digits = (s: string, from: number, count: number): number => {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
};

/**
 * A TAXII/STIX timestamp (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`) as µs since 1970, exact for the
 * microseconds the spec uses (digits past them are dropped); NaN when absent or malformed.
 */
export function timeKey(ts: string | undefined): number {
  if (ts === undefined || ts.length < 20) return Number.NaN;
  const ms = Date.UTC(
    digits(ts, 0, 4),
    digits(ts, 5, 2) - 1,
    digits(ts, 8, 2),
    digits(ts, 11, 2),
    digits(ts, 14, 2),
    digits(ts, 17, 2),
  );
  let micros = 0;
  if (ts.charCodeAt(19) === 46) {
    let scale = 100_000;
    for (let i = 20; i < ts.length - 1 && scale >= 1; i++, scale /= 10) {
      const c = ts.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
      micros += c * scale;
    }
  }
  return ms * 1000 + micros;
}

/**
 * A timestamp as a string that sorts correctly as text (fraction padded to nine digits); other
 * strings as they are; '' for none.
 */
export function sortableTime(ts: string | undefined): string {
  if (ts === undefined) return '';
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/i.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
}
