/**
 * DNS SRV for connection profiles: the start of a profile whose server is a bare domain. The
 * lookup itself (RFC 2782 order, domain checks, every target for failover) is the client core's
 * `resolveTaxiiSrv` (../taxii/srv.ts); this adds what a profile keeps of it.
 */
import type { TaxiiVersionSetting } from '../../../shared/profile';
import { makeResolver, resolveTaxiiSrv, type SrvResolver } from '../taxii/srv';

export { makeResolver, type SrvResolver };

/** Where SRV says the TAXII server is: the best target, and the others to fail over to. */
export interface SrvTarget {
  /** The owner name that was queried, e.g. `_taxii2._tcp.example.com`. */
  query: string;
  host: string;
  port: number;
  taxiiVersion: '2.1' | '2.0';
  /** The discovery URL this points at: `https://host:port/taxii2/` (or `/taxii/`). */
  discoveryUrl: string;
  /** Discovery URLs of the other targets, best first (RFC 2782 order), for failover. */
  alternatives: string[];
}

/**
 * Looks up the TAXII SRV records of `domain` (with `auto`, 2.1's name first, then 2.0's) and
 * returns the best target. Fails with DNS when none exists or the domain says the service is
 * not offered, and with INVALID_INPUT for something that is not a domain.
 */
export async function resolveSrvTarget(
  domain: string,
  version: TaxiiVersionSetting,
  resolver: SrvResolver = makeResolver(),
): Promise<SrvTarget> {
  const [best, ...rest] = await resolveTaxiiSrv(domain, { version, resolver });
  // resolveTaxiiSrv never returns an empty list: it throws DNS instead.
  return {
    query: best!.query,
    host: best!.target,
    port: best!.port,
    taxiiVersion: best!.version,
    discoveryUrl: best!.url,
    alternatives: rest.map((r) => r.url),
  };
}
