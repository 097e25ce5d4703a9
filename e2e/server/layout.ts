/**
 * The fixed, documented layout of the project's TAXII server: API roots, collections with fixed
 * UUIDs, and the demo credentials. Tests and the app's first-run demo code against these names.
 *
 * 2.1 discovery `/taxii2/` lists `/api1/` (relative), `${origin}/secure/` (absolute) and `/tiny/`,
 * with `default` = the api1 entry. TAXII 2.0 lives on the same origin: discovery `/taxii/`, root `/api20/`.
 */

/** The port `npm run demo-server` listens on unless `--port` says otherwise. */
export const DEFAULT_DEMO_PORT = 8021;

/** Credentials the `secure` root accepts (any one of them). Demo values, not secrets. */
export const DEMO_CREDENTIALS = {
  basic: { username: 'analyst', password: 'taxiway-demo' },
  bearer: 'taxiway-demo-token',
  apiKey: { header: 'X-Api-Key', value: 'taxiway-demo-key' },
  realm: 'taxiway-demo',
} as const;

/** How a root checks credentials. */
export type RootAuth = 'none' | 'demo';

/** One API root of the layout. `path` is the absolute path on the server, with slashes. */
export interface RootLayout {
  name: string;
  path: string;
  title: string;
  description: string;
  taxiiVersion: '2.1' | '2.0';
  maxContentLength: number;
  auth: RootAuth;
  /** How discovery advertises it: relative path or absolute URL. */
  advertise: 'relative' | 'absolute';
}

/** The API roots, keyed by name. */
export const ROOTS = {
  api1: {
    name: 'api1',
    path: '/api1/',
    title: 'Demo feed',
    description:
      'Taxiway demo API root: seeded threat intelligence, MITRE ATT&CK for ICS, a publishing sandbox.',
    taxiiVersion: '2.1',
    maxContentLength: 10 * 1024 * 1024,
    auth: 'none',
    advertise: 'relative',
  },
  secure: {
    name: 'secure',
    path: '/secure/',
    title: 'Secure feed',
    description: 'Requires HTTP Basic, a bearer token or an API key header (see DEMO_CREDENTIALS).',
    taxiiVersion: '2.1',
    maxContentLength: 10 * 1024 * 1024,
    auth: 'demo',
    advertise: 'absolute',
  },
  tiny: {
    name: 'tiny',
    path: '/tiny/',
    title: 'Tiny uploads',
    description: 'max_content_length is 16384 octets, so clients must split large uploads.',
    taxiiVersion: '2.1',
    maxContentLength: 16384,
    auth: 'none',
    advertise: 'relative',
  },
  api20: {
    name: 'api20',
    path: '/api20/',
    title: 'Demo feed (TAXII 2.0)',
    description: 'The seeded feed over TAXII 2.0: bundles and Range paging.',
    taxiiVersion: '2.0',
    maxContentLength: 10 * 1024 * 1024,
    auth: 'none',
    advertise: 'absolute',
  },
} as const satisfies Record<string, RootLayout>;

/** Name of an API root in the layout. */
export type RootName = keyof typeof ROOTS;

/** Where a collection's content comes from at start. */
export type CollectionSource = 'seed' | 'mitre' | 'synthetic' | 'empty';

/** One collection of the layout. */
export interface CollectionLayout {
  key: string;
  id: string;
  root: RootName;
  title: string;
  description: string;
  alias?: string;
  canRead: boolean;
  canWrite: boolean;
  source: CollectionSource;
}

/** Every collection, keyed by a short name. `id` is the fixed UUID used in URLs. */
export const COLLECTIONS = {
  seed: {
    key: 'seed',
    id: '7f3a9c1e-2b4d-4e8f-9a6b-1c2d3e4f5a60',
    root: 'api1',
    title: 'Taxiway demo feed',
    description:
      'A seeded feed written by the Taxiway project: indicators, malware, actors, reports and more.',
    alias: 'demo-feed',
    canRead: true,
    canWrite: false,
    source: 'seed',
  },
  mitre: {
    key: 'mitre',
    id: '0d5a2f7b-8c3e-4a91-b6d4-2e9f1a7c3b81',
    root: 'api1',
    title: 'MITRE ATT&CK for ICS',
    description: 'MITRE ATT&CK for ICS, releases 16.1 then 18.1 (two versions of most objects).',
    alias: 'mitre-attack-ics',
    canRead: true,
    canWrite: false,
    source: 'mitre',
  },
  publish: {
    key: 'publish',
    id: '4b8e6d2a-9f1c-4c37-8e5a-6d0b2f4a9c12',
    root: 'api1',
    title: 'Publishing sandbox',
    description: 'Readable and writable; starts empty.',
    canRead: true,
    canWrite: true,
    source: 'empty',
  },
  locked: {
    key: 'locked',
    id: 'c2e4a6b8-1d3f-4a5c-9e7b-8f0a2c4e6d13',
    root: 'api1',
    title: 'Locked',
    description: 'Neither readable nor writable by anyone.',
    canRead: false,
    canWrite: false,
    source: 'empty',
  },
  dropbox: {
    key: 'dropbox',
    id: '9a1b3c5d-7e9f-4b2d-a4c6-e8f0a1b3c514',
    root: 'api1',
    title: 'Drop box',
    description: 'Write-only: you may POST, you may not read.',
    canRead: false,
    canWrite: true,
    source: 'empty',
  },
  bench: {
    key: 'bench',
    id: 'e5f7a9b1-c3d5-4e7f-8a9b-0c1d2e3f4a15',
    root: 'api1',
    title: 'Synthetic benchmark data',
    description:
      'N synthetic, valid STIX objects made from a seeded generator (present only when synthetic > 0).',
    canRead: true,
    canWrite: false,
    source: 'synthetic',
  },
  'secure-feed': {
    key: 'secure-feed',
    id: '3c5e7a9b-1d2f-4e6a-8b0c-d2e4f6a8b016',
    root: 'secure',
    title: 'Secure feed',
    description: 'Readable and writable once authenticated.',
    canRead: true,
    canWrite: true,
    source: 'seed',
  },
  tiny: {
    key: 'tiny',
    id: '6d8f0a2c-4e6b-4d8a-9c1e-f3a5b7c9d117',
    root: 'tiny',
    title: 'Tiny uploads',
    description: 'Readable and writable; the API root accepts at most 16384 octets per request.',
    canRead: true,
    canWrite: true,
    source: 'empty',
  },
  'api20-seed': {
    key: 'api20-seed',
    id: '8e0a2c4e-6f8b-4a1c-8d3f-a5c7e9f1b218',
    root: 'api20',
    title: 'Taxiway demo feed (TAXII 2.0)',
    description: 'The seeded feed, served as STIX bundles.',
    canRead: true,
    canWrite: false,
    source: 'seed',
  },
  'api20-publish': {
    key: 'api20-publish',
    id: 'a1c3e5f7-9b2d-4f6a-8c0e-b2d4f6a8c019',
    root: 'api20',
    title: 'Publishing sandbox (TAXII 2.0)',
    description: 'Readable and writable; starts empty.',
    canRead: true,
    canWrite: true,
    source: 'empty',
  },
} as const satisfies Record<string, CollectionLayout>;

/** Short name of a collection in the layout. */
export type CollectionKey = keyof typeof COLLECTIONS;

/** The 2.1 and 2.0 discovery paths (fixed by the specs). */
export const DISCOVERY_PATHS = { v21: '/taxii2/', v20: '/taxii/' } as const;
