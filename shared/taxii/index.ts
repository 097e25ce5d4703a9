/** TAXII 2.1/2.0 types, schemas and helpers shared by the client core, the contract and the UI. */
export * from './media-types';
export * from './timestamps';
export * from './notes';
export * from './page';
export * from './resources';
export * from './normalise';
export * from './filters';
export * from './validate';
export * from './waits';
export * from './checkpoint';
export * from './camel-case';
export * from './local-filters';
export * from './conformance';
