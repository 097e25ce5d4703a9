/**
 * DNS SRV discovery of a TAXII server (TAXII 2.1 §3.9): `_taxii2._tcp.<domain>` for 2.1,
 * `_taxii._tcp.<domain>` for 2.0, with RFC 2782 priority and weight selection.
 */
import { Resolver } from 'node:dns/promises';
import { AppError } from '../../../shared/errors';

/** One SRV record. */
export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** What SRV resolution needs: Node's `dns.promises.Resolver` or anything shaped like it. */
export interface SrvResolver {
  resolveSrv(hostname: string): Promise<SrvRecord[]>;
}

/** Where SRV says the TAXII server is. */
export interface SrvTarget {
  /** The owner name that was queried, e.g. `_taxii2._tcp.example.com`. */
  query: string;
  host: string;
  port: number;
  taxiiVersion: '2.1' | '2.0';
  /** The discovery URL this points at: `https://host:port/taxii2/` (or `/taxii/`). */
  discoveryUrl: string;
}

/** A resolver asking the given DNS servers (`127.0.0.1:5353`), or the system's when none. */
export function makeResolver(servers?: string[], timeoutMs = 5000): SrvResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers(servers);
  return resolver;
}

/** RFC 2782: lowest priority first; within a priority, pick by weight (random, weight 0 last). */
export function orderSrv(records: SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) byPriority.set(r.priority, [...(byPriority.get(r.priority) ?? []), r]);
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const pool = [...byPriority.get(priority)!].sort((a, b) => a.weight - b.weight);
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      let pick = 0;
      if (total > 0) {
        let point = random() * total;
        pick = pool.findIndex((r) => (point -= r.weight) < 0);
        if (pick < 0) pick = pool.length - 1;
      }
      out.push(pool.splice(pick, 1)[0]!);
    }
  }
  return out;
}

function hostForUrl(host: string): string {
  const bare = host.replace(/\.$/, '');
  return bare.includes(':') ? `[${bare}]` : bare;
}

/**
 * Looks up the TAXII SRV record of `domain`. With version `auto`, 2.1's name first, then 2.0's.
 * Fails with DNS when no record exists, or when the domain says the service is not offered
 * (a single record whose target is `.`).
 */
export async function resolveTaxiiSrv(
  domain: string,
  version: 'auto' | '2.1' | '2.0',
  resolver: SrvResolver = makeResolver(),
): Promise<SrvTarget> {
  const tries: ('2.1' | '2.0')[] = version === 'auto' ? ['2.1', '2.0'] : [version];
  const failures: string[] = [];
  for (const v of tries) {
    const query = `${v === '2.1' ? '_taxii2' : '_taxii'}._tcp.${domain.replace(/\.$/, '')}`;
    let records: SrvRecord[];
    try {
      records = await resolver.resolveSrv(query);
    } catch (error) {
      failures.push(`${query}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    const usable = records.filter((r) => r.name !== '' && r.name !== '.');
    if (usable.length === 0) {
      throw new AppError({
        code: 'DNS',
        message: `${domain} says it offers no TAXII ${v} service (its SRV record ${query} points at ".").`,
        hint: 'Ask the server operator for the discovery URL and use it instead of the domain.',
        where: query,
      });
    }
    const best = orderSrv(usable)[0]!;
    const port = best.port === 443 ? '' : `:${best.port}`;
    return {
      query,
      host: best.name.replace(/\.$/, ''),
      port: best.port,
      taxiiVersion: v,
      discoveryUrl: `https://${hostForUrl(best.name)}${port}/${v === '2.1' ? 'taxii2' : 'taxii'}/`,
    };
  }
  throw new AppError({
    code: 'DNS',
    message: `No TAXII SRV record found for ${domain} (${failures.join('; ')}).`,
    hint: `Check the domain name, or use the server's discovery URL (such as https://${domain}/taxii2/) instead.`,
    where: domain,
  });
}
