/**
 * Optional persistence: the writable collections are loaded from and saved to one JSON file
 * `{ "format": "taxiway-demo-data/1", "collections": { "<collection id>": [{ "date_added", "object" }] } }`.
 * Read-only collections are rebuilt from their sources at every start.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { makeVersion, type StixObject } from './store';
import type { ServerState } from './state';
import { toMicros } from './timestamps';

const FORMAT = 'taxiway-demo-data/1';

interface DataFileShape {
  format: string;
  collections: Record<string, { date_added: string; object: StixObject }[]>;
}

/** Loads `file` when it exists; its collections replace the writable collections' contents. */
export function loadDataFile(file: string, state: ServerState): void {
  if (!existsSync(file)) return;
  let data: DataFileShape;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as DataFileShape;
  } catch (e) {
    throw new Error(`data file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (data.format !== FORMAT || typeof data.collections !== 'object') {
    throw new Error(
      `data file ${file} is not a Taxiway demo data file (expected "format": "${FORMAT}")`,
    );
  }
  for (const [id, items] of Object.entries(data.collections)) {
    const entry = state.collections.get(id);
    if (!entry || !entry.layout.canWrite) continue;
    const versions = items.map((item, i) => {
      const micros = toMicros(item.date_added);
      if (micros === undefined)
        throw new Error(`data file ${file}: collections.${id}[${i}].date_added is not a timestamp`);
      state.clock.observe(micros);
      return makeVersion(item.object, micros);
    });
    versions.sort((a, b) => a.micros - b.micros);
    entry.store.clear();
    entry.store.addSorted(versions);
  }
}

/** Writes the writable collections to `file` (atomically, via a temporary file). */
export function saveDataFile(file: string, state: ServerState): void {
  const data: DataFileShape = { format: FORMAT, collections: {} };
  for (const [id, entry] of state.collections) {
    if (!entry.layout.canWrite) continue;
    data.collections[id] = entry.store
      .all()
      .slice()
      .map((v) => ({ date_added: v.dateAdded, object: v.object }));
  }
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}
