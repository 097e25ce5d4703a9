/** STIX helpers: common-property types, object checks, bundle text reading and bundle ↔ envelope. */
export * from './common';
export * from './checks';
export * from './json-text';
export * from './bundle';
