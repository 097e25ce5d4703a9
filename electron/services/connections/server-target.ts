/**
 * What a person typed ("taxii.example.com", "https://host/taxii2/", "https://host/api1/") as a
 * profile's server target, for the command line and quick tests.
 */
import { AppError } from '../../../shared/errors';
import { DomainName, type ServerTarget } from '../../../shared/profile';
import { redactUrl } from '../log';

/**
 * Guesses the kind of server target: a bare domain means DNS SRV; a URL whose path is `/`,
 * `/taxii2/` or `/taxii/` is a discovery URL (the client tries `/taxii2/` then `/taxii/` on a bare
 * origin); any other path is an API root. `host:port` without a scheme means https.
 */
export function guessServerTarget(text: string): ServerTarget {
  const input = text.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
  if (!hasScheme) {
    const domain = DomainName.safeParse(input);
    if (domain.success) return { kind: 'srv', domain: domain.data.replace(/\.$/, '') };
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? input : `https://${input}`);
  } catch {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `"${redactUrl(input)}" is neither a URL nor a domain name.`,
      hint: 'Give a discovery URL (https://taxii.example.com/taxii2/), an API root URL, or a bare domain for a DNS SRV lookup.',
      where: 'url',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `${url.protocol} URLs cannot reach a TAXII server.`,
      hint: 'Use an https:// URL.',
      where: 'url',
    });
  }
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  url.pathname = path;
  const href = url.toString();
  if (path === '/' || /\/taxii2?\/$/i.test(path)) return { kind: 'discovery', url: href };
  return { kind: 'api-root', url: href };
}
