/**
 * Loads MITRE ATT&CK for ICS into a collection: release 16.1 then 18.1, read where they lie
 * (`../shared/data/mitre-attack-ics/`, never copied). An object whose `modified` did not change
 * between releases is stored once; every other object gets two real versions.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeVersion, type CollectionStore, type StixObject } from './store';
import { toMicros } from './timestamps';

/** The repository root (this file is e2e/server/mitre.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the MITRE data is looked for by default. */
export const DEFAULT_MITRE_DIR = path.resolve(REPO_ROOT, '../shared/data/mitre-attack-ics');

/** Release files, loaded in this order. */
export const MITRE_RELEASES = ['ics-attack-16.1.json', 'ics-attack-18.1.json'] as const;

/** True when `dir` holds every release file. */
export function mitreAvailable(dir: string | null | undefined): dir is string {
  return !!dir && MITRE_RELEASES.every((f) => existsSync(path.join(dir, f)));
}

/**
 * Adds both releases to `store`. Each release's objects are dated from its x-mitre-collection's
 * `modified` (the release date), one millisecond apart, so `date_added` is unique and increasing.
 * Returns how many versions were stored.
 */
export function loadMitre(
  dir: string,
  store: CollectionStore,
  observe: (micros: number) => void,
): number {
  let stored = 0;
  let floor = 0;
  for (const file of MITRE_RELEASES) {
    const bundle = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      objects?: StixObject[];
    };
    const objects = bundle.objects ?? [];
    const collection = objects.find((o) => o.type === 'x-mitre-collection');
    const base = Math.max(
      floor + 1000,
      toMicros(String(collection?.modified ?? '')) ?? floor + 1000,
    );
    let micros = base;
    const batch = [];
    for (const object of objects) {
      const v = makeVersion(object, micros);
      const known = store.versionsOf(v.id)?.some((x) => x.versionKey === v.versionKey);
      if (known) continue; // unchanged between releases: one version, not a duplicate
      batch.push(v);
      micros += 1000;
    }
    store.addSorted(batch);
    stored += batch.length;
    floor = micros;
    observe(micros);
  }
  return stored;
}
