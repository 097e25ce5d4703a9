/**
 * Server-wide checks: discovery (§4.1), content negotiation (§1.6.8, §3.1), trailing slashes,
 * transport, and every API root discovery lists (§4.2). Returns what the collection checks need:
 * the API roots that answered, or nothing when the server cannot be checked further (no answer,
 * not TAXII 2.1), with lines saying why.
 */
import { MEDIA_TYPES, taxiiVersionOf } from '../../../shared/taxii/media-types';
import { snakeCaseTaxiiKeys } from '../../../shared/taxii/camel-case';
import {
  camelKeys,
  checkMediaType,
  describe,
  objectOf,
  type Answer,
  type ProbeContext,
} from './context';

/** An API root that answered. */
export interface RootInfo {
  url: string;
  title: string;
  maxContentLength?: number;
}

/** What the server-wide checks found. */
export interface ServerFacts {
  discoveryUrl: string;
  roots: RootInfo[];
  /** The root discovery names as default (absolute). */
  defaultRoot?: string;
}

/** Why an answer is not TAXII at all, as a finding name and words; undefined when it is JSON. */
function notTaxii(a: Answer): { finding: string; words: string } | undefined {
  if (a.error) {
    if (a.error.code === 'TIMEOUT')
      return { finding: 'silent-drop', words: `no answer in time (${a.error.message})` };
    if (a.error.code === 'REDIRECT_REFUSED') {
      return {
        finding: 'cross-origin-redirect',
        words: `a redirect to another origin (${String(a.error.wire.details?.location ?? '?')}), which a client must not follow with credentials`,
      };
    }
    return { finding: 'no-answer', words: `no answer: ${a.error.message}` };
  }
  if (a.json !== undefined) return undefined;
  const text = a.text ?? '';
  if ('x-taxii-content-type' in (a.res?.headers ?? {}) || /urn:taxii\.mitre\.org/i.test(text))
    return {
      finding: 'taxii1',
      words: `a TAXII 1.x answer (${a.contentType ?? 'no Content-Type'})`,
    };
  if (/<html|<!doctype html/i.test(text)) {
    const login = /type=["']?password|<form/i.test(text);
    return {
      finding: login ? 'html-login' : 'html-page',
      words: `${a.status} with an HTML ${login ? 'login page' : 'page'} (${a.contentType ?? 'no Content-Type'})`,
    };
  }
  return { finding: 'not-json', words: `${describe(a)} that is not JSON` };
}

/** Resolves an advertised API root as a 2.1 client must (§4.1.1); undefined when it is invalid. */
function resolveRoot(raw: string, base: string): string | undefined {
  if (raw.startsWith('//') || raw.startsWith('../') || raw.includes('?')) return undefined;
  try {
    const u = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? new URL(raw) : new URL(raw, base);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
  } catch {
    return undefined;
  }
}

/**
 * Discovery, negotiation and API roots. `discoveryUrl` is where discovery should be; `givenRoot`
 * is an API root the person named (checked even if discovery does not list it).
 */
export async function checkServer(
  ctx: ProbeContext,
  discoveryUrl: string,
  givenRoot: string | undefined,
): Promise<ServerFacts | undefined> {
  const url = new URL(discoveryUrl);
  ctx.judge(
    'transport.https',
    url.protocol === 'https:',
    url.protocol === 'https:' ? 'HTTPS' : 'checked over plain HTTP: HTTPS support not seen',
  );

  const d = await ctx.fetch(discoveryUrl);
  const bad = notTaxii(d);
  if (bad || d.status !== 200) {
    // Perhaps a TAXII 2.0 server (discovery at /taxii/).
    let finding = bad?.finding;
    let words = bad?.words ?? describe(d);
    if (!bad || bad.finding === 'not-json') {
      const d20 = await ctx.fetch(new URL('/taxii/', url).href, { accept: MEDIA_TYPES.taxii20 });
      if (d20.status === 200 && objectOf(d20)) {
        finding = 'taxii20-only';
        words = `${describe(d)}; the server answers TAXII 2.0 discovery at ${d20.url} instead`;
      }
    }
    ctx.line('discovery.get#taxii', 'fail', words, {
      ...(finding && finding !== 'no-answer' ? { finding } : {}),
      url: ctx.safe(discoveryUrl),
      about: ctx.safe(discoveryUrl),
    });
    ctx.skipped.push(
      finding === 'taxii20-only'
        ? 'Every TAXII 2.1 check: the server speaks only TAXII 2.0 (check it with a TAXII 2.0 client).'
        : 'Every further check: discovery gave no TAXII 2.1 answer.',
    );
    return undefined;
  }
  ctx.line('discovery.get', 'pass', describe(d), { url: d.url, about: ctx.safe(discoveryUrl) });
  checkMediaType(ctx, 'discovery.media-type', d);

  const raw = objectOf(d) ?? {};
  const camel = camelKeys(raw);
  ctx.judge(
    'discovery.keys',
    camel.length === 0,
    camel.length ? `camelCase keys: ${camel.join(', ')}` : `keys: ${Object.keys(raw).join(', ')}`,
    { finding: 'camel-case' },
  );
  const disc = snakeCaseTaxiiKeys(raw, 'discovery resource', []) as Record<string, unknown>;
  const rootsRaw = disc.api_roots;
  const shapeOk =
    typeof disc.title === 'string' &&
    (rootsRaw === undefined ||
      (Array.isArray(rootsRaw) &&
        rootsRaw.length > 0 &&
        rootsRaw.every((r) => typeof r === 'string')));
  ctx.judge(
    'discovery.shape',
    shapeOk,
    `title ${JSON.stringify(disc.title)}, api_roots ${JSON.stringify(rootsRaw)}`.slice(0, 300),
  );
  const advertised = Array.isArray(rootsRaw)
    ? rootsRaw.filter((r): r is string => typeof r === 'string')
    : [];
  const invalid = advertised.filter(
    (r) =>
      !(/^https?:\/\//i.test(r) || (r.startsWith('/') && !r.startsWith('//'))) || r.includes('?'),
  );
  const noSlash = invalid.filter(
    (r) => !/^[a-z][a-z0-9+.-]*:/i.test(r) && !r.startsWith('/') && !r.startsWith('.'),
  );
  ctx.judge(
    'discovery.api-roots',
    invalid.length === 0,
    invalid.length
      ? `invalid: ${invalid.map((r) => JSON.stringify(r)).join(', ')}`
      : advertised.join(', ') || '(none listed)',
    noSlash.length ? { finding: 'relative-roots-no-slash' } : {},
  );
  const insecure = advertised.filter((r) => /^http:\/\//i.test(r));
  if (url.protocol === 'https:') {
    ctx.judge(
      'discovery.api-roots-https',
      insecure.length === 0,
      insecure.length ? `plain HTTP: ${insecure.join(', ')}` : 'all https (or relative)',
    );
  }
  const roots = advertised
    .map((r) => resolveRoot(r.startsWith('/') || /^[a-z]+:/i.test(r) ? r : `/${r}`, d.url))
    .filter((r): r is string => r !== undefined);
  const slashless = advertised.filter((r) => !r.endsWith('/'));
  ctx.judge(
    'urls.trailing-slash',
    slashless.length === 0,
    slashless.length ? `without "/": ${slashless.join(', ')}` : 'all end in "/"',
  );
  const defRaw = typeof disc.default === 'string' ? disc.default : undefined;
  if (defRaw !== undefined) {
    ctx.judge(
      'discovery.default',
      advertised.includes(defRaw),
      `default ${JSON.stringify(defRaw)}`,
    );
  }
  const origin = url.origin;
  const foreign = roots.filter((r) => new URL(r).origin !== origin);
  ctx.line(
    'discovery.root-origins',
    foreign.length ? 'warn' : 'pass',
    foreign.length
      ? `on other origins: ${foreign.map((r) => ctx.safe(r)).join(', ')}`
      : 'all on this origin',
    foreign.length ? { finding: 'cross-origin-root' } : {},
  );
  const nested = roots.filter(
    (r) =>
      new URL(r).origin === origin &&
      new URL(r).pathname.startsWith(url.pathname) &&
      url.pathname !== '/',
  );
  ctx.line(
    'discovery.root-paths',
    nested.length ? 'warn' : 'pass',
    nested.length
      ? `nested under ${url.pathname}: ${nested.map((r) => new URL(r).pathname).join(', ')}`
      : 'none nested',
    nested.length ? { finding: 'nested-roots' } : {},
  );

  await checkNegotiation(ctx, discoveryUrl);

  // Every API root: reachable, labelled, shaped.
  const all = [...new Set([...(givenRoot ? [givenRoot] : []), ...roots])];
  const facts: ServerFacts = {
    discoveryUrl: d.url,
    roots: [],
    ...(defRaw !== undefined && roots[advertised.indexOf(defRaw)] !== undefined
      ? { defaultRoot: roots[advertised.indexOf(defRaw)] }
      : {}),
  };
  for (const root of all) {
    const info = await checkApiRoot(ctx, root);
    if (info) facts.roots.push(info);
  }
  return facts;
}

async function checkNegotiation(ctx: ProbeContext, discoveryUrl: string): Promise<void> {
  const foreign = await ctx.fetch(discoveryUrl, { accept: 'application/xml' });
  ctx.judge('negotiation.406', foreign.status === 406, describe(foreign), { url: foreign.url });
  if (foreign.status !== undefined && foreign.status >= 400)
    checkMediaType(ctx, 'negotiation.error-media-type', foreign);
  const bare = await ctx.fetch(discoveryUrl, { accept: 'application/taxii+json' });
  ctx.judge(
    'negotiation.bare-type',
    bare.status === 200,
    bare.status === 406
      ? `${describe(bare)}: the server wants the version named (Taxiway always names it, so this only hurts other clients)`
      : describe(bare),
    bare.status === 406 ? { finding: 'versioned-accept-only', url: bare.url } : { url: bare.url },
  );
  const slashless = discoveryUrl.replace(/\/$/, '');
  const noSlash = await ctx.fetch(slashless);
  const okNoSlash =
    noSlash.status !== undefined &&
    noSlash.status < 500 &&
    (noSlash.status < 400 || taxiiVersionOf(noSlash.contentType) !== undefined);
  ctx.judge('urls.missing-slash', okNoSlash, describe(noSlash), { url: ctx.safe(slashless) });
}

async function checkApiRoot(ctx: ProbeContext, root: string): Promise<RootInfo | undefined> {
  const a = await ctx.fetch(root);
  if (a.status === 401) {
    const challenge = a.res?.headers['www-authenticate'];
    ctx.judge(
      'api-root.auth-challenge',
      challenge !== undefined && challenge !== '',
      `401, WWW-Authenticate: ${challenge ?? '(missing)'}`,
      { url: a.url, about: ctx.safe(root) },
    );
    checkMediaType(ctx, 'api-root.error-media-type', a);
    const http = ctx.client.http;
    const origins = http.credentialOrigins;
    const elsewhere =
      http.hasCredentials && origins.length > 0 && !origins.includes(new URL(root).origin);
    ctx.skipped.push(
      elsewhere
        ? `The API root ${ctx.safe(root)} beyond its 401: it is on ${new URL(root).origin}, and the credentials given go only to ${origins.join(', ')} (the address checked), never to another origin. Check this API root by its own URL with the same credentials.`
        : `The API root ${ctx.safe(root)} beyond its 401: it needs credentials (give them as for any command, or use --profile).`,
    );
    return undefined;
  }
  if (a.status === 404 || a.status === 403) {
    ctx.line(
      'api-root.get#hidden',
      'warn',
      `${describe(a)}: a listed API root that hides itself (404/403 may stand for "log in")`,
      { finding: 'hide-forbidden', url: a.url, about: ctx.safe(root) },
    );
    return undefined;
  }
  const bad = notTaxii(a);
  const body = objectOf(a);
  if (bad || a.status !== 200 || !body) {
    ctx.line('api-root.get#resource', 'fail', bad?.words ?? describe(a), {
      ...(bad && bad.finding !== 'no-answer' ? { finding: bad.finding } : {}),
      url: a.url,
      about: ctx.safe(root),
    });
    return undefined;
  }
  ctx.line('api-root.get', 'pass', describe(a), {
    url: a.url,
    about: ctx.safe(root),
  });
  checkMediaType(ctx, 'api-root.media-type', a);
  const camel = camelKeys(body);
  ctx.judge(
    'api-root.keys',
    camel.length === 0,
    camel.length ? `camelCase keys: ${camel.join(', ')}` : `keys: ${Object.keys(body).join(', ')}`,
    { finding: 'camel-case', url: a.url },
  );
  const r = snakeCaseTaxiiKeys(body, 'API root resource', []) as Record<string, unknown>;
  const versions = Array.isArray(r.versions) ? (r.versions as unknown[]) : undefined;
  const claims = versions?.some(
    (v) => typeof v === 'string' && v.replace(/\s+/g, '') === MEDIA_TYPES.taxii21,
  );
  const bareVersion = versions?.some((v) => typeof v === 'string' && /^\s*2\.[01]\s*$/.test(v));
  ctx.judge('api-root.versions', claims === true, `versions ${JSON.stringify(r.versions)}`, {
    ...(bareVersion ? { finding: 'versions-bare' } : {}),
    url: a.url,
  });
  const max = r.max_content_length;
  ctx.judge(
    'api-root.max-content-length',
    typeof max === 'number' && Number.isSafeInteger(max) && max > 0,
    `max_content_length ${JSON.stringify(max)}`,
    { url: a.url },
  );
  ctx.judge('api-root.title', typeof r.title === 'string', `title ${JSON.stringify(r.title)}`, {
    url: a.url,
  });
  return {
    url: root,
    title: typeof r.title === 'string' ? r.title : '',
    ...(typeof max === 'number' ? { maxContentLength: max } : {}),
  };
}
