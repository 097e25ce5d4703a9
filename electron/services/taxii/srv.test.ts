/** DNS SRV discovery against a real DNS server on loopback UDP (dns-packet + node:dgram). */
import dgram from 'node:dgram';
import dns from 'node:dns';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderSrvRecords, resolveTaxiiSrv } from './srv';
import { expectAppError } from '../../../e2e/support/taxii';

type Srv = { priority: number; weight: number; port: number; target: string };

const ZONE: Record<string, Srv[]> = {
  '_taxii2._tcp.example.test': [
    { priority: 20, weight: 0, port: 443, target: 'backup.example.test' },
    { priority: 10, weight: 60, port: 8443, target: 'hub-a.example.test' },
    { priority: 10, weight: 40, port: 443, target: 'hub-b.example.test.' },
  ],
  '_taxii._tcp.example.test': [
    { priority: 0, weight: 0, port: 443, target: 'legacy.example.test' },
  ],
  '_taxii2._tcp.none.test': [{ priority: 0, weight: 0, port: 0, target: '.' }],
};

describe('DNS SRV discovery', () => {
  let socket: dgram.Socket;
  let resolver: dns.promises.Resolver;
  const queries: string[] = [];

  beforeAll(async () => {
    socket = dgram.createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      const query = packet.decode(msg);
      const question = query.questions?.[0];
      if (!question) return;
      queries.push(`${question.type} ${question.name}`);
      const records = question.type === 'SRV' ? ZONE[question.name.toLowerCase()] : undefined;
      const answer = packet.encode({
        id: query.id,
        type: 'response',
        flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (records ? 0 : 3), // rcode 3 = NXDOMAIN
        questions: query.questions,
        answers: (records ?? []).map((r) => ({
          type: 'SRV' as const,
          class: 'IN' as const,
          name: question.name,
          ttl: 60,
          data: { ...r, target: r.target.replace(/\.$/, '') || '.' },
        })),
      });
      socket.send(answer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    resolver = new dns.promises.Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([`127.0.0.1:${(socket.address() as AddressInfo).port}`]);
  });
  afterAll(() => socket.close());

  it('orders by priority, then by weight, and builds discovery URLs for both versions', async () => {
    // random → 0.5: within priority 10 (weights 60 and 40) the pick is 50, which falls in hub-a's share.
    const found = await resolveTaxiiSrv('Example.Test.', { resolver, random: () => 0.5 });
    expect(found.map((f) => f.url)).toEqual([
      'https://hub-a.example.test:8443/taxii2/',
      'https://hub-b.example.test/taxii2/',
      'https://backup.example.test/taxii2/',
      'https://legacy.example.test/taxii/',
    ]);
    expect(found.map((f) => f.version)).toEqual(['2.1', '2.1', '2.1', '2.0']);
    expect(queries).toContain('SRV _taxii2._tcp.example.test');
    expect(queries).toContain('SRV _taxii._tcp.example.test');
  });

  it('picks the lighter record first when the random number falls in its share', async () => {
    const found = await resolveTaxiiSrv('example.test', {
      resolver,
      version: '2.1',
      random: () => 0.99,
    });
    expect(found.map((f) => f.target)).toEqual([
      'hub-b.example.test',
      'hub-a.example.test',
      'backup.example.test',
    ]);
  });

  it('looks up only the version asked for', async () => {
    const found = await resolveTaxiiSrv('example.test', { resolver, version: '2.0' });
    expect(found).toEqual([
      {
        url: 'https://legacy.example.test/taxii/',
        query: '_taxii._tcp.example.test',
        version: '2.0',
        target: 'legacy.example.test',
        port: 443,
        priority: 0,
        weight: 0,
      },
    ]);
  });

  it('says so when a domain advertises no TAXII server', async () => {
    const err = await expectAppError(resolveTaxiiSrv('nothing-here.test', { resolver }), 'DNS');
    expect(err.message).toBe(
      'nothing-here.test advertises no TAXII server: there are no SRV records at _taxii2._tcp.nothing-here.test or _taxii._tcp.nothing-here.test.',
    );
    const dot = await expectAppError(
      resolveTaxiiSrv('none.test', { resolver, version: '2.1' }),
      'DNS',
    );
    expect(dot.message).toBe(
      'none.test says it offers no TAXII service: its SRV record _taxii2._tcp.none.test points at "." (RFC 2782: decidedly not available).',
    );
  });

  it('reports a DNS server that does not answer', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const r = new dns.promises.Resolver({ timeout: 200, tries: 1 });
    r.setServers([`127.0.0.1:${(silent.address() as AddressInfo).port}`]);
    const err = await expectAppError(resolveTaxiiSrv('example.test', { resolver: r }), 'DNS');
    expect(err.message).toMatch(/DNS lookup of _taxii2\._tcp\.example\.test failed \(ETIMEOUT\)/);
    silent.close();
  });

  it('refuses something that is not a domain', async () => {
    await expectAppError(
      resolveTaxiiSrv('https://example.test/taxii2/', { resolver }),
      'INVALID_INPUT',
    );
  });
});

describe('RFC 2782 ordering', () => {
  it('selects in proportion to weight', () => {
    const records = [
      { name: 'a', priority: 1, weight: 90 },
      { name: 'b', priority: 1, weight: 10 },
    ];
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let aFirst = 0;
    for (let i = 0; i < 2000; i++) if (orderSrvRecords(records, random)[0]?.name === 'a') aFirst++;
    expect(aFirst / 2000).toBeGreaterThan(0.85);
    expect(aFirst / 2000).toBeLessThan(0.95);
  });

  it('puts weight-0 records last unless the pick is 0', () => {
    const records = [
      { name: 'zero', priority: 1, weight: 0 },
      { name: 'one', priority: 1, weight: 1 },
    ];
    expect(orderSrvRecords(records, () => 0.9).map((r) => r.name)).toEqual(['one', 'zero']);
    expect(orderSrvRecords(records, () => 0).map((r) => r.name)).toEqual(['zero', 'one']);
  });
});
