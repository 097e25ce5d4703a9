/** STIX helpers: common-property types, the validator, object checks, bundle text reading and bundle ↔ envelope. */
export * from './common';
export * from './checks';
export * from './json-text';
export * from './bundle';
export * from './validate';
