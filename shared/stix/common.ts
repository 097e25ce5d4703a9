/**
 * STIX 2.x common properties (STIX 2.1 §3.2), as types. Objects are never narrowed to a fixed
 * set of properties: custom properties and custom (`x-…`) object types are kept and shown.
 */
import type { StixObject } from '../taxii/resources';

export type { StixObject };

/** An external reference (STIX 2.1 §2.5). */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Record<string, string>;
  external_id?: string;
  [key: string]: unknown;
}

/** A granular marking (STIX 2.1 §7.2.3). */
export interface GranularMarking {
  lang?: string;
  marking_ref?: string;
  selectors: string[];
  [key: string]: unknown;
}

/**
 * The common properties of STIX objects. Which are required depends on the object kind and spec
 * version (SDOs/SROs need `created` and `modified`; 2.0 objects have no `spec_version`).
 * Timestamps are the exact strings received.
 */
export interface StixCommonProperties {
  type: string;
  id: string;
  spec_version?: string;
  created_by_ref?: string;
  created?: string;
  modified?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** STIX 2.1 domain object types (§4). */
export const STIX_DOMAIN_TYPES = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
] as const;

/** STIX 2.1 relationship object types (§5). */
export const STIX_RELATIONSHIP_TYPES = ['relationship', 'sighting'] as const;

/** STIX 2.1 meta object types (§7) that carry `created`. */
export const STIX_META_TYPES = [
  'language-content',
  'marking-definition',
  'extension-definition',
] as const;

/** STIX 2.1 cyber-observable types (§6): no `created`/`modified`, `spec_version` optional. */
export const STIX_OBSERVABLE_TYPES = [
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
] as const;

/** The version of an object for TAXII purposes: `modified`, else `created` (STIX 2.1 §3.2, TAXII 2.1 §3.4.1). */
export function objectVersion(object: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof object.modified === 'string') return object.modified;
  if (typeof object.created === 'string') return object.created;
  return undefined;
}
