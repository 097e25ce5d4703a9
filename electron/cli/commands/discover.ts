/** `taxiway discover URL|DOMAIN`: the discovery resource, API roots as absolute URLs. */
import { AppError, isAppError } from '../../../shared/errors';
import { DomainName } from '../../../shared/profile';
import { resolveTaxiiSrv } from '../../services/taxii';
import { defineCommand, UsageError } from '../command';
import { srvResolver, urlArgument, withConnection } from '../connection';
import { BASE_OPTIONS, CONNECTION_OPTIONS, VERSION_OPTION } from '../options';
import { NoteReporter } from '../page-output';

// Failures after which the next SRV target is worth trying (RFC 2782 failover).
const TRY_NEXT = ['NETWORK', 'DNS', 'TIMEOUT', 'TLS', 'TLS_UNTRUSTED'];

/** The discover command. */
export const discoverCommand = defineCommand({
  name: 'discover',
  summary: 'the server discovery resource (from a URL, or a domain through DNS SRV)',
  args: '[URL|DOMAIN]',
  minArgs: 0,
  maxArgs: 1,
  description: `
Asks a server what it offers: title, contact, API roots and the default one. URL may be the
server's address (https://host: /taxii2/ is tried, then the TAXII 2.0 /taxii/), or a discovery URL.
A bare DOMAIN is looked up through DNS SRV (_taxii2._tcp.DOMAIN, then _taxii._tcp.DOMAIN) and the
targets are tried in RFC 2782 order. With --profile and no argument, the profile's server is used.

Prints the discovery resource with api_roots and default resolved to absolute URLs, ready to pass
to \`taxiway collections\`.`,
  options: { ...BASE_OPTIONS, ...VERSION_OPTION, ...CONNECTION_OPTIONS },
  examples: [
    'taxiway discover http://127.0.0.1:8021/',
    'taxiway discover http://127.0.0.1:8021/taxii/ --taxii 2.0',
  ],
  async run({ values, positionals }, ctx) {
    const arg = positionals[0];
    const notes = new NoteReporter(ctx.io);
    const discoverAt = (url: string | undefined) =>
      withConnection(
        ctx,
        values,
        url,
        async (c) => {
          const found = await c.client.discover(c.url, { signal: ctx.signal });
          notes.report(found.notes);
          if (values.verbose) ctx.io.err(`taxiway: TAXII ${found.version} at ${found.url}`);
          const { api_roots: _r, default: _d, ...rest } = found.value.discovery;
          await ctx.io.out.json({
            ...rest,
            ...(found.value.default ? { default: found.value.default } : {}),
            ...(found.value.apiRoots.length > 0 ? { api_roots: found.value.apiRoots } : {}),
          });
          return 0;
        },
        'discovery',
      );

    if (arg === undefined) {
      if (values.profile === undefined) {
        throw new UsageError('give a URL or a DOMAIN, or --profile NAME');
      }
      return discoverAt(undefined);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || !DomainName.safeParse(arg).success) {
      return discoverAt(urlArgument(arg, 'URL'));
    }
    const resolver = srvResolver(ctx.io.env);
    const taxii = values.taxii === '2.0' || values.taxii === '2.1' ? values.taxii : 'auto';
    const targets = await resolveTaxiiSrv(arg, {
      version: taxii,
      ...(resolver ? { resolver } : {}),
    });
    let firstError: AppError | undefined;
    for (const target of targets) {
      ctx.io.err(
        `taxiway: DNS SRV for ${arg}: ${target.target}:${target.port} (priority ${target.priority}, weight ${target.weight}) → ${target.url}`,
      );
      try {
        return await discoverAt(target.url);
      } catch (error) {
        if (!isAppError(error) || !TRY_NEXT.includes(error.code) || ctx.signal.aborted) throw error;
        firstError ??= error;
        ctx.io.err(`taxiway: ${target.url} failed (${error.message}); trying the next target`);
      }
    }
    throw firstError ?? new AppError({ code: 'DNS', message: `No SRV target of ${arg} answered.` });
  },
});
