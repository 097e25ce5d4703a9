/** The project's TAXII server for tests and demos (dev tooling, never packaged). */
export { startTaxiiServer } from './server';
export type { TaxiiServerOptions, RunningTaxiiServer, RecordedRequest } from './server';
export { COLLECTIONS, ROOTS, DEMO_CREDENTIALS, DEFAULT_DEMO_PORT } from './layout';
export type { CollectionKey, RootName } from './layout';
export type { FaultRule, FaultAction, EndpointName } from './faults';
export { QUIRKS, QUIRK_NAMES } from './quirks';
export type { QuirkName, QuirkOptions } from './quirks';
export {
  HOSTILE_MARKUP_ID,
  VERSIONED_INDICATOR_ID,
  DUAL_SPEC_ID,
  SPEC20_ONLY_ID,
  TLP,
} from './seed-data';
