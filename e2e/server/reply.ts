/**
 * What a handler returns: status, headers and a JSON body that is serialized only when sent, so
 * faults and quirks can still change it. Also the TAXII `error` resource every error carries.
 */
import { TAXII20, TAXII21 } from './media-types';

/** A response before it is written. */
export interface Reply {
  status: number;
  /** Content-Type of the response; every TAXII response has one, even a body-less DELETE 200. */
  contentType: string;
  headers?: Record<string, string>;
  /** A JSON value to serialize. */
  json?: unknown;
  /** An already serialized body (large envelopes are built by joining stored JSON strings). */
  raw?: string;
  /** True for TAXII resources whose keys a camelCase quirk may rewrite. */
  resource?: boolean;
}

/** A TAXII error resource (§3.6.1) with `http_status` as a string equal to the status. */
export function errorReply(
  status: number,
  title: string,
  description: string,
  contentType: string = TAXII21,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    contentType,
    headers,
    json: { title, description, http_status: String(status) },
  };
}

/** The TAXII content type of a root's version. */
export function taxiiTypeFor(version: '2.1' | '2.0'): string {
  return version === '2.0' ? TAXII20 : TAXII21;
}
