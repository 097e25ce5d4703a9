/**
 * "Copy as curl": the request a view makes, as a shell command a person can paste. Secrets are
 * never in it; each appears as an environment-variable placeholder the person fills in.
 */

/** What the curl command needs to know about a request and its connection (no secret values). */
export interface CurlRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  accept: string;
  contentType?: string;
  auth: {
    kind: 'none' | 'basic' | 'bearer' | 'header' | 'certificate';
    username?: string;
    headerName?: string;
  };
  /** Extra headers; `secret` ones get a placeholder. */
  headers?: ReadonlyArray<{ name: string; value?: string; secret: boolean }>;
  proxy?: { url: string; username?: string; hasPassword: boolean };
  /** Query parameters whose values are secrets (kept in the keychain): placeholders in the URL. */
  querySecrets?: readonly string[];
  tls?: { hasCa: boolean; hasClientCert: boolean; pinned: boolean };
  /**
   * The one origin the connection sends credentials to. A URL on any other origin gets no
   * credential placeholders: the app never sends credentials there (a discovery document may
   * list API roots on other servers, TAXII 2.1 §4.1.1).
   */
  credentialOrigin?: string;
}

/** A command and the placeholders the person must set before running it. */
export interface CurlCommand {
  command: string;
  placeholders: string[];
  /** Why the command differs from what a person might expect (e.g. credentials left out). */
  note?: string;
}

/** Quotes a value for POSIX shells (single quotes; a quote inside becomes '\''). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The placeholder name of a secret header's value: TAXIWAY_HEADER_X_API_KEY. */
export function headerPlaceholder(name: string): string {
  return `TAXIWAY_HEADER_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Builds the command. Secret values are never an input, so they cannot be an output. */
export function buildCurl(input: CurlRequest): CurlCommand {
  const foreign = foreignOrigin(input);
  const req: CurlRequest = foreign
    ? {
        ...input,
        auth: { kind: input.auth.kind === 'certificate' ? 'certificate' : 'none' },
        headers: (input.headers ?? []).filter((h) => !h.secret),
        querySecrets: [],
      }
    : input;
  const built = buildCommand(req);
  const withheld =
    input.auth.kind !== req.auth.kind ||
    (input.headers?.length ?? 0) !== (req.headers?.length ?? 0) ||
    (input.querySecrets?.length ?? 0) > 0;
  return foreign && withheld
    ? {
        ...built,
        note: `No credentials in this command: ${foreign} is not the connection's server (${input.credentialOrigin}), and Taxiway sends credentials only to that server.`,
      }
    : built;
}

/** The URL's origin when it differs from the connection's credential origin. */
function foreignOrigin(req: CurlRequest): string | undefined {
  if (req.credentialOrigin === undefined) return undefined;
  let origin: string;
  try {
    origin = new URL(req.url).origin;
  } catch {
    return undefined;
  }
  return origin === new URL(req.credentialOrigin).origin ? undefined : origin;
}

function buildCommand(req: CurlRequest): CurlCommand {
  const parts: string[] = ['curl', '--silent', '--show-error'];
  const placeholders: string[] = [];
  const need = (name: string): string => {
    if (!placeholders.includes(name)) placeholders.push(name);
    return `$${name}`;
  };
  if (req.method !== 'GET') parts.push('-X', req.method);
  parts.push('-H', shellQuote(`Accept: ${req.accept}`));
  if (req.contentType) parts.push('-H', shellQuote(`Content-Type: ${req.contentType}`));
  switch (req.auth.kind) {
    case 'basic':
      parts.push('-u', `${shellQuote(`${req.auth.username ?? ''}:`)}"${need('TAXIWAY_PASSWORD')}"`);
      break;
    case 'bearer':
      parts.push('-H', `"Authorization: Bearer ${need('TAXIWAY_TOKEN')}"`);
      break;
    case 'header':
      parts.push(
        '-H',
        `${shellQuote(`${req.auth.headerName ?? 'Authorization'}: `)}"${need('TAXIWAY_HEADER_VALUE')}"`,
      );
      break;
    default:
      break;
  }
  for (const h of req.headers ?? []) {
    if (h.secret)
      parts.push('-H', `${shellQuote(`${h.name}: `)}"${need(headerPlaceholder(h.name))}"`);
    else parts.push('-H', shellQuote(`${h.name}: ${h.value ?? ''}`));
  }
  if (req.tls?.hasCa) parts.push('--cacert', `"${need('TAXIWAY_CA_FILE')}"`);
  if (req.auth.kind === 'certificate' || req.tls?.hasClientCert) {
    parts.push(
      '--cert',
      `"${need('TAXIWAY_CLIENT_CERT_FILE')}"`,
      '--key',
      `"${need('TAXIWAY_CLIENT_KEY_FILE')}"`,
    );
  }
  if (req.tls?.pinned) parts.push('--pinnedpubkey', `"${need('TAXIWAY_PINNED_PUBKEY')}"`);
  if (req.proxy) {
    parts.push('--proxy', shellQuote(req.proxy.url));
    if (req.proxy.username) {
      parts.push(
        '--proxy-user',
        req.proxy.hasPassword
          ? `${shellQuote(`${req.proxy.username}:`)}"${need('TAXIWAY_PROXY_PASSWORD')}"`
          : shellQuote(req.proxy.username),
      );
    }
  }
  if (req.method === 'POST') parts.push('--data-binary', '@envelope.json');
  parts.push(urlArgument(req.url, req.querySecrets ?? [], need));
  return { command: parts.join(' '), placeholders };
}

/** The placeholder name of a secret query parameter's value: TAXIWAY_QUERY_API_KEY. */
export function queryPlaceholder(name: string): string {
  return `TAXIWAY_QUERY_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** The URL as one shell word, secret query values replaced by "$PLACEHOLDER" (whatever was there). */
function urlArgument(
  raw: string,
  secrets: readonly string[],
  need: (name: string) => string,
): string {
  if (secrets.length === 0) return shellQuote(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return shellQuote(raw);
  }
  const marks = secrets.map((_, i) => `TAXIWAYSECRET${i}MARK`);
  secrets.forEach((name, i) => url.searchParams.set(name, marks[i]!));
  let out = '';
  let rest = url.href;
  for (const [i, mark] of marks.entries()) {
    const at = rest.indexOf(mark);
    if (at < 0) continue;
    out += `${shellQuote(rest.slice(0, at))}"${need(queryPlaceholder(secrets[i]!))}"`;
    rest = rest.slice(at + mark.length);
  }
  return out + (rest === '' ? '' : shellQuote(rest));
}
