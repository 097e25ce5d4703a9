/**
 * Finding a TAXII server from a domain name with DNS SRV (TAXII 2.1 §3.9, §8.4.2):
 * `_taxii2._tcp.<domain>` for 2.1 and `_taxii._tcp.<domain>` for 2.0, ordered by RFC 2782
 * (priority ascending, then weighted random selection within each priority). Every target is
 * returned, best first, so a caller can fail over to the next. The one implementation: the
 * connection profiles (../connections/srv.ts) and the CLI's `discover DOMAIN` both use it.
 */
import dns from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { AppError } from '../../../shared/errors';
import type { TaxiiVersion } from '../../../shared/taxii/media-types';

/** What resolveTaxiiSrv needs of a resolver (`dns.promises.Resolver` fits). */
export interface SrvResolver {
  resolveSrv(name: string): Promise<dns.SrvRecord[]>;
}

/** A resolver asking the given DNS servers (`127.0.0.1:5353`), or the system's when none. */
export function makeResolver(servers?: string[], timeoutMs = 5000): SrvResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers(servers);
  return resolver;
}

/** One discovery URL found through SRV. */
export interface SrvDiscovery {
  /** `https://<target>[:port]/taxii2/` (or `/taxii/` for 2.0). */
  url: string;
  /** The owner name that was queried, e.g. `_taxii2._tcp.example.com`. */
  query: string;
  version: TaxiiVersion;
  target: string;
  port: number;
  priority: number;
  weight: number;
}

/** Options of resolveTaxiiSrv. */
export interface SrvOptions {
  /** Which version's records to look up (default 'auto': both, 2.1 first). */
  version?: TaxiiVersion | 'auto';
  /** Resolver to use (default: the system's, via dns.promises). */
  resolver?: SrvResolver;
  /** Random source in [0, 1) for weighted selection (tests pass a fixed one). */
  random?: () => number;
}

const SERVICE: Record<TaxiiVersion, { name: string; path: string }> = {
  '2.1': { name: '_taxii2._tcp', path: '/taxii2/' },
  '2.0': { name: '_taxii._tcp', path: '/taxii/' },
};

/**
 * Orders SRV records per RFC 2782: ascending priority; within one priority, repeatedly pick a
 * record with probability proportional to its weight (weight-0 records first in the running sum,
 * so they are chosen only when the random number is 0, or when only they remain).
 */
export function orderSrvRecords<T extends { priority: number; weight: number }>(
  records: readonly T[],
  random: () => number = Math.random,
): T[] {
  const byPriority = new Map<number, T[]>();
  for (const r of records) {
    const list = byPriority.get(r.priority) ?? [];
    list.push(r);
    byPriority.set(r.priority, list);
  }
  const out: T[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const remaining = [...(byPriority.get(priority) as T[])].sort(
      (a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1),
    );
    while (remaining.length > 0) {
      const total = remaining.reduce((n, r) => n + r.weight, 0);
      // A uniform integer in [0, total], inclusive, as the RFC says.
      const pick = Math.floor(random() * (total + 1));
      let running = 0;
      let index = remaining.length - 1;
      for (let i = 0; i < remaining.length; i++) {
        running += (remaining[i] as T).weight;
        if (running >= pick) {
          index = i;
          break;
        }
      }
      out.push(...remaining.splice(index, 1));
    }
  }
  return out;
}

function isNoData(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === dns.NOTFOUND || code === dns.NODATA || code === 'ENOTFOUND' || code === 'ENODATA';
}

/**
 * The discovery URLs a domain advertises through SRV, best first. Throws DNS when the domain
 * advertises none (or the lookup itself fails) and INVALID_INPUT for a malformed domain.
 */
export async function resolveTaxiiSrv(
  domain: string,
  options: SrvOptions = {},
): Promise<SrvDiscovery[]> {
  const name = domain.trim().replace(/\.$/, '').toLowerCase();
  if (
    !/^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(
      name,
    )
  ) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `${JSON.stringify(domain)} is not a domain name.`,
      hint: 'Give a domain such as example.com (without https:// or a path) to look up its TAXII server.',
    });
  }
  const resolver: SrvResolver = options.resolver ?? dns.promises;
  const versions: TaxiiVersion[] =
    options.version === '2.0' ? ['2.0'] : options.version === '2.1' ? ['2.1'] : ['2.1', '2.0'];
  const out: SrvDiscovery[] = [];
  const looked: string[] = [];
  /** Owner names whose only record is ".": the service is decidedly not offered there. */
  const refused: string[] = [];
  for (const version of versions) {
    const owner = `${SERVICE[version].name}.${name}`;
    looked.push(owner);
    let records: dns.SrvRecord[];
    try {
      records = await resolver.resolveSrv(owner);
    } catch (err) {
      if (isNoData(err)) continue;
      const code = (err as { code?: string }).code ?? 'unknown error';
      throw new AppError(
        {
          code: 'DNS',
          message: `The DNS lookup of ${owner} failed (${code}).`,
          hint: 'Check this computer’s network and DNS settings, or give the server’s discovery URL instead.',
          where: owner,
          retryable: code === dns.TIMEOUT || code === dns.CONNREFUSED || code === dns.SERVFAIL,
        },
        { cause: err },
      );
    }
    // A single record with target "." says the service is decidedly not offered (RFC 2782).
    const usable = records.filter((r) => r.name !== '' && r.name !== '.');
    if (records.length > 0 && usable.length === 0) refused.push(owner);
    for (const r of orderSrvRecords(usable, options.random)) {
      const target = r.name.replace(/\.$/, '');
      const host = target.includes(':') ? `[${target}]` : target;
      out.push({
        url: `https://${host}${r.port === 443 ? '' : `:${r.port}`}${SERVICE[version].path}`,
        query: owner,
        version,
        target,
        port: r.port,
        priority: r.priority,
        weight: r.weight,
      });
    }
  }
  if (out.length === 0 && refused.length > 0) {
    throw new AppError({
      code: 'DNS',
      message: `${name} says it offers no TAXII service: its SRV record ${refused.join(' and ')} points at "." (RFC 2782: decidedly not available).`,
      hint: 'Ask the server operator for the discovery URL and use it instead of the domain.',
      where: refused.join(', '),
    });
  }
  if (out.length === 0) {
    throw new AppError({
      code: 'DNS',
      message: `${name} advertises no TAXII server: there are no SRV records at ${looked.join(' or ')}.`,
      hint: 'Give the server’s discovery URL (e.g. https://taxii.example.com/taxii2/) instead of the domain.',
      where: looked.join(', '),
    });
  }
  return out;
}
