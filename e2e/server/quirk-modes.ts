/**
 * The quirks that act before any TAXII handling (silent drop, rate limit, redirect, HTML login,
 * TAXII 1.x, 2.0-only) and the camelCase rewrite of resources. Paging quirks are in quirk-paging.ts;
 * small per-endpoint quirks (versions-bare, post-200, reject-spec-version, …) sit in the handlers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReply, type Reply } from './reply';
import type { Ctx, Route } from './routes';
import type { QuirkName, QuirkOptions } from './quirks';

/** Quirk switches and the state some of them keep. */
export interface QuirkRuntime {
  quirks: Set<QuirkName>;
  options: QuirkOptions;
  rate: { windowStart: number; count: number };
}

const LOGIN_PAGE = `<!doctype html>
<html><head><title>Sign in</title></head>
<body><h1>Corporate single sign-on</h1>
<form method="post" action="/login"><label>User <input name="user"></label>
<label>Password <input name="password" type="password"></label><button>Sign in</button></form>
</body></html>
`;

const TAXII1_DISCOVERY = `<?xml version="1.0" encoding="UTF-8"?>
<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1" in_response_to="0">
  <taxii_11:Service_Instance service_type="DISCOVERY" service_version="urn:taxii.mitre.org:services:1.1" available="true">
    <taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>
    <taxii_11:Address>/taxii-discovery-service</taxii_11:Address>
    <taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>
  </taxii_11:Service_Instance>
</taxii_11:Discovery_Response>
`;

/**
 * Applies the server-wide quirks. Returns 'handled' when the response was dealt with (or
 * deliberately never will be), a Reply to send, or undefined to carry on normally.
 */
export function applyServerQuirks(
  ctx: Ctx,
  rt: QuirkRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  otherOrigin: string,
): Reply | 'handled' | undefined {
  const q = rt.quirks;
  if (q.size === 0) return undefined;
  if (q.has('silent-drop')) return 'handled'; // never answer; close() destroys the socket
  if (q.has('rate-limit')) {
    const budget = rt.options.rateLimitBudget ?? 10;
    const windowMs = rt.options.rateLimitWindowMs ?? 10_000;
    const now = Date.now();
    if (now - rt.rate.windowStart >= windowMs) rt.rate = { windowStart: now, count: 0 };
    rt.rate.count++;
    if (rt.rate.count > budget) {
      const seconds =
        rt.options.retryAfterSeconds ??
        Math.max(1, Math.ceil((rt.rate.windowStart + windowMs - now) / 1000));
      return errorReply(
        429,
        'Too Many Requests',
        `At most ${budget} requests per ${windowMs / 1000} s.`,
        undefined,
        {
          'Retry-After': String(seconds),
        },
      );
    }
  }
  if (q.has('cross-origin-redirect') && ctx.listener === 'main') {
    res.writeHead(307, {
      Location: `${otherOrigin}${req.url ?? '/'}`,
      'Content-Type':
        ctx.route.version === '2.0'
          ? 'application/vnd.oasis.taxii+json; version=2.0'
          : 'application/taxii+json;version=2.1',
      'Content-Length': '0',
    });
    res.end();
    return 'handled';
  }
  if (q.has('html-login')) {
    return { status: 200, contentType: 'text/html; charset=utf-8', raw: LOGIN_PAGE };
  }
  if (q.has('taxii1')) {
    return {
      status: 200,
      contentType: 'application/xml',
      headers: {
        'X-TAXII-Content-Type': 'urn:taxii.mitre.org:message:xml:1.1',
        'X-TAXII-Protocol': 'urn:taxii.mitre.org:protocol:http:1.0',
        'X-TAXII-Services': 'urn:taxii.mitre.org:services:1.1',
      },
      raw: TAXII1_DISCOVERY,
    };
  }
  if (q.has('taxii20-only') && ctx.route.version === '2.1') {
    if (ctx.route.endpoint === 'discovery' || ctx.route.endpoint === 'unknown') {
      return errorReply(
        404,
        'Not found',
        'This server speaks TAXII 2.0 only: discovery is at /taxii/.',
        'application/vnd.oasis.taxii+json; version=2.0',
      );
    }
    return errorReply(
      406,
      'Not Acceptable',
      'This server speaks TAXII 2.0 only.',
      'application/vnd.oasis.taxii+json; version=2.0',
    );
  }
  return undefined;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Rewrites the snake_case keys of a TAXII resource (recursively) to camelCase. */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelCaseKeys(v)]));
}

const LIST_KEY: Partial<Record<Route['endpoint'], string>> = {
  objects: 'objects',
  manifest: 'objects',
  object: 'objects',
  versions: 'versions',
  collections: 'collections',
};

/**
 * The quirks that bend a finished 2.1 response: empty-lists (`{"objects": []}` instead of `{}`),
 * bad-date-headers (X-TAXII-Date-Added-* as JavaScript date strings, or "undefined" when empty)
 * and quiet-statuses (no message on successes).
 */
export function bendResponse(reply: Reply, route: Route, quirks: ReadonlySet<QuirkName>): Reply {
  if (
    quirks.has('quiet-statuses') &&
    (route.endpoint === 'status' || route.endpoint === 'add-objects') &&
    reply.json !== undefined
  ) {
    const status = reply.json as { successes?: Record<string, unknown>[] };
    const successes = status.successes?.map(({ message: _m, ...rest }) => rest);
    return { ...reply, json: { ...status, ...(successes ? { successes } : {}) } };
  }
  const key = LIST_KEY[route.endpoint];
  if (!key || reply.status !== 200 || route.version !== '2.1') return reply;
  let out = reply;
  const isEmpty =
    reply.raw === '{}' || (reply.raw === undefined && JSON.stringify(reply.json) === '{}');
  if (quirks.has('empty-lists') && isEmpty) {
    out = {
      ...out,
      raw: undefined,
      json: key === 'collections' ? { collections: [] } : { more: false, [key]: [] },
    };
  }
  if (quirks.has('bad-date-headers') && key !== 'collections') {
    const headers = { ...out.headers };
    for (const name of ['X-TAXII-Date-Added-First', 'X-TAXII-Date-Added-Last']) {
      const value = headers[name];
      headers[name] = value === undefined ? 'undefined' : new Date(Date.parse(value)).toString();
    }
    out = { ...out, headers };
  }
  return out;
}
